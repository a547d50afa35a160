/**
 * `npm run bench`: runs every bench/*.bench.ts in turn, each in its own process so one's memory does not
 * colour the next, and passes their JSON lines through. Benchmarks are scripts, not tests.
 * BENCH_ONLY=name runs the matching ones only.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';

const only = process.env.BENCH_ONLY;
const files = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.includes(only)))
  .sort();
console.log(
  JSON.stringify({ bench: 'machine', cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version }),
);
let failed = 0;
for (const file of files) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${import.meta.dirname}/${file}`], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.error(`${file} exited with ${run.status}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
