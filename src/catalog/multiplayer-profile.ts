/**
 * Derives a game's multiplayer modes and player limits from the evidence the sources give. Rules, strongest
 * evidence first (the README repeats this table):
 *
 * | evidence                                                        | modes                        |
 * |-----------------------------------------------------------------|------------------------------|
 * | category Online Co-op (id 38)                                   | online_coop                  |
 * | category Online Multi-Player (2019) = Online PvP (2021), id 36  | online_pvp                   |
 * | category Local Co-op (2019) = Shared/Split Screen Co-op, id 39  | local_coop, split_screen     |
 * | category Local Multi-Player (2019) = Shared/Split Screen PvP, 37| local_pvp, split_screen      |
 * | category Shared/Split Screen (id 24)                            | split_screen                 |
 * | category LAN Co-op (48), LAN PvP (47)                           | lan                          |
 * | category MMO (20)                                               | mmo                          |
 * | category Cross-Platform Multiplayer (27)                        | cross_platform               |
 * | category Remote Play Together (44)                              | remote_play_together         |
 * | category Multi-player (1), Co-op (9), PvP (49)                  | none (generic, see below)    |
 * | tag Online Co-Op                                                | online_coop                  |
 * | tag Local Co-Op                                                 | local_coop, split_screen     |
 * | tag Split Screen, Local Multiplayer, 4 Player Local             | split_screen                 |
 * | tag MMORPG                                                      | mmo                          |
 * | tag Battle Royale                                               | online_pvp                   |
 * | tag Multiplayer, Co-op, Co-op Campaign, PvP, Massively          | none (generic, see below)    |
 * |   Multiplayer, Asynchronous Multiplayer                         |                              |
 * | Co-optimus online > 0                                           | online_coop                  |
 * | Co-optimus local > 0, or splitscreen                            | local_coop, split_screen     |
 * | Co-optimus lan > 0                                              | lan                          |
 * | generic co-op (category Co-op, tag Co-op / Co-op Campaign)      | online_coop if the other     |
 * |   with only online modes (online_*, mmo, cross_platform)        |   modes are all online,      |
 * |   or only local modes (local_*, split_screen)                   |   local_coop if all local    |
 * | generic PvP (category PvP, tag PvP), same rule                  | online_pvp / local_pvp       |
 *
 * - Steam ids 36, 37 and 39 were renamed between the 2019 and 2021 snapshots; the same id must give the same
 *   modes. On the 6,337 games in both sources, 96% of "Online Multi-Player" games carry id 36 in 2021 and 93%
 *   of id-36 games carried "Online Multi-Player" in 2019 (37: 94%/92%, 39: 97%/88%).
 * - split_screen means "several players on one PC" (Steam's Shared/Split Screen family), so every local mode
 *   implies it. The data cannot tell shared-screen from split-screen play.
 * - Flags: only Steam-declared ids count (splitSteamDbFlags); the tag-derived tail duplicates the tags.
 * - Tags count only among a game's first TAG_RANK_LIMIT tags: lower-ranked tags have few votes (Rainbow Six
 *   Siege has "Massively Multiplayer" at rank 18). Top-10 "Online Co-Op" agrees with a declared online-co-op
 *   category or Co-optimus online count for 81–89% of games, ranks 11–20 for 74%.
 * - "Massively Multiplayer" is not mmo: only 46–60% of top-10 uses agree with Steam's MMO category.
 * - A lone "Multi-player" says nothing about the kind of play: of the 493 games whose only 2019 multiplayer
 *   category is "Multi-player" and that are in steam-db, 409 still declare no specific mode in 2021, so no
 *   mode is guessed. They are isMultiplayer with modes [].
 * - Remote Play Together alone does not make a game multiplayer (see the note at the end of
 *   deriveMultiplayerProfile); the mode is still listed.
 * - Generic co-op/PvP is placed only when the game's other modes are all on one side: "PvP" plus online co-op
 *   is online PvP, but "PvP" plus both online and local modes stays unplaced.
 *
 * Limits come from Co-optimus only (co-op counts, not PvP or MMO capacities): online, local and lan when > 0,
 * splitScreen = the local count (local co-op on one PC is shared/split-screen play), dropInDropOut as given.
 *
 * Known failure modes:
 * - Co-optimus counts are co-op only (Rainbow Six Siege: online 5, its co-op squad, not its 5v5 PvP), and
 *   the source matched Co-optimus pages to appids by an unknown method, so a few may belong to a sibling.
 * - Tags are votes, not declarations: 15–17% of top-10 "Online Co-Op" / "Local Co-Op" tags have no declared
 *   category or Co-optimus count behind them; some of those are right, some are not.
 * - Older Valve games under-declare: Team Fortress 2 declares no PvP category and has no PvP tag, so it gets
 *   no online_pvp; Counter-Strike (2000) declares "Local Multi-Player", so it gets local_pvp.
 * - Stale: the store is May 2019 and steam-db Dec 2021. remote_play_together exists only in the 2021 data
 *   (launched Oct 2019), so store-only games never have it; modes added or removed since are not seen.
 * - 2019 "Online Multi-Player" was sometimes ticked by co-op-only games; it is read as Steam reads id 36 now.
 */
