import { describe, expect, it } from 'vitest';
import { createCgWorkspace } from '../core/conjugate-gradient.ts';
import { csrFromTriples, transposeCsr } from '../core/csr.ts';
import { createDense } from '../core/dense.ts';
import { Random } from '../core/random.ts';
import { GRAM_CHUNKS, runIalsTask } from './ials-task.ts';
import type { IalsProblem, IalsTask } from './ials-task.ts';
import { IalsWorkerPool } from './ials-worker-pool.ts';

/** A small iALS problem on shared memory, with random factors. */
function sharedProblem(): IalsProblem {
  const random = new Random(3);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < 40; u++) {
    for (let t = 0; t < 5; t++) {
      rows.push(u);
      cols.push((u * 7 + t * 3) % 25);
      values.push(1 + 4 * random.next());
    }
  }
  const users = csrFromTriples(40, 25, rows, cols, values);
  const items = transposeCsr(users);
  const share = <T extends Int32Array | Float32Array>(a: T, make: (b: SharedArrayBuffer) => T): T => {
    const out = make(new SharedArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  };
  const arrays = (m: typeof users) => ({
    indptr: share(m.indptr, (b) => new Int32Array(b)),
    indices: share(m.indices, (b) => new Int32Array(b)),
    data: share(m.data, (b) => new Float32Array(b)),
  });
  const k = 6;
  const X = createDense(40, k, true);
  const Y = createDense(25, k, true);
  random.fillNormal(X.data, 0.3);
  random.fillNormal(Y.data, 0.3);
  const floats = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * n));
  const gram = floats(k * k);
  for (let i = 0; i < 25; i++)
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) gram[a * k + b] += Y.data[i * k + a] * Y.data[i * k + b];
  return {
    settings: { k, cgSteps: 3, scaling: { lambda: 0.1, exponent: 0, unobservedWeight: 1 } },
    userFactors: X,
    itemFactors: Y,
    users: { ...arrays(users), target: X.data, other: Y.data, otherRows: 25 },
    items: { ...arrays(items), target: Y.data, other: X.data, otherRows: 40 },
    gramChunks: floats(GRAM_CHUNKS * k * k),
    gram,
    basis: floats(k * k),
    diagonal: floats(k),
    offDiagonal: floats(k),
  };
}

describe('IalsWorkerPool', () => {
  it('loads a TypeScript worker that computes exactly what the main thread computes', async () => {
    const problem = sharedProblem();
    const before = problem.userFactors.data.slice();
    const task: IalsTask = { op: 'sweep', side: 'users', from: 10, to: 30, form: 'full' };
    const scratch = { cg: createCgWorkspace(6), rows: new Float64Array(24) };
    const here = runIalsTask(problem, task, scratch);
    const expected = problem.userFactors.data.slice();
    problem.userFactors.data.set(before);

    const pool = IalsWorkerPool.start(1, problem);
    try {
      await pool.whenReady();
      expect(pool.isReady(0)).toBe(true);
      const there = await pool.run(0, task);
      expect(there).toBe(here);
      expect(problem.userFactors.data).toEqual(expected);
      expect(problem.userFactors.data.subarray(0, 60)).toEqual(before.subarray(0, 60));
    } finally {
      await pool.close();
    }
  });

  it('reports a failing task as a rejected promise', async () => {
    const pool = IalsWorkerPool.start(1, sharedProblem());
    try {
      await pool.whenReady();
      await expect(
        pool.run(0, { op: 'rotate', userFrom: 0, userTo: 99, itemFrom: 0, itemTo: 0 }),
      ).rejects.toThrow(/iALS worker failed: RangeError/);
      await expect(pool.run(1, { op: 'gram', side: 'users', fromChunk: 0, toChunk: 1 })).rejects.toThrow(
        RangeError,
      );
    } finally {
      await pool.close();
    }
  });
});
