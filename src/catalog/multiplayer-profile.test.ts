import { describe, expect, it } from 'vitest';
import type { MultiplayerEvidence } from './multiplayer-profile.ts';
import { TAG_RANK_LIMIT, deriveMultiplayerProfile } from './multiplayer-profile.ts';
import type { CooptimusPlayers } from './source-records.ts';

const NONE: MultiplayerEvidence = { categories: [], flags: [], tags: [], players: null };
const PLAYERS: CooptimusPlayers = {
  local: 0,
  online: 0,
  lan: 0,
  splitScreen: false,
  dropInDropOut: false,
  campaign: false,
  features: [],
  url: null,
};

function modes(evidence: Partial<MultiplayerEvidence>): string[] {
  return deriveMultiplayerProfile({ ...NONE, ...evidence }).modes;
}

describe('deriveMultiplayerProfile', () => {
  it('finds nothing in a single-player game', () => {
    expect(
      deriveMultiplayerProfile({
        ...NONE,
        categories: ['Single-player', 'Steam Cloud'],
        flags: [2, 22],
        tags: ['RPG'],
      }),
    ).toEqual({
      isMultiplayer: false,
      modes: [],
      limits: { online: null, local: null, lan: null, splitScreen: null, dropInDropOut: null },
    });
  });

  it('lists Remote Play Together but does not call a game multiplayer for it alone', () => {
    const alone = deriveMultiplayerProfile({ ...NONE, categories: ['Single-player'], flags: [2, 44] });
    expect(alone.modes).toEqual(['remote_play_together']);
    expect(alone.isMultiplayer).toBe(false);
    const withCoop = deriveMultiplayerProfile({ ...NONE, flags: [2, 39, 44] });
    expect(withCoop.isMultiplayer).toBe(true);
    expect(withCoop.modes).toContain('remote_play_together');
  });

  it('maps the 2019 and 2021 spellings of the same Steam category to the same modes', () => {
    expect(modes({ categories: ['Online Multi-Player'] })).toEqual(modes({ categories: ['Online PvP'] }));
    expect(modes({ categories: ['Online Multi-Player'] })).toEqual(['online_pvp']);
    expect(modes({ categories: ['Local Co-op'] })).toEqual(modes({ flags: [39] }));
    expect(modes({ categories: ['Local Co-op'] })).toEqual(['local_coop', 'split_screen']);
    expect(modes({ categories: ['Local Multi-Player'] })).toEqual(['local_pvp', 'split_screen']);
    expect(modes({ categories: ['Shared/Split Screen'] })).toEqual(['split_screen']);
  });

  it('maps the remaining specific categories and Steam-declared flags', () => {
    expect(modes({ categories: ['Online Co-op', 'MMO', 'Cross-Platform Multiplayer'] })).toEqual([
      'online_coop',
      'mmo',
      'cross_platform',
    ]);
    expect(modes({ flags: [2, 47, 48, 44] })).toEqual(['lan', 'remote_play_together']);
  });

  it('counts a generic "Multi-player" as multiplayer without guessing a mode', () => {
    expect(
      deriveMultiplayerProfile({ ...NONE, categories: ['Single-player', 'Multi-player'] }),
    ).toMatchObject({
      isMultiplayer: true,
      modes: [],
    });
  });

  it('ignores flags the source derived from tags (local co-op games get a bogus Online Co-op id)', () => {
    const cuphead = {
      flags: [2, 39, 22, 28, 29, 23, 41, 42, 43, 44, 1, 38, 9],
      tags: ['Difficult', 'Cartoon', 'Platformer', 'Great Soundtrack', 'Co-op', 'Local Co-Op'],
    };
    expect(modes(cuphead)).toEqual(['local_coop', 'split_screen', 'remote_play_together']);
  });

  it(`uses only the first ${TAG_RANK_LIMIT} tags`, () => {
    const filler = Array.from({ length: TAG_RANK_LIMIT }, (_, index) => `Tag ${index}`);
    expect(
      deriveMultiplayerProfile({ ...NONE, tags: [...filler, 'Online Co-Op', 'Multiplayer'] }),
    ).toMatchObject({
      isMultiplayer: false,
      modes: [],
    });
    expect(modes({ tags: [...filler.slice(1), 'Online Co-Op'] })).toEqual(['online_coop']);
  });

  it('maps specific tags and keeps generic ones generic', () => {
    expect(modes({ tags: ['Local Co-Op', 'MMORPG', 'Battle Royale'] })).toEqual([
      'local_coop',
      'online_pvp',
      'split_screen',
      'mmo',
    ]);
    expect(modes({ tags: ['4 Player Local'] })).toEqual(['split_screen']);
    expect(deriveMultiplayerProfile({ ...NONE, tags: ['Massively Multiplayer', 'Co-op'] })).toMatchObject({
      isMultiplayer: true,
      modes: [],
    });
  });

  it('places generic co-op or PvP only when all the other modes are online, or all local', () => {
    expect(modes({ categories: ['Co-op', 'Online Multi-Player'] })).toEqual(['online_coop', 'online_pvp']);
    expect(modes({ categories: ['Co-op', 'Shared/Split Screen'] })).toEqual(['local_coop', 'split_screen']);
    expect(modes({ tags: ['PvP'], categories: ['Cross-Platform Multiplayer'] })).toEqual([
      'online_pvp',
      'cross_platform',
    ]);
    expect(modes({ tags: ['PvP'], categories: ['Online Co-op', 'Local Co-op'] })).toEqual([
      'online_coop',
      'local_coop',
      'split_screen',
    ]);
    expect(modes({ categories: ['Co-op'] })).toEqual([]);
  });

  it('takes co-op modes and limits from Co-optimus, with 0 meaning unknown', () => {
    const profile = deriveMultiplayerProfile({
      ...NONE,
      players: { ...PLAYERS, online: 4, local: 2, lan: 0, dropInDropOut: true },
    });
    expect(profile).toEqual({
      isMultiplayer: true,
      modes: ['online_coop', 'local_coop', 'split_screen'],
      limits: { online: 4, local: 2, lan: null, splitScreen: 2, dropInDropOut: true },
    });
  });

  it('treats Co-optimus data with all counts unknown as multiplayer with no mode or limit', () => {
    expect(deriveMultiplayerProfile({ ...NONE, players: PLAYERS })).toEqual({
      isMultiplayer: true,
      modes: [],
      limits: { online: null, local: null, lan: null, splitScreen: null, dropInDropOut: false },
    });
    expect(modes({ players: { ...PLAYERS, splitScreen: true } })).toEqual(['local_coop', 'split_screen']);
    expect(modes({ players: { ...PLAYERS, lan: 8 } })).toEqual(['lan']);
  });
});
