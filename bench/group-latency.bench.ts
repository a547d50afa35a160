/**
 * Group recommendation latency and throughput (issue 4's figures), printed as JSON lines:
 * - `group-recommend`: the engine alone (fold-in of every member, fits, filters, fair ranking, reasons),
 *   4 members with ~100 inline games each, full catalog, ownership any: wall time and CPU time per group;
 * - `group-fold-ins`: the two fold-ins a group request starts with, alone (content scores of the catalog,
 *   the CF fold-in and its percentiles), per 4-member group;
 * - `http-recommend`: the same requests to the real server (`coplay start`, compiled by `npm run
 *   build:server` first, as `npm start` runs it) in a child process, once per engine-thread setting
 *   (BENCH_ENGINE_THREADS, default "0,2"), driven by autocannon in another process: throughput, errors, the
 *   server's own time per answer (its Server-Timing header), its CPU time per answer and its resident memory
 *   (at ready, the most seen while sampling every 500 ms, and at the end);
 * - `http-recommend-memoised-engine`: the same drive against bench/memoised-server.ts, which answers each
 *   group from memory after its first request: what serving costs without the engine.
 * Needs an imported database with a live model (`npm start` once, or `npx coplay import && npx coplay train`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { recommendGroup, type GroupMember } from '../src/group/recommend-group.ts';
import { approxRankPercentilesInto } from '../src/core/rank-percentiles.ts';
import { libraryToRow } from '../src/model/confidence.ts';
import { Content } from '../src/model/content.ts';
import { Hybrid } from '../src/model/hybrid.ts';
import type { SparseRow } from '../src/model/recommender.ts';
import { sessionOf } from '../src/model/scoring-session.ts';
import { loadLiveModel } from '../src/pipeline/load-model.ts';
import { ArtifactFiles } from '../src/store/artifact-files.ts';
import { openStore } from '../src/store/open-store.ts';
import { ServerProcess } from './load-server.ts';

const config = loadConfig(process.env);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const THREAD_SETTINGS = (process.env.BENCH_ENGINE_THREADS ?? '0,2').split(',');
const REPO = resolve(import.meta.dirname, '..');

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const store = await openStore(config.DATABASE_URL);
const live = await loadLiveModel(store, new ArtifactFiles(config.ARTIFACT_DIR));
if (!live) throw new Error('no live model: run `npx coplay import && npx coplay train` first');

// 50 groups of 4 dataset players with about 100 games each (their whole libraries, up to 100).
const ids = await store.interactions.listUserIds(400, 'steam200k');
const libraries = await store.interactions.topGamesByUser(ids, 100, 'steam200k');
const players = ids
  .map((id) =>
    (libraries.get(id) ?? []).map((g) => ({ appid: g.appid, playtimeMinutes: Math.round(g.hours * 60) })),
  )
  .filter((games) => games.length >= 60);
const groups: GroupMember[][] = Array.from({ length: 50 }, (_, g) =>
  [0, 1, 2, 3].map((m) => ({ label: `P${m}`, games: players[(g * 4 + m) % players.length] ?? [] })),
);
const meanGames = groups.flat().reduce((sum, m) => sum + m.games.length, 0) / (groups.length * 4);

// Engine alone.
for (let i = 0; i < 50; i++)
  recommendGroup(live.groupModel, { members: groups[i % groups.length] as GroupMember[] });
const engine: number[] = [];
const cpuBefore = process.cpuUsage();
for (let i = 0; i < 1000; i++) {
  const started = performance.now();
  recommendGroup(live.groupModel, { members: groups[i % groups.length] as GroupMember[] });
  engine.push(performance.now() - started);
}
const cpu = process.cpuUsage(cpuBefore);
engine.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: 'group-recommend',
    members: 4,
    mean_library: Math.round(meanGames),
    items: live.groupModel.model.itemCount,
    pool: live.groupModel.catalog.multiplayerColumns.length,
    runs: engine.length,
    p50_ms: +quantile(engine, 0.5).toFixed(3),
    p99_ms: +quantile(engine, 0.99).toFixed(3),
    // Process CPU (all threads, the garbage collector's included) per group.
    cpu_ms_per_group: +((cpu.user + cpu.system) / 1000 / engine.length).toFixed(3),
  }),
);

// The two fold-ins every group request of the served model starts with, alone: content scores of the whole
// catalog for the 4 members (their profiles included), and the CF fold-in over CF's games with its rank
// percentiles. What the rest of the engine (ranking, the list, reasons) and serving share the budget with.
const { model, catalog, confidence } = live.groupModel;
if (model instanceof Hybrid && model.content instanceof Content) {
  const content = model.content;
  const rowsOf = (members: GroupMember[]): SparseRow[] =>
    members.map((m) => libraryToRow(m.games, catalog.columnOf, confidence));
  const rows = groups.map(rowsOf);
  const cfRows = rows.map((group) => group.map((row) => model.toCf(row).cfRow));
  const contentOut = [0, 1, 2, 3].map(() => new Float32Array(model.itemCount));
  const cfOut = [0, 1, 2, 3].map(() => new Float32Array(model.cf.itemCount));
  const parts: [string, (g: number) => void][] = [
    ['content', (g) => content.session(rows[g] as SparseRow[]).scoreInto(contentOut)],
    [
      'cf',
      (g) => {
        sessionOf(model.cf, cfRows[g] as SparseRow[]).scoreInto(cfOut);
        for (const scores of cfOut) approxRankPercentilesInto(scores, scores);
      },
    ],
  ];
  const figures: Record<string, number> = {};
  for (const [name, run] of parts) {
    for (let i = 0; i < 100; i++) run(i % groups.length);
    const times: number[] = [];
    const before = process.cpuUsage();
    for (let i = 0; i < 1000; i++) {
      const started = performance.now();
      run(i % groups.length);
      times.push(performance.now() - started);
    }
    const used = process.cpuUsage(before);
    times.sort((a, b) => a - b);
    figures[`${name}_p50_ms`] = +quantile(times, 0.5).toFixed(3);
    figures[`${name}_cpu_ms`] = +((used.user + used.system) / 1000 / times.length).toFixed(3);
  }
  console.log(
    JSON.stringify({
      bench: 'group-fold-ins',
      members: 4,
      catalog: model.itemCount,
      cf_items: model.cf.itemCount,
      ...figures,
    }),
  );
}
await store.close();

// Through HTTP, against the server as `npm start` runs it.
const bodies = groups.map((members) =>
  JSON.stringify({ members: members.map((m) => ({ name: m.label, games: m.games })), limit: 20 }),
);
// Every group in turn, so the server folds in 200 distinct members rather than one group over and over.
const scratch = mkdtempSync(join(tmpdir(), 'coplay-bench-'));
const bodyFile = join(scratch, 'bodies.json');
writeFileSync(bodyFile, JSON.stringify(bodies));
const build = spawnSync('npm', ['run', 'build:server'], { cwd: REPO, stdio: 'ignore' });
if (build.status !== 0) throw new Error('npm run build:server failed');

interface AutocannonResult {
  requests?: { total: number; average: number };
  latency?: { p50: number; p99: number };
  errors?: number;
  non2xx?: number;
  serverMs?: number[];
  clientCpuMs?: number;
}

function drive(url: string): Promise<AutocannonResult> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'drive-autocannon.ts'),
        url,
        bodyFile,
        String(SECONDS),
        String(CONNECTIONS),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(JSON.parse(out) as AutocannonResult) : fail(new Error(`autocannon exited ${code}`)),
    );
  });
}

const mb = (bytes: number): number => Math.round(bytes / 1e6);

/** Drives one server process with the groups, prints its line (`fields` first) and stops it. */
async function measure(server: ServerProcess, fields: Record<string, string | number>): Promise<void> {
  // A short warm-up (the JIT, the first request of each engine thread or memoised group), not counted.
  for (const body of bodies)
    await fetch(`${server.baseUrl}/api/v1/recommendations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  const rssReady = server.rssBytes();
  let rssMax = rssReady;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssBytes())), 500);
  const cpuBefore = server.cpuMs();
  const result = await drive(`${server.baseUrl}/api/v1/recommendations`);
  const cpuMs = server.cpuMs() - cpuBefore;
  clearInterval(sampler);
  const rssEnd = server.rssBytes();
  await server.stop();
  const serverMs = (result.serverMs ?? []).sort((a, b) => a - b);
  const total = result.requests?.total ?? 0;
  console.log(
    JSON.stringify({
      ...fields,
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: total,
      requests_per_s: result.requests?.average,
      errors: result.errors,
      non_2xx: result.non2xx,
      client_p50_ms: result.latency?.p50,
      client_p99_ms: result.latency?.p99,
      server_p50_ms: serverMs.length > 0 ? quantile(serverMs, 0.5) : null,
      server_p99_ms: serverMs.length > 0 ? quantile(serverMs, 0.99) : null,
      server_cpu_ms_per_request: total > 0 ? +(cpuMs / total).toFixed(3) : null,
      client_cpu_ms_per_request: total > 0 ? +((result.clientCpuMs ?? 0) / total).toFixed(3) : null,
      rss_mb_ready: mb(rssReady),
      rss_mb_max: mb(rssMax),
      rss_mb_end: mb(rssEnd),
    }),
  );
}

const database = { dir: scratch, databaseUrl: config.DATABASE_URL, artifactDir: config.ARTIFACT_DIR };
for (const threads of THREAD_SETTINGS) {
  const server = await ServerProcess.start(database, {
    logFile: join(scratch, `server-${threads}.log`),
    logLevel: 'warn',
    env: { ENGINE_THREADS: threads },
  });
  await measure(server, { bench: 'http-recommend', engine_threads: Number(threads) });
}

// The same requests with the engine's answers memoised (bench/memoised-server.ts): serving's own cost, the
// part of the 2 cores' budget no engine can have.
const memoised = await ServerProcess.start(database, {
  logFile: join(scratch, 'server-memoised.log'),
  logLevel: 'warn',
  command: ['--import', 'tsx', join(import.meta.dirname, 'memoised-server.ts')],
});
await measure(memoised, { bench: 'http-recommend-memoised-engine' });
