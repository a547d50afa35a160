import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn-worker.ts';
import type { IalsProblem, IalsTask } from './ials-task.ts';
import type { IalsWorkerMessage } from './ials-worker.ts';

/**
 * A fixed set of iALS worker threads sharing one problem (factors and CSR arrays on SharedArrayBuffers).
 * Each worker runs one task at a time; the trainer gives every worker one contiguous range per step and
 * works on a range itself on the main thread meanwhile. A worker takes a few hundred milliseconds to
 * load; until it says it is ready the trainer runs its tasks on the main thread (the results are the same
 * whoever computes them), so start-up never stalls the fit.
 */
export class IalsWorkerPool {
  private readonly workers: Worker[];
  private readonly failures: (Error | undefined)[];
  private readonly ready: boolean[];
  private readonly loaded: Promise<void>[];

  private constructor(workers: Worker[]) {
    this.workers = workers;
    this.failures = workers.map(() => undefined);
    this.ready = workers.map(() => false);
    this.loaded = workers.map(
      (worker, at) =>
        new Promise<void>((resolve, reject) => {
          // A worker that fails to load emits 'error' before any task: keep it for the next call.
          worker.on('error', (error) => {
            this.failures[at] ??= error;
            reject(error);
          });
          worker.once('message', (message: IalsWorkerMessage) => {
            if ('ready' in message) this.ready[at] = true;
            resolve();
          });
        }),
    );
    // Failures surface through isReady and run; do not also report them as unhandled rejections.
    for (const promise of this.loaded) promise.catch(() => undefined);
  }

  /** Starts `count` workers on the shared problem. */
  static start(count: number, problem: IalsProblem): IalsWorkerPool {
    const workers: Worker[] = [];
    for (let i = 0; i < count; i++) workers.push(spawn(problem));
    return new IalsWorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Resolves when every worker has loaded; rejects with the first load failure. */
  async whenReady(): Promise<void> {
    await Promise.all(this.loaded);
  }

  /** Whether worker `at` has loaded; throws the error it failed with, if it did. */
  isReady(at: number): boolean {
    const failure = this.failures[at];
    if (failure !== undefined) throw failure;
    return this.ready[at] === true;
  }

  /** Whether every worker has loaded (failed workers count as not ready). */
  allReady(): boolean {
    return this.ready.every((ready, at) => ready && this.failures[at] === undefined);
  }

  /** Runs one task on worker `at`, resolving to its result. */
  run(at: number, task: IalsTask): Promise<number> {
    const worker = this.workers[at];
    if (worker === undefined)
      return Promise.reject(new RangeError(`no worker ${at} in a pool of ${this.size}`));
    const failure = this.failures[at];
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise<number>((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: IalsWorkerMessage): void => {
        if ('ready' in reply) return;
        cleanup();
        if ('error' in reply) reject(new Error(`iALS worker failed: ${reply.error}`));
        else resolve(reply.result);
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new Error(`iALS worker exited with code ${code} during a task`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(task);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

// One worker on the iALS worker entry.
function spawn(problem: IalsProblem): Worker {
  return spawnWorker(new URL('./ials-worker.ts', import.meta.url), problem);
}
