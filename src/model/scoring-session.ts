import { matVecInto } from '../core/dense.ts';
import { Ials } from './ials.ts';
import { IalsFoldIn } from './ials-fold-in.ts';
import type { Recommender, SparseRow } from './recommender.ts';

/**
 * Libraries scored and explained by one model, sharing the work that scoring and explaining them needs (a
 * fold-in solve, a content profile, one pass over the items for several libraries): a group request scores
 * every member and then explains several games for some of them.
 */
export interface ScoringSession {
  /**
   * outs[r] gets the same scores as the model's scoreInto(rows[r], ·); with `columns`, only those scores:
   * outs[r][p] is the score of column columns[p] (a group needs its candidate pool only).
   */
  scoreInto(outs: readonly Float32Array[], columns?: Int32Array): void;
  /** The same contributions as the model's explain(rows[r], item). */
  explain(r: number, item: number): Float32Array;
  /** explain(r, item) for each of several items, where the model does them faster together. */
  explainMany?(r: number, items: readonly number[]): Float32Array[];
}

/**
 * The session of `model` for `rows`: the model's own `session` if it has one; for iALS, one fold-in solve
 * per row kept for the scores and every explanation (Ials.explain solves again on each call); otherwise plain
 * calls to scoreInto and explain.
 */
export function sessionOf(model: Recommender, rows: readonly SparseRow[]): ScoringSession {
  const own = (model as Partial<{ session(rows: readonly SparseRow[]): ScoringSession }>).session;
  if (typeof own === 'function') return own.call(model, rows);
  if (model instanceof Ials) return ialsSession(model, rows);
  return {
    scoreInto: (outs, columns) =>
      scoreEach(rows.length, model.itemCount, outs, columns, (r, out) =>
        model.scoreInto(rowAt(rows, r), out),
      ),
    explain: (r, item) => model.explain(rowAt(rows, r), item),
  };
}

// score(r, out) for each row, into outs[r] or, with `columns`, into a full-length scratch gathered into outs[r].
function scoreEach(
  count: number,
  itemCount: number,
  outs: readonly Float32Array[],
  columns: Int32Array | undefined,
  score: (r: number, out: Float32Array) => void,
): void {
  checkOutputs(count, itemCount, outs, columns);
  const full = columns === undefined ? undefined : new Float32Array(itemCount);
  for (let r = 0; r < count; r++) {
    const out = outs[r] as Float32Array;
    if (full === undefined || columns === undefined) score(r, out);
    else {
      score(r, full);
      gatherInto(full, columns, out);
    }
  }
}

/**
 * One output per row, each with a slot per item or, with `columns`, per listed column. Whoever reads
 * columns[p] checks it is a real column in the loop that reads it (a separate pass cost more than the check).
 */
export function checkOutputs(
  count: number,
  itemCount: number,
  outs: readonly Float32Array[],
  columns?: Int32Array,
): void {
  if (outs.length !== count) throw new RangeError(`${outs.length} outputs for ${count} rows`);
  const slots = columns === undefined ? itemCount : columns.length;
  for (const out of outs) {
    if (out.length !== slots) throw new RangeError(`out has ${out.length} slots, need ${slots}`);
  }
}

/** full[columns[p]] into out[p], refusing a column outside full. */
export function gatherInto(full: Float32Array, columns: Int32Array, out: Float32Array): void {
  for (let p = 0; p < columns.length; p++) {
    const c = columns[p] as number;
    if (!(c >= 0 && c < full.length))
      throw new RangeError(`column ${c} is outside the model's ${full.length} items`);
    out[p] = full[c] as number;
  }
}

// What Ials.scoreInto and Ials.explain do, with each row solved once: a test checks they agree.
function ialsSession(model: Ials, rows: readonly SparseRow[]): ScoringSession {
  const solved = rows.map((row) => {
    const foldIn = new IalsFoldIn(model);
    const user = new Float64Array(model.itemFactors.cols);
    foldIn.solve(row, user);
    return { foldIn, user };
  });
  return {
    scoreInto(outs, columns) {
      scoreEach(rows.length, model.itemCount, outs, columns, (r, out) =>
        matVecInto(model.itemFactors, (solved[r] as { user: Float64Array }).user, out),
      );
    },
    explain(r, item) {
      const row = rowAt(rows, r);
      const out = new Float32Array(row.indices.length);
      (solved[r] as { foldIn: IalsFoldIn }).foldIn.explainInto(row, item, out);
      return out;
    },
  };
}

function rowAt(rows: readonly SparseRow[], r: number): SparseRow {
  if (rows[r] === undefined) throw new RangeError(`no row ${r} in this session`);
  return rows[r];
}
