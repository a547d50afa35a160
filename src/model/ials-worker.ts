import { parentPort, workerData } from 'node:worker_threads';
import { createCgWorkspace } from '../core/conjugate-gradient.ts';
import { runIalsTask } from './ials-task.ts';
import type { IalsProblem, IalsScratch, IalsTask } from './ials-task.ts';

/**
 * Worker-thread entry for parallel iALS: receives the shared problem once (workerData: typed arrays on
 * SharedArrayBuffers, so nothing is copied per task), then runs the tasks it is sent and replies with each
 * task's result.
 */

/** What a worker posts: once `ready` after loading, then per task its result or the error that stopped it. */
export type IalsWorkerMessage =
  { readonly ready: true } | { readonly result: number } | { readonly error: string };

const port = parentPort;
if (port === null) throw new Error('ials-worker.ts must run as a worker thread');
const problem = workerData as IalsProblem;
const k = problem.settings.k;
const scratch: IalsScratch = { cg: createCgWorkspace(k), rows: new Float64Array(4 * k) };

port.on('message', (task: IalsTask) => {
  try {
    port.postMessage({ result: runIalsTask(problem, task, scratch) } satisfies IalsWorkerMessage);
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    port.postMessage({ error: text } satisfies IalsWorkerMessage);
  }
});
port.postMessage({ ready: true } satisfies IalsWorkerMessage);
