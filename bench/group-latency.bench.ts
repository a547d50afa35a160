/**
 * Group recommendation latency and throughput (issue 4's figures), printed as JSON lines:
 * - `group-recommend`: the engine alone (fold-in of every member, fits, filters, fair ranking, reasons),
 *   4 members with ~100 inline games each, full catalog, ownership any;
 * - `http-recommend`: the same requests through the real Fastify app on 127.0.0.1, driven by autocannon
 *   in a separate process (server-side latency from Fastify's own timer, throughput and errors from
 *   autocannon), plus the server's RSS with the model loaded.
 * Needs an imported database with a live model (`npm start` once, or `npx coplay import && npx coplay train`).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { recommendGroup, type GroupMember } from '../src/group/recommend-group.ts';
import { loadLiveModel } from '../src/pipeline/load-model.ts';
import { buildApp } from '../src/server/build-app.ts';
import { ModelRegistry } from '../src/server/model-registry.ts';
import { ArtifactFiles } from '../src/store/artifact-files.ts';
import { openStore } from '../src/store/open-store.ts';

const config = loadConfig(process.env);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

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
for (let i = 0; i < 1000; i++) {
  const started = performance.now();
  recommendGroup(live.groupModel, { members: groups[i % groups.length] as GroupMember[] });
  engine.push(performance.now() - started);
}
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
  }),
);

// Through HTTP.
const app = await buildApp({ store, models: new ModelRegistry(live) });
const serverMs: number[] = [];
app.addHook('onResponse', async (request, reply) => {
  if (request.url === '/api/v1/recommendations') serverMs.push(reply.elapsedTime);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const bodies = groups.map((members) =>
  JSON.stringify({ members: members.map((m) => ({ name: m.label, games: m.games })), limit: 20 }),
);
// Every group in turn, so the server folds in 200 distinct members rather than one group over and over.
const bodyFile = join(tmpdir(), `coplay-bench-${process.pid}.json`);
writeFileSync(bodyFile, JSON.stringify(bodies));
const rssBefore = process.memoryUsage().rss;

// autocannon runs in its own process so the client does not share the server's event loop.
interface AutocannonResult {
  requests?: { total: number; average: number };
  latency?: { p50: number; p99: number };
  errors?: number;
  non2xx?: number;
}
const result = await new Promise<AutocannonResult>((resolve, reject) => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'drive-autocannon.ts'),
      `http://127.0.0.1:${port}/api/v1/recommendations`,
      bodyFile,
      String(SECONDS),
      String(CONNECTIONS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.on('error', reject);
  child.on('close', (code) =>
    code === 0
      ? resolve(JSON.parse(out) as AutocannonResult)
      : reject(new Error(`autocannon exited ${code}`)),
  );
});
const rssAfter = process.memoryUsage().rss;
serverMs.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: 'http-recommend',
    seconds: SECONDS,
    connections: CONNECTIONS,
    requests: result.requests?.total,
    requests_per_s: result.requests?.average,
    errors: result.errors,
    non_2xx: result.non2xx,
    client_p50_ms: result.latency?.p50,
    client_p99_ms: result.latency?.p99,
    server_p50_ms: +quantile(serverMs, 0.5).toFixed(3),
    server_p99_ms: +quantile(serverMs, 0.99).toFixed(3),
    rss_mb_start: Math.round(rssBefore / 1e6),
    rss_mb_end: Math.round(rssAfter / 1e6),
  }),
);
await app.close();
await store.close();
