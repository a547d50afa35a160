/**
 * `npm run bench:load [-- --duration 60 --connections 16 --warmup 10 --warmup-max 90 --seed 1 --mix 70,20,10]`
 * (`--rebuild` prepares the database again, `--keep` keeps the run's copy, `--log-level` sets the server's)
 *
 * Load benchmark of the real server: `coplay start` as a child process on a prepared copy of the bundled
 * database (import + train once, cached under var/bench-load/prepared), then mixed traffic from autocannon in
 * this process: group recommendations, catalog searches and feedback (70/20/10 by default). Prints one JSON
 * object: throughput and latency (overall and per kind), status codes, errors, timeouts, and the server's
 * resident memory sampled every 2 s. Exits 1 on any error, timeout or non-2xx answer (the mix sends only
 * valid requests), or when the server's RSS grew more than --max-rss-growth % (default 10) from the end of
 * the warm-up to the tail after the run, both read once memory has settled (see untilMemorySettles): the
 * warm-up lasts at least --warmup s and until V8's first major collection, the tail until the next one or,
 * after 40 s, until RSS has stayed level for 20 s (each at most --warmup-max s, under the same load; neither
 * counts towards the throughput and latency figures).
 * A script, not a test: it needs an idle machine for figures worth quoting.
 */
import autocannon from 'autocannon';
import { rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/open-store.ts';
import { copyForRun, preparedDatabase } from './load-database.ts';
import { ServerProcess } from './load-server.ts';
import { KINDS, LoadTraffic, type Kind, type Player, type TrafficRequest } from './load-traffic.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '10' },
    'warmup-max': { type: 'string', default: '90' },
    seed: { type: 'string', default: '1' },
    mix: { type: 'string', default: '70,20,10' },
    'max-rss-growth': { type: 'string', default: '10' },
    'log-level': { type: 'string', default: 'info' },
    rebuild: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const WARMUP_S = Number(args.warmup);
const WARMUP_MAX_S = Number(args['warmup-max']);
const MAX_RSS_GROWTH_PCT = Number(args['max-rss-growth']);
const MIX = args.mix.split(',').map(Number) as [number, number, number];
const RSS_SAMPLE_MS = 2_000;
if (
  ![DURATION_S, CONNECTIONS, WARMUP_S, WARMUP_MAX_S, MAX_RSS_GROWTH_PCT, ...MIX].every(
    (n) => Number.isFinite(n) && n >= 0,
  )
)
  throw new Error('--duration, --connections, --warmup(-max), --max-rss-growth and --mix take numbers');
if (MIX.length !== 3) throw new Error('--mix takes three weights: recommend,search,feedback');

const log = (text: string) => process.stderr.write(`bench:load: ${text}\n`);
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return +(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(2);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The sample players the page offers, with their whole libraries, and the names of the games they own. */
async function loadPlayers(
  baseUrl: string,
  databaseUrl: string,
): Promise<{ players: Player[]; names: string[]; appids: number[] }> {
  const samples = await getJson<{ items: { id: string }[] }>(`${baseUrl}/api/v1/sample-players?limit=100`);
  const ids = samples.items.map((s) => s.id);
  // The API shows only each player's top games; the full libraries come from the (unserved) prepared copy.
  const store = await openStore(databaseUrl, { migrate: false });
  try {
    const libraries = await store.interactions.topGamesByUser(ids, 1_000_000, 'steam200k');
    const players = ids.map((id) => ({
      id,
      games: (libraries.get(id) ?? []).map((g) => ({
        appid: g.appid,
        playtimeMinutes: Math.round(g.hours * 60),
      })),
    }));
    const games = await store.games.getMany([
      ...new Set(players.flatMap((p) => p.games.map((g) => g.appid))),
    ]);
    return {
      players,
      names: [...games.values()].map((g) => g.name),
      appids: [...games.keys()],
    };
  } finally {
    await store.close();
  }
}

/** The server's V8 heap and off-heap (ArrayBuffer) memory from its /metrics, to tell a leak from a growing heap. */
async function heapMb(baseUrl: string): Promise<{ heap_used: number; external: number } | null> {
  const res = await fetch(`${baseUrl}/metrics`).catch(() => undefined);
  if (!res?.ok) return null;
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return {
    heap_used: mb(value('nodejs_heap_size_used_bytes')),
    external: mb(value('nodejs_external_memory_bytes')),
  };
}

/**
 * Under load V8 lets the heap grow for 20–40 s between major collections (RSS here climbs ~150 MB from about
 * 310 MB, then falls back within a few seconds), and later often settles into a level regime with small
 * swings; an RSS reading taken at an arbitrary moment says when the last collection ran more than what the
 * server keeps. This predicate ends a phase (after at least `minSeconds`) once RSS has fallen 10% below the
 * phase's peak and settled (two samples within 3%), or, given `levelAfterS`, once that long has passed and
 * the last 20 s stayed within 5%. The lowest reading of such a phase is comparable with any other taken so,
 * and a leak shows as growth between two of them.
 */
function untilMemorySettles(
  minSeconds: number,
  levelAfterS?: number,
): {
  stop: (rss: readonly number[], elapsedS: number) => boolean;
  how: () => 'after_major_gc' | 'level' | 'not_settled';
} {
  let collected = false;
  let how: 'after_major_gc' | 'level' | 'not_settled' = 'not_settled';
  const levelSamples = 20_000 / RSS_SAMPLE_MS;
  return {
    stop: (rss, elapsedS) => {
      const [before, last] = rss.slice(-2) as [number, number];
      collected ||= last < 0.9 * Math.max(...rss);
      const recent = rss.slice(-levelSamples);
      if (elapsedS < minSeconds) return false;
      if (collected && Math.abs(last - before) < 0.03 * before) how = 'after_major_gc';
      else if (
        levelAfterS !== undefined &&
        elapsedS >= levelAfterS &&
        recent.length === levelSamples &&
        Math.max(...recent) < 1.05 * Math.min(...recent)
      )
        how = 'level';
      return how !== 'not_settled';
    },
    how: () => how,
  };
}

interface Phase {
  result: autocannon.Result;
  /** Latencies in ms by kind, as autocannon timed them. */
  latencies: Record<Kind, number[]>;
  /** Status codes by kind. */
  statuses: Record<Kind, Record<string, number>>;
  rss: { atMs: number; mb: number }[];
}

/**
 * Runs autocannon for `seconds`, every request drawn from `traffic`, sampling the server's RSS every 2 s;
 * `stopEarly` (asked at each sample) may end the phase sooner.
 */
async function runPhase(
  server: ServerProcess,
  traffic: LoadTraffic,
  seconds: number,
  stopEarly: (rss: readonly number[], elapsedS: number) => boolean = () => false,
): Promise<Phase> {
  const latencies = { recommend: [], search: [], feedback: [] } as Record<Kind, number[]>;
  const statuses = { recommend: {}, search: {}, feedback: {} } as Record<Kind, Record<string, number>>;
  // autocannon calls onResponse and then emits 'response' (with the latency) synchronously for the same
  // answer, so the kind noted by the first is the kind of the second.
  let answered: Kind | undefined;
  const options: autocannon.Options = {
    url: server.baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request, context) => {
          const next: TrafficRequest = traffic.next();
          (context as { kind?: Kind }).kind = next.kind;
          return {
            ...request,
            method: next.method,
            path: next.path,
            headers: next.body === undefined ? {} : { 'content-type': 'application/json' },
            body: next.body ?? '',
          };
        },
        onResponse: (status, _body, context) => {
          answered = (context as { kind?: Kind }).kind;
          if (answered) statuses[answered][status] = (statuses[answered][status] ?? 0) + 1;
        },
      },
    ],
  };
  const started = performance.now();
  const rss: Phase['rss'] = [{ atMs: 0, mb: mb(server.rssBytes()) }];
  let sampler: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(options, (error, finished) => (error ? fail(error) : done(finished)));
    // The instance emits (client, statusCode, bytes, ms); the published types leave out the client.
    (instance as unknown as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, _status: number, _bytes: number, ms: number) => {
        if (answered) latencies[answered].push(ms);
        answered = undefined;
      },
    );
    sampler = setInterval(() => {
      const atMs = Math.round(performance.now() - started);
      rss.push({ atMs, mb: mb(server.rssBytes()) });
      const samples = rss.map((r) => r.mb);
      if (stopEarly(samples, atMs / 1000)) instance.stop();
    }, RSS_SAMPLE_MS);
  });
  clearInterval(sampler);
  rss.push({ atMs: Math.round(performance.now() - started), mb: mb(server.rssBytes()) });
  return { result, latencies, statuses, rss };
}

