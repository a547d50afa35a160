import { cpus, loadavg } from 'node:os';
import { syntheticPowerLaw } from './synthetic-interactions.ts';
import { csrFromTriples } from '../src/core/csr.ts';
import type { Csr } from '../src/core/csr.ts';
import { createCgWorkspace, implicitCgSolve } from '../src/core/conjugate-gradient.ts';
import { Random } from '../src/core/random.ts';
import { EaseTrainer } from '../src/model/ease.ts';
import { IalsTrainer } from '../src/model/ials.ts';
import type { Ials } from '../src/model/ials.ts';
import { IalsFoldIn } from '../src/model/ials-fold-in.ts';
import { rowRegularization } from '../src/model/ials-sweep.ts';
import type { Recommender, SparseRow } from '../src/model/recommender.ts';

/**
 * iALS / EASE benchmarks on synthetic Steam-like data; prints one JSON object per line.
 *
 *   npx tsx bench/ials-ease.bench.ts [--scale 1|10|100] [--threads 1,2] [--iterations 15] [--only fit-ials,fit-ease,fold-in]
 *
 * Scale 1 is the bundled data's size (10k users, 3.5k items, ~100k pairs); items grow with √scale.
 * seconds is wall time, cpu_seconds the process's user+system CPU time (all threads): on a shared machine
 * the ratio shows how much of a core the run actually got.
 */

const args = parseArgs(process.argv.slice(2));
const scale = Number(args.scale ?? 1);
const threadCounts = (args.threads ?? '1,2').split(',').map(Number);
const only = new Set((args.only ?? 'fit-ials,fit-ease,fold-in').split(','));
const iterations = Number(args.iterations ?? 15);

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  node: process.version,
  loadavg: loadavg().map((l) => +l.toFixed(2)),
};
emit({ bench: 'machine', ...machine });

const started = performance.now();
const data = syntheticPowerLaw({
  users: 10_000 * scale,
  items: Math.round(3500 * Math.sqrt(scale)),
  meanPerUser: 10,
  seed: 1,
});
// Playtime → confidence as in src/model/confidence.ts's defaults: c = 1 + 5·max(0.1, ln(1 + minutes/60)).
const confidence = Float32Array.from(data.hours, (h) => 1 + 5 * Math.max(0.1, Math.log1p(h)));
const matrix = csrFromTriples(data.users, data.items, data.rows, data.cols, confidence);
const shape = { users: matrix.rows, items: matrix.cols, nnz: matrix.indices.length };
emit({
  bench: 'generate',
  ...shape,
  seconds: (performance.now() - started) / 1000,
  peak_rss_mb: peakRssMb(),
});

let ials: Ials | undefined;
if (only.has('fit-ials')) {
  for (const threads of threadCounts) {
    const trainer = new IalsTrainer({ factors: 64, iterations, threads, seed: 1 });
    const { seconds, cpuSeconds, result } = await timed(() => trainer.fit(matrix));
    ials = result;
    emit({
      bench: 'fit-ials',
      ...shape,
      factors: 64,
      iterations,
      threads,
      seconds,
      cpu_seconds: cpuSeconds,
      ms_per_iter: (1000 * seconds) / iterations,
      peak_rss_mb: peakRssMb(),
    });
  }
}

if (only.has('fit-ease')) {
  const trainer = new EaseTrainer();
  const { seconds, cpuSeconds, result } = await timed(() => trainer.fit(matrix));
  const { minUsersPerItem, maxItems, lambda } = trainer.options;
  emit({
    bench: 'fit-ease',
    ...shape,
    modelled_items: result.items.length,
    minUsersPerItem,
    maxItems,
    lambda,
    seconds,
    cpu_seconds: cpuSeconds,
    peak_rss_mb: peakRssMb(),
  });
  emit({
    bench: 'fold-in',
    model: 'ease',
    items: result.items.length,
    library: 200,
    ...latency(result, 200),
  });
}

