import { describe, expect, it } from 'vitest';
import { makeConfidence } from './confidence.ts';
import { buildInteractionMatrix, columnsByAppid, type InteractionRow } from './interaction-matrix.ts';

const c = makeConfidence();

function rowsOf(spec: Record<string, [number, number][]>): InteractionRow[] {
  return Object.entries(spec).flatMap(([userKey, games]) =>
    games.map(([appid, minutes]) => ({ userKey, appid, minutes })),
  );
}

function dense(result: ReturnType<typeof buildInteractionMatrix>): Record<string, Record<number, number>> {
  const { matrix, userKeys, itemIds } = result;
  const out: Record<string, Record<number, number>> = {};
  for (let r = 0; r < matrix.rows; r++) {
    out[userKeys[r]] = {};
    for (let k = matrix.indptr[r]; k < matrix.indptr[r + 1]; k++)
      out[userKeys[r]][itemIds[matrix.indices[k]]] = matrix.data[k];
  }
  return out;
}

describe('buildInteractionMatrix', () => {
  const fixture = rowsOf({
    ann: [
      [10, 600],
      [20, 60],
      [30, 0],
    ],
    bob: [
      [10, 120],
      [20, 0],
      [20, 300],
    ],
    cat: [
      [10, 7_000],
      [30, 60],
    ],
    bot: [
      [10, 5_000],
      [20, 5_000],
      [70, 10],
    ],
    dan: [
      [40, 60],
      [50, 60],
    ],
    eve: [
      [50, 60],
      [60, 30],
    ],
  });
  const options = { minItemsPerUser: 2, minUsersPerItem: 2, maxUserMinutes: 8_000, maxMinutesPerGame: 6_000 };

  it('drops exactly the outlier, the k-core casualties and their games', () => {
    const result = buildInteractionMatrix(fixture, options);
    expect(result.userKeys).toEqual(['ann', 'bob', 'cat']);
    expect(Array.from(result.itemIds)).toEqual([10, 20, 30]);
  });

  it('iterates the minimum-count filters until both hold', () => {
    // One pass would keep dan and eve with one game each (after games 40 and 60 go), and then game 50.
    const { matrix } = buildInteractionMatrix(fixture, options);
    const usersPerItem = new Int32Array(matrix.cols);
    for (const col of matrix.indices) usersPerItem[col]++;
    for (let r = 0; r < matrix.rows; r++)
      expect(matrix.indptr[r + 1] - matrix.indptr[r]).toBeGreaterThanOrEqual(2);
    for (const n of usersPerItem) expect(n).toBeGreaterThanOrEqual(2);
  });

  it('stores confidences of merged (max) and clipped playtimes', () => {
    const values = dense(buildInteractionMatrix(fixture, options));
    const expected = {
      ann: { 10: c(600), 20: c(60), 30: c(0) },
      bob: { 10: c(120), 20: c(300) },
      cat: { 10: c(6_000), 30: c(60) },
    };
    for (const [user, games] of Object.entries(expected)) {
      expect(Object.keys(values[user])).toEqual(Object.keys(games));
      for (const [appid, value] of Object.entries(games))
        expect(values[user][Number(appid)]).toBeCloseTo(value, 5);
    }
  });

  it('reports what it did', () => {
    expect(buildInteractionMatrix(fixture, options).stats).toEqual({
      inputRows: 15,
      duplicateRows: 1,
      outlierUsers: 1,
      clippedEntries: 1,
      sparseUsers: 2,
      sparseItems: 4,
      filterRounds: 4,
      users: 3,
      items: 3,
      nnz: 7,
    });
  });

  it('keeps everyone with minimums of 1 and generous caps', () => {
    const result = buildInteractionMatrix(fixture, {
      minItemsPerUser: 1,
      minUsersPerItem: 1,
      maxUserMinutes: 1e9,
    });
    expect(result.userKeys).toEqual(['ann', 'bob', 'cat', 'bot', 'dan', 'eve']);
    expect(Array.from(result.itemIds)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(result.stats.filterRounds).toBe(1);
  });

  it('by default drops users above 20,000 h and clips games at 5,000 h', () => {
    const rows = rowsOf({
      idler: [
        [1, 20_001 * 60],
        [2, 60],
      ],
      fan: [
        [1, 6_000 * 60],
        [2, 60],
      ],
      casual: [
        [1, 60],
        [2, 0],
      ],
    });
    const result = buildInteractionMatrix(rows);
    expect(result.userKeys).toEqual(['fan', 'casual']);
    expect(dense(result).fan[1]).toBeCloseTo(c(5_000 * 60), 5);
  });

  it('uses the confidence transform it is given', () => {
    const result = buildInteractionMatrix(
      rowsOf({
        a: [
          [1, 5],
          [2, 7],
        ],
      }),
      {
        minItemsPerUser: 1,
        minUsersPerItem: 1,
        confidence: (minutes) => minutes + 1,
      },
    );
    expect(Array.from(result.matrix.data)).toEqual([6, 8]);
  });

  it('returns an empty matrix when nothing survives', () => {
    const result = buildInteractionMatrix([]);
    expect(result.matrix.rows).toBe(0);
    expect(result.matrix.cols).toBe(0);
    expect(result.stats.nnz).toBe(0);
  });

  it('rejects malformed rows and options with the row number', () => {
    const good = { userKey: 'a', appid: 1, minutes: 1 };
    expect(() => buildInteractionMatrix([good, { ...good, appid: -2 }])).toThrow(/row 1: appid/);
    expect(() => buildInteractionMatrix([{ ...good, minutes: Number.NaN }])).toThrow(/row 0: minutes/);
    expect(() => buildInteractionMatrix([{ ...good, userKey: '' }])).toThrow(/row 0: userKey/);
    expect(() => buildInteractionMatrix([good], { minUsersPerItem: 0 })).toThrow(/minUsersPerItem/);
  });
});

describe('columnsByAppid', () => {
  it('inverts itemIds', () => {
    const map = columnsByAppid(Int32Array.of(10, 20, 30));
    expect(map.get(20)).toBe(1);
    expect(map.get(40)).toBeUndefined();
  });
});
