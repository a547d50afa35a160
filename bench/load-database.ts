/**
 * The load benchmark's database: the bundled data imported and a model trained by the real CLI into a SQLite
 * file under var/bench-load/prepared, once; later runs reuse it while the data files are unchanged, and each
 * run serves a fresh copy so its feedback writes never reach the cache.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const PREPARED = join(REPO, 'var/bench-load/prepared');
const STAMP = join(PREPARED, 'stamp.json');

/** Where a server finds its data: a SQLite URL and an artifact folder. */
export interface LoadDatabase {
  dir: string;
  databaseUrl: string;
  artifactDir: string;
}

function locate(dir: string): LoadDatabase {
  return { dir, databaseUrl: `sqlite:${join(dir, 'coplay.db')}`, artifactDir: join(dir, 'models') };
}

/** A hash of the bundled data files: the cache is rebuilt when they change. */
function dataStamp(dataDir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dataDir)
    .filter((n) => n.endsWith('.gz'))
    .sort()) {
    hash.update(name);
    hash.update(readFileSync(join(dataDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

function runCli(args: string[], db: LoadDatabase): void {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['bin/coplay.js', ...args], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: db.databaseUrl, ARTIFACT_DIR: db.artifactDir, STEAM_API_KEY: '' },
    // stdout stays free for the benchmark's JSON: the CLI's own output goes to stderr.
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (run.status !== 0) throw new Error(`coplay ${args.join(' ')} exited with ${run.status ?? run.signal}`);
  process.stderr.write(
    `bench:load: coplay ${args.join(' ')} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

/** The prepared database, importing and training first when there is none or the data changed. */
export function preparedDatabase(options: { rebuild: boolean }): LoadDatabase & { stamp: string } {
  const stamp = dataStamp(join(REPO, 'data'));
  const db = locate(PREPARED);
  const cached = existsSync(STAMP) && (JSON.parse(readFileSync(STAMP, 'utf8')) as { stamp?: string }).stamp;
  if (!options.rebuild && cached === stamp) return { ...db, stamp };
  process.stderr.write('bench:load: preparing a database (import + train) under var/bench-load/prepared\n');
  rmSync(PREPARED, { recursive: true, force: true });
  mkdirSync(PREPARED, { recursive: true });
  runCli(['import'], db);
  runCli(['train'], db);
  writeFileSync(STAMP, JSON.stringify({ stamp, preparedAt: new Date().toISOString() }));
  return { ...db, stamp };
}

/** A private copy of the prepared database for one run; remove it with `rmSync(copy.dir, …)`. */
export function copyForRun(prepared: LoadDatabase): LoadDatabase {
  mkdirSync(join(REPO, 'var/bench-load'), { recursive: true });
  const dir = mkdtempSync(join(REPO, 'var/bench-load/run-'));
  cpSync(prepared.dir, dir, { recursive: true });
  return locate(dir);
}