if (only.has('fold-in')) {
  ials ??= await new IalsTrainer({ factors: 64, iterations: 3, seed: 1 }).fit(matrix);
  const model = ials;
  const base = { bench: 'fold-in', model: 'ials', items: model.itemCount, factors: 64, library: 200 };
  emit({ ...base, solver: 'cholesky', what: 'solve+score', ...latency(model, 200) });
  // The solver alone, Cholesky against CG from zero (a new user has no factors to warm-start from).
  const exact = new Float64Array(64);
  const solver = new IalsFoldIn(model);
  emit({ ...base, solver: 'cholesky', what: 'solve', ...measure(200, (row) => solver.solve(row, exact)) });
  for (const steps of [8, 16, 32, 64])
    emit({ ...base, solver: `cg-${steps}-from-zero`, what: 'solve', ...cgSolve(model, 200, steps) });
}

/** Median and p99 of fold-in + scoring every item, over libraries drawn from popular-biased items. */
function latency(model: Recommender, size: number): { median_us: number; p99_us: number } {
  const out = new Float32Array(model.itemCount);
  return measure(size, (row) => model.scoreInto(row, out));
}

/** CG from zero on the same normal equations; relative_error is against the Cholesky solution. */
function cgSolve(
  model: Ials,
  size: number,
  steps: number,
): { median_us: number; p99_us: number; relative_error: number } {
  const k = model.itemFactors.cols;
  const gram = { kind: 'full' as const, values: model.gram };
  const ws = createCgWorkspace(k);
  const x = new Float32Array(k);
  const solve = (row: SparseRow): void => {
    x.fill(0);
    const lambda = rowRegularization(model.scaling, row.indices.length, model.itemCount);
    const r = { indices: row.indices, confidence: row.values, start: 0, end: row.indices.length };
    implicitCgSolve(gram, lambda, model.itemFactors.data, r, x, 0, steps, ws);
  };
  const timing = measure(size, solve);
  const row = libraries(size, 1, 99)[0];
  solve(row);
  const exact = new Float64Array(k);
  new IalsFoldIn(model).solve(row, exact);
  let diff = 0;
  let norm = 0;
  for (let a = 0; a < k; a++) {
    diff += (x[a] - exact[a]) ** 2;
    norm += exact[a] ** 2;
  }
  return { ...timing, relative_error: Math.sqrt(diff / norm) };
}

function measure(size: number, run: (row: SparseRow) => void): { median_us: number; p99_us: number } {
  const rows = libraries(size, 400, 7);
  for (let i = 0; i < 50; i++) run(rows[i % rows.length]);
  const times: number[] = [];
  for (const row of rows) {
    const t = performance.now();
    run(row);
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  return {
    median_us: Math.round(times[times.length >> 1]),
    p99_us: Math.round(times[Math.floor(times.length * 0.99)]),
  };
}

/** Libraries of `size` distinct items, biased to popular (low-index) items like real libraries. */
function libraries(size: number, count: number, seed: number): SparseRow[] {
  const random = new Random(seed);
  const rows: SparseRow[] = [];
  for (let n = 0; n < count; n++) {
    const picked = new Set<number>();
    while (picked.size < Math.min(size, matrix.cols))
      picked.add(Math.floor(matrix.cols * random.next() ** 2));
    const indices = Int32Array.from([...picked].sort((a, b) => a - b));
    rows.push({ indices, values: Float32Array.from(indices, () => 1 + 5 * Math.log1p(10 * random.next())) });
  }
  return rows;
}

async function timed<T>(
  run: () => T | Promise<T>,
): Promise<{ seconds: number; cpuSeconds: number; result: T }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6, result };
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function emit(record: Record<string, unknown>): void {
  const rounded = Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      typeof v === 'number' && !Number.isInteger(v) ? +v.toPrecision(4) : v,
    ]),
  );
  console.log(JSON.stringify(rounded));
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1] ?? '';
  }
  return out;
}

export type { Csr };
