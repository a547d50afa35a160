import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { until } from './until.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A real `node bin/coplay.js start` child process, as an operator runs it. */
export interface CoplayProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port>, read from the "serving on" line (it listens on a port the OS picks). */
  readonly baseUrl: string;
  readonly port: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** SIGKILLs it if it is still running. */
  kill(): void;
}

/** Starts `coplay start <args>` with `env` on top of a minimal environment and waits until it listens. */
export async function startCoplay(
  args: string[],
  env: Record<string, string>,
  { timeoutMs = 20_000 }: { timeoutMs?: number } = {},
): Promise<CoplayProcess> {
  const child = spawn(process.execPath, ['bin/coplay.js', 'start', ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      PIPELINE_CRON: 'off',
      RATE_LIMIT_MAX: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const kill = () => {
    if (!ended) child.kill('SIGKILL');
  };
  // A failed test run must not leave a server listening.
  process.once('exit', kill);
  void exited.then(() => process.off('exit', kill));
  try {
    const baseUrl = await until(
      'coplay start to listen',
      () => {
        if (ended) throw new Error(`coplay start exited before it listened:\n${output}`);
        return /Coplay is serving on (http:\/\/[^\s]+)/.exec(output)?.[1];
      },
      { timeoutMs },
    );
    return { child, baseUrl, port: Number(new URL(baseUrl).port), output: () => output, exited, kill };
  } catch (error) {
    kill();
    throw error;
  }
}