import type { MultiplayerMode, MultiplayerProfile, PlayerLimits } from './game.ts';
import { MULTIPLAYER_MODES } from './game.ts';
import type { CooptimusPlayers } from './source-records.ts';
import { STEAM_CATEGORY_NAMES, splitSteamDbFlags } from './steam-db-flags.ts';

/** Only a game's first this-many user tags are evidence. */
export const TAG_RANK_LIMIT = 10;

type Generic = 'multiplayer' | 'coop' | 'pvp';
type Rule = readonly MultiplayerMode[] | Generic;

/** Steam store category name (2019 or 2021 spelling) → modes, or the generic kind it only hints at. */
export const CATEGORY_RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ['Online Co-op', ['online_coop']],
  ['Online Multi-Player', ['online_pvp']],
  ['Online PvP', ['online_pvp']],
  ['Local Co-op', ['local_coop', 'split_screen']],
  ['Shared/Split Screen Co-op', ['local_coop', 'split_screen']],
  ['Local Multi-Player', ['local_pvp', 'split_screen']],
  ['Shared/Split Screen PvP', ['local_pvp', 'split_screen']],
  ['Shared/Split Screen', ['split_screen']],
  ['LAN Co-op', ['lan']],
  ['LAN PvP', ['lan']],
  ['MMO', ['mmo']],
  ['Cross-Platform Multiplayer', ['cross_platform']],
  ['Remote Play Together', ['remote_play_together']],
  ['Multi-player', 'multiplayer'],
  ['Co-op', 'coop'],
  ['PvP', 'pvp'],
]);

/** User tag → modes, or the generic kind it only hints at. */
export const TAG_RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ['Online Co-Op', ['online_coop']],
  ['Local Co-Op', ['local_coop', 'split_screen']],
  ['Split Screen', ['split_screen']],
  ['Local Multiplayer', ['split_screen']],
  ['4 Player Local', ['split_screen']],
  ['MMORPG', ['mmo']],
  ['Battle Royale', ['online_pvp']],
  ['Multiplayer', 'multiplayer'],
  ['Massively Multiplayer', 'multiplayer'],
  ['Asynchronous Multiplayer', 'multiplayer'],
  ['Co-op', 'coop'],
  ['Co-op Campaign', 'coop'],
  ['PvP', 'pvp'],
]);

const ONLINE: ReadonlySet<MultiplayerMode> = new Set(['online_coop', 'online_pvp', 'mmo', 'cross_platform']);
const LOCAL: ReadonlySet<MultiplayerMode> = new Set(['local_coop', 'local_pvp', 'split_screen']);

/** Evidence about one game; flags are raw steam-db ids, tags most-voted first. */
export interface MultiplayerEvidence {
  categories: string[];
  flags: number[];
  tags: string[];
  players: CooptimusPlayers | null;
}

/** Applies the rule table above to one game's evidence. */
export function deriveMultiplayerProfile(input: MultiplayerEvidence): MultiplayerProfile {
  const modes = new Set<MultiplayerMode>();
  const generic = new Set<Generic>();
  const apply = (rule: Rule | undefined): void => {
    if (rule === undefined) return;
    if (typeof rule === 'string') generic.add(rule);
    else for (const mode of rule) modes.add(mode);
  };

  for (const name of input.categories) apply(CATEGORY_RULES.get(name));
  for (const id of splitSteamDbFlags(input.flags, input.tags).declared) {
    const name = STEAM_CATEGORY_NAMES.get(id);
    if (name !== undefined) apply(CATEGORY_RULES.get(name));
  }
  for (const tag of input.tags.slice(0, TAG_RANK_LIMIT)) apply(TAG_RULES.get(tag));

  const players = input.players;
  if (players !== null) {
    if (players.online > 0) modes.add('online_coop');
    if (players.local > 0 || players.splitScreen) apply(['local_coop', 'split_screen']);
    if (players.lan > 0) modes.add('lan');
  }

  const online = [...modes].some((mode) => ONLINE.has(mode));
  const local = [...modes].some((mode) => LOCAL.has(mode));
  if (online !== local) {
    if (generic.has('coop')) modes.add(online ? 'online_coop' : 'local_coop');
    if (generic.has('pvp')) modes.add(online ? 'online_pvp' : 'local_pvp');
  }

  // Remote Play Together streams a game's local multiplayer to friends, but Steam also shows it on games
  // whose multiplayer is long gone or was never there (Half-Life 2 carries it in steam-db): alone it does not
  // make a game something a group can play together, so it adds the mode without making it multiplayer.
  const playable = [...modes].some((mode) => mode !== 'remote_play_together');
  return {
    isMultiplayer: playable || generic.size > 0 || players !== null,
    modes: MULTIPLAYER_MODES.filter((mode) => modes.has(mode)),
    limits: limitsOf(players),
  };
}

function limitsOf(players: CooptimusPlayers | null): PlayerLimits {
  const count = (value: number | undefined): number | null =>
    value !== undefined && value > 0 ? value : null;
  return {
    online: count(players?.online),
    local: count(players?.local),
    lan: count(players?.lan),
    splitScreen: count(players?.local),
    dropInDropOut: players === null ? null : players.dropInDropOut,
  };
}
