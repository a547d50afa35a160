import { describe, expect, it } from 'vitest';
import { CLUSTERS, MULTIPLAYER_APPIDS, clusteredData } from './__fixtures__/clustered-data.ts';
import { splitLibraries } from './split-libraries.ts';

const multiplayer = new Set(MULTIPLAYER_APPIDS);

describe('splitLibraries', () => {
  const { libraries } = clusteredData();

  it('keeps test users out of training and every user somewhere', () => {
    const split = splitLibraries(libraries, multiplayer, { seed: 1 });
    const testKeys = split.test.map((u) => u.userKey);
    for (const key of testKeys) expect(split.train.has(key)).toBe(false);
    expect(split.train.size + testKeys.length).toBe(libraries.size);
    expect(testKeys.length).toBe(Math.round(0.2 * split.eligibleUsers));
  });

  it('holds out about 20% of played multiplayer games and never shows them in the fold-in library', () => {
    const split = splitLibraries(libraries, multiplayer, { seed: 1 });
    expect(split.test.length).toBeGreaterThan(0);
    for (const user of split.test) {
      const original = libraries.get(user.userKey) ?? [];
      const played = original.filter((e) => e.playtimeMinutes > 0 && multiplayer.has(e.appid)).length;
      expect(user.heldOut.length).toBe(Math.max(1, Math.round(0.2 * played)));
      const shown = new Set(user.foldIn.map((e) => e.appid));
      for (const appid of user.heldOut) {
        expect(multiplayer.has(appid)).toBe(true);
        expect(shown.has(appid)).toBe(false);
      }
      // Nothing is lost: fold-in plus held-out is the whole library.
      expect(shown.size + user.heldOut.length).toBe(new Set(original.map((e) => e.appid)).size);
    }
  });

  it('merges duplicate appids so a held-out game cannot reappear through a duplicate', () => {
    const doubled = new Map(
      [...libraries].map(([key, library]) => [
        key,
        [...library, ...library.map((e) => ({ ...e, playtimeMinutes: 1 }))],
      ]),
    );
    const split = splitLibraries(doubled, multiplayer, { seed: 3 });
    for (const user of split.test) {
      const shown = new Set(user.foldIn.map((e) => e.appid));
      expect(shown.size).toBe(user.foldIn.length);
      for (const appid of user.heldOut) expect(shown.has(appid)).toBe(false);
    }
  });

  it('only picks users with enough played multiplayer games', () => {
    const mixed = new Map(libraries);
    mixed.set('few', [
      { appid: CLUSTERS[0]?.[0] as number, playtimeMinutes: 100 },
      { appid: CLUSTERS[0]?.[1] as number, playtimeMinutes: 0 },
    ]);
    const split = splitLibraries(mixed, multiplayer, { seed: 1, testFraction: 1 });
    expect(split.test.some((u) => u.userKey === 'few')).toBe(false);
    expect(split.train.has('few')).toBe(true);
    expect(split.test.length).toBe(libraries.size);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = splitLibraries(libraries, multiplayer, { seed: 5 });
    const b = splitLibraries(libraries, multiplayer, { seed: 5 });
    const c = splitLibraries(libraries, multiplayer, { seed: 6 });
    expect(b.test).toEqual(a.test);
    expect(c.test.map((u) => u.userKey)).not.toEqual(a.test.map((u) => u.userKey));
  });

  it('caps test users and rejects bad options', () => {
    expect(splitLibraries(libraries, multiplayer, { seed: 1, maxTestUsers: 7 }).test).toHaveLength(7);
    expect(() => splitLibraries(libraries, multiplayer, { seed: 1, holdoutFraction: 1 })).toThrow(RangeError);
    expect(() => splitLibraries(libraries, multiplayer, { seed: 1, minPlayedMultiplayer: 1 })).toThrow(
      RangeError,
    );
    expect(() =>
      splitLibraries(new Map([['x', [{ appid: 1, playtimeMinutes: -5 }]]]), multiplayer, { seed: 1 }),
    ).toThrow(/playtime/);
  });
});
