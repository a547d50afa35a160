/**
 * The server under load: `node bin/coplay.js start` as a child process on a free port, exactly as deployed
 * (same CLI, same composition), with its log in a file and its resident memory read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { LoadDatabase } from './load-database.ts';

const REPO = resolve(import.meta.dirname, '..');
/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const CLOCK_TICKS = 100;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** A running `coplay start`; stop() sends SIGTERM and waits for it to exit. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly exited: Promise<number | null>,
  ) {}

  /** Starts the server on the database and waits until /readyz answers 200 (a model is loaded). */
  static async start(
    db: LoadDatabase,
    options: {
      logFile: string;
      logLevel: string;
      env?: Record<string, string>;
      /** What node runs after its flags: `bin/coplay.js start` unless given. */
      command?: readonly string[];
    },
  ): Promise<ServerProcess> {
    const port = await freePort();
    const log = openSync(options.logFile, 'w');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.databaseUrl,
      ARTIFACT_DIR: db.artifactDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel,
      // The benchmark measures serving: no scheduled retraining, and no per-address limit on its one client.
      PIPELINE_CRON: 'off',
      RATE_LIMIT_MAX: '0',
      ...options.env,
    };
    delete env.STEAM_API_KEY;
    delete env.ADMIN_TOKEN;
    // The same V8 flag as `npm start` and the image (a 4 MB young generation: see the README's Benchmarks),
    // or BENCH_SERVER_NODE_FLAGS (space-separated) to try others.
    const flags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '--max-semi-space-size=4')
      .split(' ')
      .filter(Boolean);
    const child = spawn(process.execPath, [...flags, ...(options.command ?? ['bin/coplay.js', 'start'])], {
      cwd: REPO,
      env,
      stdio: ['ignore', log, log],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`, exited);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const early = await Promise.race([exited, new Promise((done) => setTimeout(() => done('wait'), 250))]);
      if (early !== 'wait')
        throw new Error(`the server exited (${String(early)}) before it was ready; see ${options.logFile}`);
      const ready = await fetch(`${server.baseUrl}/readyz`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ready) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`the server was not ready within 120 s; see ${options.logFile}`);
      }
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resident set size in bytes (VmRSS), or NaN once the process is gone. */
  rssBytes(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb === undefined ? Number.NaN : Number(kb) * 1024;
    } catch {
      return Number.NaN;
    }
  }

  /** CPU time the process has used so far (user + system, all its threads), in ms; NaN once it is gone. */
  cpuMs(): number {
    try {
      // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) in clock ticks, after the ")" of the command name.
      const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return Number.NaN;
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within 30 s; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
