import { createCgWorkspace } from '../core/conjugate-gradient.ts';
import { transposeCsr } from '../core/csr.ts';
import type { Csr } from '../core/csr.ts';
import { createDense } from '../core/dense.ts';
import type { Dense } from '../core/dense.ts';
import { Random } from '../core/random.ts';
import { tridiagonalizeInPlace } from '../core/tridiagonalize.ts';
import { balancedRanges, regularizationTerm } from './ials-sweep.ts';
import type { RegularizationScaling, SweepSettings } from './ials-sweep.ts';
import { chunkStart, GRAM_CHUNKS, runIalsTask } from './ials-task.ts';
import type { IalsProblem, IalsScratch, IalsSide, IalsTask } from './ials-task.ts';
import { IalsWorkerPool } from './ials-worker-pool.ts';
import type { ProgressListener } from './recommender.ts';

/** What a fit needs beyond the matrix (IalsTrainer resolves defaults). */
export interface IalsFitSettings {
  readonly factors: number;
  readonly iterations: number;
  readonly cgSteps: number;
  readonly seed: number;
  readonly initScale: number;
  readonly threads: number;
  readonly scaling: RegularizationScaling;
}

/**
 * Alternating least squares on the users × items confidence matrix: each iteration re-solves every user
 * with the items fixed, then every item with the users fixed (CG per row, warm-started). Before a half-step
 * whose solving side is large enough to pay for it, both factor matrices are moved to the orthonormal basis
 * that makes the fixed side's Gram matrix tridiagonal (one (users + items)·k² pass instead of 4·rows·k² in
 * the CG products). Returns the factors in the last basis used; scores xᵀy are basis-independent.
 */
