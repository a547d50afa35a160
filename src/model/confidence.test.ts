import { describe, expect, it } from 'vitest';
import { confidenceFromMinutes, DEFAULT_CONFIDENCE, libraryToRow, makeConfidence } from './confidence.ts';

describe('confidenceFromMinutes', () => {
  it('gives an owned-but-unplayed game the weak-positive confidence 1 + alpha·ownedWeight', () => {
    const { alpha, ownedWeight } = DEFAULT_CONFIDENCE;
    expect(confidenceFromMinutes(0)).toBeCloseTo(1 + alpha * ownedWeight, 10);
  });

  it('follows 1 + alpha·log(1 + minutes/epsilon) once played beyond the owned floor', () => {
    const options = { alpha: 3, epsilonMinutes: 60, ownedWeight: 0.1 };
    expect(confidenceFromMinutes(60, options)).toBeCloseTo(1 + 3 * Math.log(2), 10);
    expect(confidenceFromMinutes(600 * 60, options)).toBeCloseTo(1 + 3 * Math.log(601), 10);
  });

  it('is monotone in playtime and strictly increasing above the owned floor', () => {
    const minutes = [0, 1, 5, 10, 30, 60, 120, 600, 6_000, 60_000, 600_000];
    const values = minutes.map((m) => confidenceFromMinutes(m));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    for (let i = 4; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
  });

  it('compresses the heavy tail: 1,000 h is less than twice 100 h', () => {
    const hundred = confidenceFromMinutes(100 * 60);
    const thousand = confidenceFromMinutes(1000 * 60);
    expect(thousand).toBeGreaterThan(hundred);
    expect(thousand).toBeLessThan(2 * hundred);
  });

  it('rejects negative and non-finite playtimes', () => {
    expect(() => confidenceFromMinutes(-1)).toThrow(RangeError);
    expect(() => confidenceFromMinutes(Number.NaN)).toThrow(RangeError);
    expect(() => confidenceFromMinutes(Infinity)).toThrow(RangeError);
  });
});

describe('makeConfidence', () => {
  it('overrides only the options given', () => {
    const transform = makeConfidence({ alpha: 10 });
    expect(transform(0)).toBeCloseTo(1 + 10 * DEFAULT_CONFIDENCE.ownedWeight, 10);
    expect(transform(60)).toBeCloseTo(1 + 10 * Math.log(2), 10);
  });

  it('rejects unusable parameters', () => {
    expect(() => makeConfidence({ alpha: 0 })).toThrow(/alpha/);
    expect(() => makeConfidence({ epsilonMinutes: -5 })).toThrow(/epsilonMinutes/);
    expect(() => makeConfidence({ ownedWeight: Number.NaN })).toThrow(/ownedWeight/);
  });
});

describe('libraryToRow', () => {
  const columns = new Map([
    [730, 2],
    [570, 0],
    [440, 1],
  ]);
  const transform = makeConfidence();

  it('maps appids to sorted columns with confidences and ignores unknown appids', () => {
    const row = libraryToRow(
      [
        { appid: 730, playtimeMinutes: 600 },
        { appid: 999, playtimeMinutes: 50 },
        { appid: 570, playtimeMinutes: 0 },
      ],
      columns,
      transform,
    );
    expect(Array.from(row.indices)).toEqual([0, 2]);
    expect(row.values[0]).toBeCloseTo(transform(0), 5);
    expect(row.values[1]).toBeCloseTo(transform(600), 5);
  });

  it('merges a repeated appid by its largest playtime', () => {
    const row = libraryToRow(
      [
        { appid: 440, playtimeMinutes: 30 },
        { appid: 440, playtimeMinutes: 900 },
        { appid: 440, playtimeMinutes: 10 },
      ],
      columns,
      transform,
    );
    expect(Array.from(row.indices)).toEqual([1]);
    expect(row.values[0]).toBeCloseTo(transform(900), 5);
  });

  it('gives an empty row for an empty or entirely unknown library', () => {
    expect(libraryToRow([], columns, transform).indices.length).toBe(0);
    expect(libraryToRow([{ appid: 1, playtimeMinutes: 5 }], columns, transform).values.length).toBe(0);
  });

  it('rejects a negative playtime with the appid in the message', () => {
    expect(() => libraryToRow([{ appid: 730, playtimeMinutes: -3 }], columns, transform)).toThrow(/730/);
  });
});
