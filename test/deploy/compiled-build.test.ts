import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

// `npm start` and the image run the server compiled by `npm run build:server` (tsc, tsconfig.build.json)
// instead of through tsx: this builds it into a scratch directory and runs what the image runs.
describe('the compiled server', () => {
  let out: string;

  beforeAll(async () => {
    // Inside the repository, so that the compiled code resolves the packages in node_modules.
    mkdirSync(join(ROOT, 'var'), { recursive: true });
    out = mkdtempSync(join(ROOT, 'var', 'dist-'));
    await run(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out],
      {
        cwd: ROOT,
      },
    );
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('emits plain JavaScript with the imports rewritten and the JSON it reads, and no tests', () => {
    expect(existsSync(join(out, 'cli/main.js'))).toBe(true);
    expect(existsSync(join(out, 'model/tuned-defaults.json'))).toBe(true);
    expect(existsSync(join(out, 'group/recommend-group.test.js'))).toBe(false);
  });

  it('runs the command line without tsx', async () => {
    const { stdout } = await run(process.execPath, [join(out, 'cli/main.js'), 'start', '--help'], {
      cwd: ROOT,
    });
    expect(stdout.split('\n')[0]).toBe('Usage: coplay start [options]');
  }, 60_000);

  it('starts its worker threads from the compiled entries', async () => {
    const { spawnWorker } = (await import(pathToFileURL(join(out, 'model/spawn-worker.js')).href)) as {
      spawnWorker: (entry: URL, data: unknown) => Worker;
    };
    // Modules name their workers' .ts files; compiled, only the .js twin exists.
    const worker = spawnWorker(
      new URL('./engine-thread.ts', pathToFileURL(join(out, 'server/engine-threads.js'))),
      undefined,
    );
    const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
    const reply = new Promise<unknown>((resolve) => worker.once('message', resolve));
    worker.postMessage({
      type: 'rank',
      id: 1,
      version: 'none',
      rows: [],
      passingId: 1,
      ownership: 'any',
      strategy: 'fair',
      limit: 1,
      explain: false,
    });
    expect(await reply).toMatchObject({ id: 1, ok: false, error: { code: 'MODEL_NOT_READY' } });
    await worker.terminate();
    await exit;
  }, 60_000);
});
