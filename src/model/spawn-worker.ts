import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this package. The entry is a .ts file, and Node 20 applies neither
 * the parent's loader hooks nor an `--import tsx` in execArgv to worker threads (verified under the tsx CLI,
 * `node --import tsx` and vitest), so the worker first registers tsx's loader itself, then imports the entry.
 * tsx is resolved from this module, not from the working directory. A compiled .js entry starts directly.
 */
export function spawnWorker(entry: URL, workerData: unknown): Worker {
  // Compiled to dist/ (npm run build:server), a module names its worker's .ts file, which is not there.
  const compiled = new URL(entry.href.replace(/\.ts$/, '.js'));
  if (entry.pathname.endsWith('.ts') && !existsSync(entry) && existsSync(compiled)) entry = compiled;
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve(api);
  } catch {
    // Keep the bare specifier: it resolves when the process runs from the project directory.
  }
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
