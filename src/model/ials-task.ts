import type { CgWorkspace, GramForm } from '../core/conjugate-gradient.ts';
import { gramRowsInto, transformRowsInPlace } from '../core/dense.ts';
import type { Dense } from '../core/dense.ts';
import { sweepRows } from './ials-sweep.ts';
import type { SweepSettings, SweepSide } from './ials-sweep.ts';

/**
 * The units of work of an iALS fit, run by the main thread and by worker threads alike on one shared
 * problem (all arrays on SharedArrayBuffers when threads > 1). Every task writes a disjoint part of the
 * problem, and each row's arithmetic is the same whichever thread runs it, so the factors are bitwise
 * identical for any thread count.
 */

/** Partial Gram matrices are summed over this many fixed row chunks, in order, whatever the thread count. */
export const GRAM_CHUNKS = 8;

/** Everything the tasks read and write. */
export interface IalsProblem {
  readonly settings: SweepSettings;
  readonly userFactors: Dense;
  readonly itemFactors: Dense;
  /** Users' rows: user-major confidences, solving X with Y fixed. */
  readonly users: SweepSide;
  /** Items' rows: the transposed matrix, solving Y with X fixed. */
  readonly items: SweepSide;
  /** GRAM_CHUNKS partial Gram matrices (k² each) of the fixed side. */
  readonly gramChunks: Float64Array;
  /** The fixed side's full Gram matrix (k²). */
  readonly gram: Float64Array;
  /** Qᵀ (k²) of the basis change that makes the fixed side's Gram tridiagonal. */
  readonly basis: Float64Array;
  readonly diagonal: Float64Array;
  readonly offDiagonal: Float64Array;
}

export type IalsSide = 'users' | 'items';

/** A unit of work; ranges are half-open row (or chunk) intervals. */
export type IalsTask =
  | { readonly op: 'gram'; readonly side: IalsSide; readonly fromChunk: number; readonly toChunk: number }
  | {
      readonly op: 'rotate';
      readonly userFrom: number;
      readonly userTo: number;
      readonly itemFrom: number;
      readonly itemTo: number;
    }
  | {
      readonly op: 'sweep';
      readonly side: IalsSide;
      readonly from: number;
      readonly to: number;
      readonly form: GramForm['kind'];
    };

/** Per-thread scratch. */
export interface IalsScratch {
  readonly cg: CgWorkspace;
  /** 4·k entries for transformRowsInPlace. */
  readonly rows: Float64Array;
}

/** First row of chunk c when rows are cut into `chunks` near-equal parts. */
export function chunkStart(rows: number, chunk: number, chunks: number): number {
  return Math.floor((rows * chunk) / chunks);
}

/** Runs one task; returns the objective of the solved rows for a sweep and 0 otherwise. */
export function runIalsTask(problem: IalsProblem, task: IalsTask, scratch: IalsScratch): number {
  const k = problem.settings.k;
  switch (task.op) {
    case 'gram': {
      const factors = task.side === 'users' ? problem.userFactors : problem.itemFactors;
      for (let c = task.fromChunk; c < task.toChunk; c++) {
        const out = problem.gramChunks.subarray(c * k * k, (c + 1) * k * k);
        const from = chunkStart(factors.rows, c, GRAM_CHUNKS);
        gramRowsInto(factors, from, chunkStart(factors.rows, c + 1, GRAM_CHUNKS), out);
      }
      return 0;
    }
    case 'rotate':
      transformRowsInPlace(problem.userFactors, task.userFrom, task.userTo, problem.basis, scratch.rows);
      transformRowsInPlace(problem.itemFactors, task.itemFrom, task.itemTo, problem.basis, scratch.rows);
      return 0;
    case 'sweep': {
      const gram: GramForm =
        task.form === 'full'
          ? { kind: 'full', values: problem.gram }
          : { kind: 'tridiagonal', diagonal: problem.diagonal, offDiagonal: problem.offDiagonal };
      const side = task.side === 'users' ? problem.users : problem.items;
      return sweepRows(side, problem.settings, gram, task.from, task.to, scratch.cg);
    }
  }
}
