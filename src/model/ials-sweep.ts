import { implicitCgSolve } from '../core/conjugate-gradient.ts';
import type { CgWorkspace, GramForm, ImplicitRow } from '../core/conjugate-gradient.ts';

/**
 * One half-step of iALS: re-solve rows [from, to) of one side's factors with the other side fixed. Shared by
 * the main thread and the worker threads, which run it on disjoint row ranges of shared factor buffers.
 */

/**
 * Per-row regularisation. Plain iALS uses λ for every row (exponent ν = 0). Rendle et al. 2021 ("Revisiting
 * the Performance of iALS on Item Recommendation Benchmarks") scale it by how many loss terms touch the row:
 * λ_u = λ·(|I_u| + α₀·|I|)^ν for a user with |I_u| observed items out of |I|, and λ_i = λ·(|U_i| + α₀·|U|)^ν
 * for items; α₀ is the weight of an unobserved pair in the paper's parametrisation; here it enters only this
 * scaling (1 by default), while the loss keeps Hu et al.'s confidence 1 for unobserved pairs. ν = 1 is frequency-proportional regularisation; note
 * that any ν > 0 multiplies the effective λ by roughly (α₀·|I|)^ν, so λ must be re-tuned when ν changes, and
 * that with α₀·|I| ≫ |I_u| the factor hardly varies between users: a smaller α₀ makes it frequency-driven.
 */
export interface RegularizationScaling {
  readonly lambda: number;
  readonly exponent: number;
  readonly unobservedWeight: number;
}

/** λ for a row with `count` observed entries when the other side has `otherSize` rows. */
export function rowRegularization(scaling: RegularizationScaling, count: number, otherSize: number): number {
  if (scaling.exponent === 0) return scaling.lambda;
  return scaling.lambda * Math.pow(count + scaling.unobservedWeight * otherSize, scaling.exponent);
}

/** One side of the problem: its CSR rows (confidences) and where its factors live. */
export interface SweepSide {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float32Array;
  /** This side's factors (rows × k), updated in place. */
  readonly target: Float32Array;
  /** The other side's factors (otherRows × k), read only during the sweep. */
  readonly other: Float32Array;
  readonly otherRows: number;
}

/** Settings shared by every row solve. */
export interface SweepSettings {
  readonly k: number;
  readonly cgSteps: number;
  readonly scaling: RegularizationScaling;
}

/**
 * Solves rows [from, to): x_r ← CG(cgSteps) on (OᵀO + λ_r I + Oᵀ(C_r − I)O) x = OᵀC_r p(r), warm-started from
 * the current x_r, with gram = OᵀO for the other side's factors O (full, or tridiagonal in the current
 * basis). Returns Σ over the rows of their objective before the update (data term + λ_r‖x_r‖²), see
 * implicitCgSolve.
 */
export function sweepRows(
  side: SweepSide,
  settings: SweepSettings,
  gram: GramForm,
  from: number,
  to: number,
  ws: CgWorkspace,
): number {
  const { indptr, indices, data, target, other, otherRows } = side;
  const { k, cgSteps, scaling } = settings;
  const row: ImplicitRow = { indices, confidence: data, start: 0, end: 0 };
  let objective = 0;
  for (let r = from; r < to; r++) {
    row.start = indptr[r];
    row.end = indptr[r + 1];
    const lambda = rowRegularization(scaling, row.end - row.start, otherRows);
    objective += implicitCgSolve(gram, lambda, other, row, target, r * k, cgSteps, ws);
  }
  return objective;
}

/** Σ_r λ_r‖x_r‖² over all rows of one side: the regularisation part of the objective. */
export function regularizationTerm(
  indptr: Int32Array,
  factors: Float32Array,
  k: number,
  scaling: RegularizationScaling,
  otherSize: number,
): number {
  let total = 0;
  const rows = indptr.length - 1;
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let a = r * k, end = a + k; a < end; a++) norm += factors[a] * factors[a];
    total += rowRegularization(scaling, indptr[r + 1] - indptr[r], otherSize) * norm;
  }
  return total;
}

/**
 * Splits rows into `parts` contiguous ranges of about equal work, a row costing (cgSteps + 1)·k² for the
 * dense products plus (2·cgSteps + 3)·k per observed entry. Returns parts + 1 boundaries.
 */
export function balancedRanges(indptr: Int32Array, parts: number, k: number, cgSteps: number): Int32Array {
  const rows = indptr.length - 1;
  const perRow = (cgSteps + 1) * k;
  const perEntry = 2 * cgSteps + 3;
  const total = perRow * rows + perEntry * indptr[rows];
  const bounds = new Int32Array(parts + 1);
  bounds[parts] = rows;
  let part = 1;
  let done = 0;
  for (let r = 0; r < rows && part < parts; r++) {
    done += perRow + perEntry * (indptr[r + 1] - indptr[r]);
    while (part < parts && done >= (total * part) / parts) bounds[part++] = r + 1;
  }
  while (part < parts) bounds[part++] = rows;
  return bounds;
}
