/**
 * Training and serving cost on the bundled data (issue 3's figures), as JSON lines:
 * `bundled-fit` per algorithm (iALS 64 factors × 15 iterations with 1 and 2 threads, EASE, item-kNN,
 * popularity) on the same users × games confidence matrix the served model trains on, and
 * `bundled-fold-in`: fold-in plus scoring of every item for one member, for the CF model alone and for the
 * served hybrid (CF + content over the catalog), median and p99 over real dataset libraries.
 * Needs an imported database (`npx coplay import`).
 */
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../src/config.ts';
import { fitGroupModel } from '../src/group/fit-group-model.ts';
import { libraryToRow, makeConfidence } from '../src/model/confidence.ts';
import { buildInteractionMatrix, type InteractionRow } from '../src/model/interaction-matrix.ts';
import { IalsTrainer } from '../src/model/ials.ts';
import { EaseTrainer } from '../src/model/ease.ts';
import { ItemKnnTrainer } from '../src/model/item-knn.ts';
import { PopularityTrainer } from '../src/model/popularity.ts';
import type { Recommender, Trainer } from '../src/model/recommender.ts';
import { DEFAULT_MODEL_CONFIG, makeTrainer } from '../src/model/trainers.ts';
import { loadTrainingData } from '../src/pipeline/training-data.ts';
import { openStore } from '../src/store/open-store.ts';

const config = loadConfig(process.env);
const store = await openStore(config.DATABASE_URL);
const data = await loadTrainingData(store);
await store.close();
const machine = { cpus: cpus().length, loadavg: loadavg().map((l) => +l.toFixed(2)) };

const rows: InteractionRow[] = [];
for (const [userKey, library] of data.libraries)
  for (const e of library) rows.push({ userKey, appid: e.appid, minutes: e.playtimeMinutes });
const confidence = makeConfidence(DEFAULT_MODEL_CONFIG.confidence);
const built = buildInteractionMatrix(rows, { ...DEFAULT_MODEL_CONFIG.matrix, confidence });
const { matrix } = built;

const trainers: [string, Record<string, unknown>, Trainer][] = [
  [
    'ials',
    { factors: 64, iterations: 15, threads: 1 },
    new IalsTrainer({ factors: 64, iterations: 15, threads: 1 }),
  ],
  [
    'ials',
    { factors: 64, iterations: 15, threads: 2 },
    new IalsTrainer({ factors: 64, iterations: 15, threads: 2 }),
  ],
  [
    'ease',
    { ...DEFAULT_MODEL_CONFIG.hyperparameters.ease },
    new EaseTrainer(DEFAULT_MODEL_CONFIG.hyperparameters.ease),
  ],
  [
    'itemknn',
    { ...DEFAULT_MODEL_CONFIG.hyperparameters.itemknn },
    new ItemKnnTrainer(DEFAULT_MODEL_CONFIG.hyperparameters.itemknn),
  ],
  ['popularity', {}, new PopularityTrainer()],
];
let ials64: Recommender | undefined;
for (const [algorithm, params, trainer] of trainers) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const model = await trainer.fit(matrix);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (algorithm === 'ials') ials64 = model;
  console.log(
    JSON.stringify({
      bench: 'bundled-fit',
      algorithm,
      ...params,
      users: matrix.rows,
      items: model.itemCount,
      nnz: matrix.indices.length,
      seconds: +seconds.toFixed(3),
      cpu_seconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
      ...machine,
    }),
  );
}

/** Median and p99 of fold-in + full scoring over real libraries, in microseconds. */
function timeScoring(
  model: Recommender,
  columnOf: ReadonlyMap<number, number>,
): { median_us: number; p99_us: number; mean_library: number } {
  const libraries = [...data.libraries.values()].filter((l) => l.length >= 20).slice(0, 300);
  const out = new Float32Array(model.itemCount);
  const prepared = libraries.map((l) => libraryToRow(l, columnOf, confidence));
  for (const row of prepared.slice(0, 50)) model.scoreInto(row, out);
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (const row of prepared) {
      const started = performance.now();
      model.scoreInto(row, out);
      times.push((performance.now() - started) * 1000);
    }
  }
  times.sort((a, b) => a - b);
  const meanLibrary = prepared.reduce((s, row) => s + row.indices.length, 0) / prepared.length;
  return {
    median_us: Math.round(times[Math.floor(times.length / 2)] as number),
    p99_us: Math.round(times[Math.floor(times.length * 0.99)] as number),
    mean_library: Math.round(meanLibrary),
  };
}

if (ials64) {
  const columnOf = new Map(Array.from(built.itemIds, (appid, column) => [appid, column]));
  console.log(
    JSON.stringify({
      bench: 'bundled-fold-in',
      model: 'ials-64',
      items: ials64.itemCount,
      ...timeScoring(ials64, columnOf),
      ...machine,
    }),
  );
}
const algorithm = DEFAULT_MODEL_CONFIG.algorithm;
const served = await fitGroupModel(data, {
  cf: makeTrainer(algorithm),
  cfWeight: DEFAULT_MODEL_CONFIG.cfWeight[algorithm],
  confidence: DEFAULT_MODEL_CONFIG.confidence,
  matrix: DEFAULT_MODEL_CONFIG.matrix,
  minUsersForCf: DEFAULT_MODEL_CONFIG.minUsersForCf,
});
console.log(
  JSON.stringify({
    bench: 'bundled-fold-in',
    model: `served hybrid (${algorithm} + content)`,
    items: served.model.itemCount,
    ...timeScoring(served.model, served.catalog.columnOf),
    ...machine,
  }),
);