export async function fitIals(
  matrix: Csr,
  settings: IalsFitSettings,
  onProgress?: ProgressListener,
): Promise<{ userFactors: Dense; itemFactors: Dense }> {
  const { factors: k, iterations, threads } = settings;
  const shared = threads > 1;
  const users = shared ? shareCsr(matrix) : matrix;
  const items = shared ? shareCsr(transposeCsr(matrix)) : transposeCsr(matrix);
  const X = createDense(matrix.rows, k, shared);
  const Y = createDense(matrix.cols, k, shared);
  const random = new Random(settings.seed);
  random.fillNormal(Y.data, settings.initScale);
  random.fillNormal(X.data, settings.initScale);
  const floats = (n: number): Float64Array =>
    shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n);
  const sweep: SweepSettings = { k, cgSteps: settings.cgSteps, scaling: settings.scaling };
  const problem: IalsProblem = {
    settings: sweep,
    userFactors: X,
    itemFactors: Y,
    users: { ...arraysOf(users), target: X.data, other: Y.data, otherRows: matrix.cols },
    items: { ...arraysOf(items), target: Y.data, other: X.data, otherRows: matrix.rows },
    gramChunks: floats(GRAM_CHUNKS * k * k),
    gram: floats(k * k),
    basis: floats(k * k),
    diagonal: floats(k),
    offDiagonal: floats(k),
  };
  const scratch: IalsScratch = { cg: createCgWorkspace(k), rows: new Float64Array(4 * k) };
  const sweepRanges = {
    users: balancedRanges(users.indptr, threads, k, settings.cgSteps),
    items: balancedRanges(items.indptr, threads, k, settings.cgSteps),
  };
  const pool = shared ? IalsWorkerPool.start(threads - 1, problem) : undefined;

  /**
   * tasks[0] runs here, tasks[w] on worker w − 1, or here too while that worker is still loading. Results are
   * summed in task order, so they do not depend on who ran what.
   */
  const run = async (tasks: IalsTask[]): Promise<number> => {
    // A worker's "ready" message is a macrotask: while the main thread computes and awaits only settled
    // values it would never be delivered, and the worker would idle for the whole fit. One event-loop turn
    // per step while any worker is still loading lets it arrive.
    if (pool !== undefined && !pool.allReady()) await new Promise<void>((resolve) => setImmediate(resolve));
    const offloaded = tasks.map((task, w) =>
      w > 0 && pool?.isReady(w - 1) ? pool.run(w - 1, task) : undefined,
    );
    const results: (number | Promise<number>)[] = [runIalsTask(problem, tasks[0], scratch)];
    for (let w = 1; w < tasks.length; w++)
      results.push(offloaded[w] ?? runIalsTask(problem, tasks[w], scratch));
    let total = 0;
    for (const result of await Promise.all(results)) total += result;
    return total;
  };
  const parts = (count: number, w: number): number => chunkStart(count, w, threads);

  const halfStep = async (solving: IalsSide): Promise<number> => {
    const fixed: IalsSide = solving === 'users' ? 'items' : 'users';
    const tasks: IalsTask[] = [];
    for (let w = 0; w < threads; w++) {
      tasks.push({
        op: 'gram',
        side: fixed,
        fromChunk: parts(GRAM_CHUNKS, w),
        toChunk: parts(GRAM_CHUNKS, w + 1),
      });
    }
    await run(tasks);
    sumChunks(problem.gramChunks, problem.gram, k);
    // Rotating costs (users + items)·k² multiply-adds at ~1.4x the speed of the 4·rows·k² it saves.
    const solvingRows = solving === 'users' ? X.rows : Y.rows;
    const rotate = X.rows + Y.rows < 5 * solvingRows;
    if (rotate) {
      tridiagonalizeInPlace(problem.gram.slice(), k, problem.diagonal, problem.offDiagonal, problem.basis);
      const rotations: IalsTask[] = [];
      for (let w = 0; w < threads; w++) {
        const [userFrom, userTo, itemFrom, itemTo] = [
          parts(X.rows, w),
          parts(X.rows, w + 1),
          parts(Y.rows, w),
          parts(Y.rows, w + 1),
        ];
        rotations.push({ op: 'rotate', userFrom, userTo, itemFrom, itemTo });
      }
      await run(rotations);
    }
    const ranges = sweepRanges[solving];
    const sweeps: IalsTask[] = [];
    for (let w = 0; w < threads; w++) {
      sweeps.push({
        op: 'sweep',
        side: solving,
        from: ranges[w],
        to: ranges[w + 1],
        form: rotate ? 'tridiagonal' : 'full',
      });
    }
    return run(sweeps);
  };

  const started = performance.now();
  try {
    for (let iteration = 1; iteration <= iterations; iteration++) {
      await halfStep('users');
      const userPenalty = regularizationTerm(users.indptr, X.data, k, settings.scaling, matrix.cols);
      // The item solves start from Y of the previous iteration, so their objective plus the users' penalty is
      // the full objective at (X of this iteration, Y of the previous one): exact and nearly free.
      const loss = userPenalty + (await halfStep('items'));
      const elapsedMs = performance.now() - started;
      onProgress?.({
        step: iteration,
        total: iterations,
        loss,
        elapsedMs,
        message: `iALS iteration ${iteration}/${iterations}: loss ${loss.toPrecision(6)}, ${Math.round(elapsedMs)} ms`,
      });
    }
  } finally {
    await pool?.close();
  }
  return { userFactors: unshared(X), itemFactors: unshared(Y) };
}

function sumChunks(chunks: Float64Array, out: Float64Array, k: number): void {
  const size = k * k;
  out.fill(0, 0, size);
  for (let c = 0; c < GRAM_CHUNKS; c++) {
    const base = c * size;
    for (let t = 0; t < size; t++) out[t] += chunks[base + t];
  }
}

function arraysOf(m: Csr): { indptr: Int32Array; indices: Int32Array; data: Float32Array } {
  return { indptr: m.indptr, indices: m.indices, data: m.data };
}

/** A copy of the CSR arrays on SharedArrayBuffers, readable by worker threads without copying. */
function shareCsr(m: Csr): Csr {
  const indptr = new Int32Array(new SharedArrayBuffer(m.indptr.byteLength));
  const indices = new Int32Array(new SharedArrayBuffer(m.indices.byteLength));
  const data = new Float32Array(new SharedArrayBuffer(m.data.byteLength));
  indptr.set(m.indptr);
  indices.set(m.indices);
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, indptr, indices, data };
}

/** The fitted model keeps plain ArrayBuffer memory, whatever the threads used for training. */
function unshared(m: Dense): Dense {
  return {
    rows: m.rows,
    cols: m.cols,
    data: m.data.buffer instanceof SharedArrayBuffer ? m.data.slice() : m.data,
  };
}
