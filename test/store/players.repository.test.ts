import { describe, expect, it } from 'vitest';
import type { SteamPlayer } from '../../src/store/players.repository.ts';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

function player(steamId: string, overrides: Partial<SteamPlayer> = {}): SteamPlayer {
  return {
    steamId,
    personaName: `Player ${steamId}`,
    avatarUrl: `https://avatars.example/${steamId}.jpg`,
    profileVisibility: 3,
    fetchedAt: new Date('2024-05-05T05:05:05.555Z'),
    ...overrides,
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: players repository`, () => {
    const store = useTestStore(dialect);

    it('round-trips a profile and replaces it on upsert', async () => {
      const players = store().players;
      await players.upsert(player('76561197960287930'));
      expect(await players.get('76561197960287930')).toEqual(player('76561197960287930'));

      const updated = player('76561197960287930', {
        personaName: 'Renamed',
        avatarUrl: null,
        profileVisibility: 1,
      });
      await players.upsert(updated);
      expect(await players.get('76561197960287930')).toEqual(updated);
      expect(await players.get('76561197960287931')).toBeUndefined();
    });

    it('gets several profiles at once', async () => {
      await store().players.upsert(player('1'));
      await store().players.upsert(player('2'));
      const found = await store().players.getMany(['2', '3', '1']);
      expect([...found.keys()].sort()).toEqual(['1', '2']);
      expect(found.get('2')).toEqual(player('2'));
    });
  });
}
