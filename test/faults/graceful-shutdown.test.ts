import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { ArtifactFiles } from '../../src/store/artifact-files.ts';
import { openStore } from '../../src/store/open-store.ts';
import { seedPipelineStore, smallSettings } from '../pipeline/pipeline-fixture.ts';
import { startCoplay, type CoplayProcess } from './coplay-process.ts';
import { until } from './until.ts';

/** Resolves true once a new TCP connection to `port` is refused, false while one still gets through. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM on a real `coplay start` (SQLite, a published model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coplay-faults-shutdown-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'coplay.db')}`, ARTIFACT_DIR: join(dir, 'models') };
  let server: CoplayProcess | undefined;

  beforeAll(async () => {
    const store = await openStore(env.DATABASE_URL);
    try {
      await seedPipelineStore(store);
      const run = await runPipeline({
        store,
        artifacts: new ArtifactFiles(env.ARTIFACT_DIR),
        settings: smallSettings(),
      });
      if (run.status !== 'succeeded') throw new Error(`the fixture pipeline run ${run.status}`);
    } finally {
      await store.close();
    }
  });

  afterAll(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the request in flight with 200, refuses new connections meanwhile, and exits 0', async () => {
    server = await startCoplay([], env);
    const { port } = server;
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);

    // A request whose body is still arriving when the signal comes: the slowest kind of request in flight.
    const body = JSON.stringify({ members: [{ sampleUser: '2' }, { sampleUser: '3' }], limit: 5 });
    const slow = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/recommendations',
      agent: false,
      // The server answers 100 Continue as it hands the request to the app: proof it is in flight.
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        expect: '100-continue',
      },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      slow.once('error', reject);
      slow.once('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
    });
    // Handled here so that a failing run reports the assertion below, not an unhandled rejection.
    response.catch(() => undefined);
    const continued = new Promise<void>((resolve) => slow.once('continue', () => resolve()));
    slow.flushHeaders();
    await continued;
    slow.write(body.slice(0, 10));

    server.child.kill('SIGTERM');
    // New connections are refused while the request above is still waiting for the rest of its body.
    await until('new connections to be refused', async () => ((await refused(port)) ? true : undefined), {
      timeoutMs: 10_000,
    });
    expect(server.child.exitCode).toBeNull();

    slow.end(body.slice(10));
    const answer = await response;
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { items: unknown[] }).items.length).toBeGreaterThan(0);

    const code = await Promise.race([
      server.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000)),
    ]);
    expect(code, server.output()).toBe(0);
    expect(await refused(port)).toBe(true);
  }, 40_000);
});