function summarise(phase: Phase, seconds: number) {
  const byKind = Object.fromEntries(
    KINDS.map((kind) => {
      const sorted = [...phase.latencies[kind]].sort((a, b) => a - b);
      const codes = phase.statuses[kind];
      const count = Object.values(codes).reduce((a, b) => a + b, 0);
      const non2xx = Object.entries(codes)
        .filter(([code]) => !code.startsWith('2'))
        .reduce((a, [, n]) => a + n, 0);
      return [
        kind,
        {
          requests: count,
          per_s: +(count / seconds).toFixed(1),
          p50_ms: quantile(sorted, 0.5),
          p90_ms: quantile(sorted, 0.9),
          p99_ms: quantile(sorted, 0.99),
          max_ms: sorted.length ? +(sorted[sorted.length - 1] as number).toFixed(2) : null,
          status_codes: codes,
          non_2xx: non2xx,
        },
      ];
    }),
  );
  return byKind;
}

const prepared = preparedDatabase({ rebuild: args.rebuild });
const runDb = copyForRun(prepared);
const logFile = resolve(join('var/bench-load', 'server.log'));
log(`starting the server on ${runDb.dir} (log: ${logFile})`);
const server = await ServerProcess.start(runDb, { logFile, logLevel: args['log-level'] });
let exitCode = 0;
try {
  const ready = await getJson<{ model: { version: string; algorithm: string } }>(`${server.baseUrl}/readyz`);
  const { players, names, appids } = await loadPlayers(server.baseUrl, prepared.databaseUrl);
  const traffic = new LoadTraffic(players, names, appids, ready.model.version, {
    seed: Number(args.seed),
    mix: MIX,
  });
  log(`${players.length} sample players, ${names.length} game names; warming up`);
  const loadStart = loadavg();
  // The first major collection ends the warm-up: before it RSS only climbs.
  const warmupMemory = untilMemorySettles(WARMUP_S);
  const warmup = await runPhase(server, traffic, WARMUP_MAX_S, warmupMemory.stop);
  log(`measuring for ${DURATION_S} s with ${CONNECTIONS} connections`);
  const heapStart = await heapMb(server.baseUrl);
  const groupsBefore = traffic.distinctGroups;
  const sizesBefore = { ...traffic.groupSizes };
  const phase = await runPhase(server, traffic, DURATION_S);
  const groupsInRun = traffic.distinctGroups - groupsBefore;
  const sizesInRun = Object.fromEntries(
    Object.entries(traffic.groupSizes).map(([size, n]) => [size, n - (sizesBefore[Number(size)] ?? 0)]),
  );
  const loadEnd = loadavg();
  log('keeping the load on until memory settles, for the last memory reading');
  const tailMemory = untilMemorySettles(0, 40);
  const tail = await runPhase(server, traffic, WARMUP_MAX_S, tailMemory.stop);
  const heapEnd = await heapMb(server.baseUrl);

  const { result } = phase;
  const rssValues = phase.rss.map((s) => s.mb).filter(Number.isFinite);
  const rssStart = phase.rss[0]?.mb ?? Number.NaN;
  const rssEnd = Math.min(...tail.rss.map((r) => r.mb));
  const growthPct = +(((rssEnd - rssStart) / rssStart) * 100).toFixed(1);
  const all = KINDS.flatMap((k) => phase.latencies[k]).sort((a, b) => a - b);
  const failures: string[] = [];
  if (result.errors > 0) failures.push(`${result.errors} connection errors`);
  if (result.timeouts > 0) failures.push(`${result.timeouts} timeouts`);
  if (result.non2xx > 0) failures.push(`${result.non2xx} non-2xx answers`);
  if (!(growthPct <= MAX_RSS_GROWTH_PCT))
    failures.push(`RSS grew ${growthPct}% (limit ${MAX_RSS_GROWTH_PCT}%)`);
  for (const [name, extra] of [
    ['warm-up', warmup],
    ['tail', tail],
  ] as const) {
    if (extra.result.non2xx + extra.result.errors + extra.result.timeouts > 0)
      failures.push(`${name}: ${extra.result.non2xx} non-2xx, ${extra.result.errors} errors`);
  }

  const report = {
    bench: 'load',
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadavg_1m_start: +(loadStart[0] as number).toFixed(2),
      loadavg_1m_end: +(loadEnd[0] as number).toFixed(2),
    },
    model: ready.model,
    duration_s: DURATION_S,
    warmup_s: Math.round(warmup.result.duration),
    tail_s: Math.round(tail.result.duration),
    connections: CONNECTIONS,
    mix: { recommend: MIX[0], search: MIX[1], feedback: MIX[2] },
    requests: result.requests.total,
    requests_per_s: +(result.requests.total / DURATION_S).toFixed(1),
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      // The same from the per-kind samples below (should agree with autocannon's histogram).
      sampled_p50: quantile(all, 0.5),
      sampled_p99: quantile(all, 0.99),
    },
    by_kind: summarise(phase, DURATION_S),
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // Of the measured run; member sets are new across the whole benchmark (see LoadTraffic.distinctPlayers).
    distinct_groups: groupsInRun,
    group_sizes: sizesInRun,
    rss_mb: {
      // Read once memory settled under load (see untilMemorySettles): the end of the warm-up, and the lowest
      // reading of the tail after the measured run.
      start: rssStart,
      end: rssEnd,
      growth_pct: growthPct,
      max: Math.max(...rssValues),
      end_of_run: phase.rss[phase.rss.length - 1]?.mb ?? null,
      before_warmup: warmup.rss[0]?.mb ?? null,
      read: { start: warmupMemory.how(), end: tailMemory.how() },
      // Every 2 s.
      samples: {
        warmup: warmup.rss.map((r) => r.mb),
        run: phase.rss.map((r) => r.mb),
        tail: tail.rss.map((r) => r.mb),
      },
    },
    // From the server's /metrics (null when METRICS_ENABLED=false), read at the same two moments.
    heap_mb: heapStart && heapEnd ? { start: heapStart, end: heapEnd } : null,
    ok: failures.length === 0,
    failures,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  exitCode = failures.length === 0 ? 0 : 1;
} finally {
  const code = await server.stop();
  if (code !== 0) log(`the server exited with ${code} on SIGTERM; see ${logFile}`);
  if (!args.keep) rmSync(runDb.dir, { recursive: true, force: true });
}
process.exitCode = exitCode;
