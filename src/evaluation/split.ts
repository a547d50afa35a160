import type { Csr } from '../core/csr.ts';
import { Random } from '../core/random.ts';
import type { SparseRow } from '../model/recommender.ts';

/**
 * Strong generalisation (Liang et al. 2018): test users are unseen at training time, as real Coplay
 * members are, and are scored by fold-in from part of their library.
 *
 * - Eligible test users have ≥ minItems games (default 2) and ≥ 1 relevant game; round(testFraction ·
 *   eligible) of them, drawn at random, become test users. Everyone else (ineligible users included)
 *   trains.
 * - Per test user, h = round(holdoutFraction · |library|) games are held out, at least 1 and at most
 *   min(|relevant games|, |library| − 1), drawn only among relevant games (e.g. multiplayer: the only
 *   games Coplay recommends). Holding out a share of the whole library keeps the fold-in near 80% of a
 *   library, like the library a real member shows; at least one game always stays to fold in.
 * - One seeded stream drives every draw, so a seed and a matrix always give the same split.
 */
export interface SplitOptions {
  readonly seed: number;
  readonly testFraction?: number;
  readonly holdoutFraction?: number;
  /** relevant[c] = 1 lets column c be held out; default: every column. */
  readonly relevant?: Uint8Array;
  readonly minItems?: number;
}

/** A test user: their matrix row, the part of the library the model sees, and the columns to find. */
export interface TestUser {
  readonly user: number;
  readonly foldIn: SparseRow;
  /** Held-out columns, ascending. */
  readonly heldOut: Int32Array;
}

export interface UserSplit {
  /** The training users' rows (renumbered; trainUsers[r] is row r's original row). */
  readonly train: Csr;
  readonly trainUsers: Int32Array;
  /** Test users in ascending original row order. */
  readonly test: TestUser[];
}

/** Splits users into train/test and each test user's library into fold-in/held-out (see SplitOptions). */
export function splitUsers(matrix: Csr, options: SplitOptions): UserSplit {
  const { seed, testFraction = 0.2, holdoutFraction = 0.2, relevant, minItems = 2 } = options;
  if (!(testFraction >= 0 && testFraction <= 1))
    throw new RangeError(`testFraction must be in [0, 1], got ${testFraction}`);
  if (!(holdoutFraction > 0 && holdoutFraction < 1))
    throw new RangeError(`holdoutFraction must be in (0, 1), got ${holdoutFraction}`);
  if (!Number.isInteger(minItems) || minItems < 2)
    throw new RangeError(`minItems must be an integer ≥ 2, got ${minItems}`);
  if (relevant !== undefined && relevant.length !== matrix.cols) {
    throw new RangeError(`relevance mask has ${relevant.length} entries, matrix has ${matrix.cols} columns`);
  }
  const isRelevant = (c: number): boolean => relevant === undefined || relevant[c] === 1;
  const random = new Random(seed);

  const eligible: number[] = [];
  for (let u = 0; u < matrix.rows; u++) {
    const start = matrix.indptr[u];
    const end = matrix.indptr[u + 1];
    if (end - start < minItems) continue;
    for (let k = start; k < end; k++) {
      if (isRelevant(matrix.indices[k])) {
        eligible.push(u);
        break;
      }
    }
  }
  shuffle(eligible, random);
  const testRows = eligible.slice(0, Math.round(testFraction * eligible.length)).sort((a, b) => a - b);
  const isTest = new Uint8Array(matrix.rows);
  for (const u of testRows) isTest[u] = 1;

  const test = testRows.map((user): TestUser => {
    const start = matrix.indptr[user];
    const size = matrix.indptr[user + 1] - start;
    const candidates: number[] = [];
    for (let k = start; k < start + size; k++) if (isRelevant(matrix.indices[k])) candidates.push(k);
    const h = Math.max(1, Math.min(Math.round(holdoutFraction * size), candidates.length, size - 1));
    shuffle(candidates, random);
    const out = new Set(candidates.slice(0, h));
    const kept: number[] = [];
    for (let k = start; k < start + size; k++) if (!out.has(k)) kept.push(k);
    return {
      user,
      foldIn: {
        indices: Int32Array.from(kept, (k) => matrix.indices[k]),
        values: Float32Array.from(kept, (k) => matrix.data[k]),
      },
      heldOut: Int32Array.from(out, (k) => matrix.indices[k]).sort(),
    };
  });

  const trainUsers: number[] = [];
  const indptr: number[] = [0];
  const keep: number[] = [];
  for (let u = 0; u < matrix.rows; u++) {
    if (isTest[u]) continue;
    trainUsers.push(u);
    for (let k = matrix.indptr[u]; k < matrix.indptr[u + 1]; k++) keep.push(k);
    indptr.push(keep.length);
  }
  const train: Csr = {
    rows: trainUsers.length,
    cols: matrix.cols,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(keep, (k) => matrix.indices[k]),
    data: Float32Array.from(keep, (k) => matrix.data[k]),
  };
  return { train, trainUsers: Int32Array.from(trainUsers), test };
}

// Fisher–Yates, in place.
function shuffle(values: number[], random: Random): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}
