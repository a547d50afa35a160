import { describe, expect, it } from 'vitest';
import { clusteredData } from './__fixtures__/clustered-data.ts';
import { buildSyntheticGroups, LibrarySimilarity } from './synthetic-groups.ts';

const libraries = [...clusteredData(200).libraries.values()].map((library) => library.map((e) => e.appid));

describe('buildSyntheticGroups', () => {
  const groups = buildSyntheticGroups(libraries, { seed: 11, sizes: [2, 5, 8], groupsPerSize: 15 });

  it('draws groupsPerSize groups of every size and kind, with distinct members', () => {
    expect(groups).toHaveLength(2 * 3 * 15);
    for (const kind of ['random', 'taste-similar'] as const) {
      for (const size of [2, 5, 8])
        expect(groups.filter((g) => g.kind === kind && g.size === size)).toHaveLength(15);
    }
    for (const group of groups) {
      expect(group.members).toHaveLength(group.size);
      expect(new Set(group.members).size).toBe(group.size);
      for (const m of group.members) expect(m >= 0 && m < libraries.length).toBe(true);
    }
  });

  it('makes taste-similar groups more alike than random ones', () => {
    const similarity = new LibrarySimilarity(libraries);
    const mean = (kind: string): number => {
      const of = groups.filter((g) => g.kind === kind);
      return of.reduce((sum, g) => sum + similarity.meanPairwise(g.members), 0) / of.length;
    };
    expect(mean('taste-similar')).toBeGreaterThan(mean('random') + 0.1);
  });

  it('is deterministic for a seed', () => {
    expect(buildSyntheticGroups(libraries, { seed: 11, sizes: [2, 5, 8], groupsPerSize: 15 })).toEqual(
      groups,
    );
    expect(buildSyntheticGroups(libraries, { seed: 12, sizes: [2, 5, 8], groupsPerSize: 15 })).not.toEqual(
      groups,
    );
  });

  it('refuses sizes larger than the user list', () => {
    expect(() =>
      buildSyntheticGroups(libraries.slice(0, 3), { seed: 1, sizes: [4], groupsPerSize: 1 }),
    ).toThrow(/groups of 4/);
    expect(() => buildSyntheticGroups(libraries, { seed: 1, groupsPerSize: 0 })).toThrow(RangeError);
  });
});

describe('LibrarySimilarity', () => {
  it('is the cosine of binary library vectors and ranks neighbours by it', () => {
    const s = new LibrarySimilarity([[1, 2, 3, 4], [1, 2], [5], [1, 2, 3, 4, 9], []]);
    expect(s.between(0, 1)).toBeCloseTo(2 / Math.sqrt(8));
    expect(s.between(0, 2)).toBe(0);
    expect(s.between(0, 4)).toBe(0);
    expect(s.nearest(0, 2)).toEqual([3, 1]);
    // Users sharing nothing still fill a group, in index order.
    expect(s.nearest(0, 4)).toEqual([3, 1, 2, 4]);
  });
});
