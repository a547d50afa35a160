import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A `coplay start` child process on a free port, with its own SQLite file and artifact folder. */
export interface CoplayServer {
  baseUrl: string;
  databasePath: string;
  logPath: string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  logPath: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `coplay start exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logPath}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `readyz ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`coplay start was not ready after ${timeoutMs / 1000} s (${last}); see ${logPath}`);
}

/**
 * Runs the real CLI (`node bin/coplay.js start`) as a user would: the first run imports the bundled data into
 * a fresh SQLite file and trains a model, then serves the API and the built page. No Steam key is passed.
 */
export async function startCoplayServer(workDir: string, readyTimeoutMs = 300_000): Promise<CoplayServer> {
  const port = await freePort();
  const databasePath = join(workDir, 'e2e.db');
  const logPath = join(workDir, 'server.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${databasePath}`,
    ARTIFACT_DIR: join(workDir, 'models'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  delete env.STEAM_API_KEY;
  const child = spawn(process.execPath, ['bin/coplay.js', 'start'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logPath);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const baseUrl = `http://127.0.0.1:${port}`;
  // If the test run itself is killed, take the server down with it rather than leave it listening.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
    log.end();
  };
  try {
    await waitUntilReady(baseUrl, child, logPath, readyTimeoutMs);
  } catch (error) {
    await stop(2000);
    throw error;
  }
  return { baseUrl, databasePath, logPath, stop };
}
