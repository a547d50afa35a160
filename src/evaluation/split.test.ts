import { describe, expect, it } from 'vitest';
import { csrFromTriples, type Csr } from '../core/csr.ts';
import { Random } from '../core/random.ts';
import { splitUsers } from './split.ts';

// 300 users over 40 items with 1–15 games each; even columns are "multiplayer" (relevant).
function fixture(): { matrix: Csr; relevant: Uint8Array } {
  const random = new Random(11);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let u = 0; u < 300; u++) {
    const size = 1 + random.nextInt(15);
    const games = new Set<number>();
    while (games.size < size) games.add(random.nextInt(40));
    for (const g of games) {
      r.push(u);
      c.push(g);
      v.push(1 + u + g / 100);
    }
  }
  return {
    matrix: csrFromTriples(300, 40, r, c, v),
    relevant: Uint8Array.from({ length: 40 }, (_, j) => (j % 2 === 0 ? 1 : 0)),
  };
}

const { matrix, relevant } = fixture();
const rowOf = (u: number): Map<number, number> => {
  const map = new Map<number, number>();
  for (let k = matrix.indptr[u]; k < matrix.indptr[u + 1]; k++) map.set(matrix.indices[k], matrix.data[k]);
  return map;
};

describe('splitUsers', () => {
  const split = splitUsers(matrix, { seed: 42, relevant });

  it('partitions users into train and test, copying train rows unchanged', () => {
    const testUsers = split.test.map((t) => t.user);
    const all = [...split.trainUsers, ...testUsers].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 300 }, (_, u) => u));
    expect(split.train.rows).toBe(split.trainUsers.length);
    split.trainUsers.forEach((u, r) => {
      const row = new Map<number, number>();
      for (let k = split.train.indptr[r]; k < split.train.indptr[r + 1]; k++)
        row.set(split.train.indices[k], split.train.data[k]);
      expect(row).toEqual(rowOf(u));
    });
  });

  it('draws round(20%) of the eligible users, never one with a single game or no relevant game', () => {
    const eligible = Array.from({ length: 300 }, (_, u) => u).filter((u) => {
      const games = [...rowOf(u).keys()];
      return games.length >= 2 && games.some((g) => relevant[g] === 1);
    });
    expect(split.test.length).toBe(Math.round(0.2 * eligible.length));
    for (const t of split.test) expect(eligible).toContain(t.user);
    expect(split.test.map((t) => t.user)).toEqual([...split.test.map((t) => t.user)].sort((a, b) => a - b));
  });

  it('splits each test library into fold-in and relevant held-out games', () => {
    for (const { user, foldIn, heldOut } of split.test) {
      const row = rowOf(user);
      const relevantCount = [...row.keys()].filter((g) => relevant[g] === 1).length;
      const expectedHeldOut = Math.max(1, Math.min(Math.round(0.2 * row.size), relevantCount, row.size - 1));
      expect(heldOut.length).toBe(expectedHeldOut);
      expect(foldIn.indices.length).toBe(row.size - heldOut.length);
      for (const g of heldOut) expect(relevant[g]).toBe(1);
      const seen = new Set([...foldIn.indices, ...heldOut]);
      expect(seen).toEqual(new Set(row.keys()));
      foldIn.indices.forEach((g, k) => expect(foldIn.values[k]).toBe(row.get(g)));
      expect(Array.from(heldOut)).toEqual(Array.from(heldOut).sort((a, b) => a - b));
      expect(Array.from(foldIn.indices)).toEqual(Array.from(foldIn.indices).sort((a, b) => a - b));
    }
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const again = splitUsers(matrix, { seed: 42, relevant });
    expect(again.test.map((t) => [t.user, Array.from(t.heldOut)])).toEqual(
      split.test.map((t) => [t.user, Array.from(t.heldOut)]),
    );
    const other = splitUsers(matrix, { seed: 43, relevant });
    expect(other.test.map((t) => t.user)).not.toEqual(split.test.map((t) => t.user));
  });

  it('holds out from every column when no relevance mask is given', () => {
    const all = splitUsers(matrix, { seed: 1, testFraction: 0.5 });
    expect(all.test.some((t) => Array.from(t.heldOut).some((g) => g % 2 === 1))).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => splitUsers(matrix, { seed: 1, testFraction: 1.2 })).toThrow(/testFraction/);
    expect(() => splitUsers(matrix, { seed: 1, holdoutFraction: 1 })).toThrow(/holdoutFraction/);
    expect(() => splitUsers(matrix, { seed: 1, relevant: new Uint8Array(3) })).toThrow(/relevance mask/);
    expect(() => splitUsers(matrix, { seed: 1.5 })).toThrow(/seed/);
  });
});
