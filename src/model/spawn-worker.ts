import { Worker } from 'node:worker_threads';

/** True when this package runs compiled (dist/*.js) rather than from its TypeScript sources. */
const COMPILED = import.meta.url.endsWith('.js');

/**
 * Starts a worker thread on a module of this package. The entry is a .ts file, and Node 20 applies neither
 * the parent's loader hooks nor an `--import tsx` in execArgv to worker threads (verified under the tsx CLI,
 * `node --import tsx` and vitest), so the worker first registers tsx's loader itself, then imports the entry.
 * tsx is resolved from this module, not from the working directory. A compiled .js entry starts directly.
 */
export function spawnWorker(entry: URL, workerData: unknown): Worker {
  // Compiled to dist/ (npm run build:server), this module is a .js file, and a module names its worker's .ts
  // file, of which only the compiled .js twin is there.
  if (COMPILED && entry.pathname.endsWith('.ts')) entry = new URL(entry.href.replace(/\.ts$/, '.js'));
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
