import { MODE_LABELS, type Game, type MultiplayerMode } from '../catalog/game.ts';
import type { CatalogIndex } from './catalog-index.ts';
import { knownPlayerLimit } from './group-filters.ts';
import type { Because } from './rank-group.ts';

export type ReasonKind = 'because' | 'ownership' | 'modes' | 'player_limit';

/** One line of "why", with the structured facts behind it so a page can render it its own way. */
export interface Reason {
  kind: ReasonKind;
  text: string;
  /** Request-order index of the member the reason is about, if any. */
  member?: number;
  /** Games the reason cites (e.g. the library games behind "because you played …"). */
  appids?: number[];
}

export interface MemberFit {
  fit: number;
  owns: boolean;
  playtimeMinutes: number | null;
}

// The ways to play together; cross-platform and Remote Play Together are properties of those, not ways.
const PLAY_MODES: ReadonlySet<MultiplayerMode> = new Set([
  'online_coop',
  'local_coop',
  'online_pvp',
  'local_pvp',
  'split_screen',
  'lan',
  'mmo',
]);

function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function formatPrice(gbp: number): string {
  return `£${gbp.toFixed(2)}`;
}

/**
 * The reasons for one recommended game: which of their own games make it fit the members who like it most
 * (`because`, from rankGroup), who owns it and what the rest would pay, and whether the group fits its modes
 * and player limit.
 */
export function explainItem(input: {
  catalog: CatalogIndex;
  game: Game;
  because: readonly Because[];
  labels: readonly string[];
  fits: readonly MemberFit[];
  /** Each member's minutes per owned appid. */
  playtimes: readonly ReadonlyMap<number, number>[];
}): Reason[] {
  const { catalog, game, because, labels, fits, playtimes } = input;
  const reasons: Reason[] = [];
  for (const { member, columns } of because) {
    const games = columns.map((c) => catalog.games[c]).filter((g): g is Game => g !== undefined);
    // A model that counts ownership alone (EASE is binary) cites owned games never started as readily as
    // favourites: say "played" only of games the member has played, and cite unplayed ones only when no
    // played game is among them, as what they are.
    const played = games.filter((g) => (playtimes[member]?.get(g.appid) ?? 0) > 0);
    const cited = played.length > 0 ? played : games;
    if (cited.length === 0) continue;
    const names = listNames(cited.map((g) => g.name));
    reasons.push({
      kind: 'because',
      member,
      appids: cited.map((g) => g.appid),
      text:
        played.length > 0
          ? `${labels[member]} played ${names}`
          : `${labels[member]} owns ${names} (not played yet)`,
    });
  }

  const owners = fits.filter((f) => f.owns).length;
  const size = fits.length;
  const price = game.priceGbp;
  let ownership: string;
  if (owners === size) ownership = `All ${size} of you own it: play now`;
  else if (price === 0)
    ownership = owners === 0 ? 'Free to play for everyone' : `${owners} of ${size} own it; free for the rest`;
  else {
    const cost = price === null ? 'price unknown' : `${formatPrice(price)} each`;
    const missing = size - owners;
    ownership =
      owners === 0
        ? `Nobody owns it yet (${cost})`
        : `${owners} of ${size} own it; the other${missing > 1 ? ` ${missing} pay` : ' pays'} ${price === null ? '(price unknown)' : formatPrice(price)}`;
  }
  reasons.push({ kind: 'ownership', text: ownership });

  const modes = game.multiplayer.modes.filter((m) => PLAY_MODES.has(m)).map((m) => MODE_LABELS[m]);
  if (modes.length > 0) reasons.push({ kind: 'modes', text: `Modes: ${modes.join(', ')}` });
  const limit = knownPlayerLimit(game);
  reasons.push({
    kind: 'player_limit',
    text:
      limit === null
        ? 'Player limit unknown: check the store page'
        : limit >= size
          ? `Up to ${limit} players: your group of ${size} fits`
          : `Known co-op limit is ${limit}; your group is ${size}`,
  });
  return reasons;
}
