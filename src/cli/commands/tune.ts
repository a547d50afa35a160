import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatMetric } from '../../evaluation/format-evaluation-table.ts';
import { tune, type TrialResult } from '../../evaluation/tune.ts';
import { ALGORITHMS, DEFAULT_MODEL_CONFIG, parseModelConfig, type Algorithm } from '../../model/trainers.ts';
import { storedTrainingData } from '../cli-context.ts';
import { runAction } from '../run-action.ts';
import { parseNameList, parseWholeNumber } from './evaluate.ts';

/** The file DEFAULT_MODEL_CONFIG is read from; tuning rewrites it in the source tree. */
export const TUNED_DEFAULTS_PATH = fileURLToPath(new URL('../../model/tuned-defaults.json', import.meta.url));

interface TuneFlags {
  algorithm: string;
  trials: string;
  seed: string;
  write: boolean;
  serve?: boolean;
}

function formatValues(values: Readonly<Record<string, number>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

export function registerTuneCommand(program: Command): void {
  program
    .command('tune')
    .description(
      'Random search of an algorithm’s hyperparameters on a validation split; writes the best to tuned-defaults.json',
    )
    .option(
      '--algorithm <name>',
      `algorithm to tune (${ALGORITHMS.join(', ')})`,
      DEFAULT_MODEL_CONFIG.algorithm,
    )
    .option('--trials <n>', 'trials, the first being the current configuration', '12')
    .option('--seed <n>', 'seed; use the same as "coplay evaluate" so its test users stay unseen', '42')
    .option('--serve', 'also make the tuned algorithm the served one')
    .option('--no-write', 'print the best configuration without writing it')
    .action(
      runAction(async (flags: TuneFlags) => {
        const [algorithm] = parseNameList<Algorithm>(flags.algorithm, ALGORITHMS, '--algorithm') as [
          Algorithm,
        ];
        const trials = parseWholeNumber(flags.trials, '--trials', 1, 1000);
        const seed = parseWholeNumber(flags.seed, '--seed', 0, 2 ** 31 - 1);
        const data = await storedTrainingData();

        const started = performance.now();
        let last = started;
        const onTrial = (t: TrialResult): void => {
          const now = performance.now();
          process.stdout.write(
            `trial ${String(t.trial + 1).padStart(String(trials).length)}/${trials}  ${formatValues(t.values)}  → ` +
              `group NDCG@20 ${formatMetric(t.groupNdcg)}  user NDCG@20 ${formatMetric(t.ndcg)}  Recall@20 ${formatMetric(t.recall)}  (${((now - last) / 1000).toFixed(1)} s)` +
              `${t.trial === 0 ? '  [current configuration]' : ''}\n`,
          );
          last = now;
        };
        process.stdout.write(`tuning ${algorithm}: ${trials} trials, seed ${seed}\n`);
        const result = await tune(data, { algorithm, trials, seed, onTrial });
        const seconds = (performance.now() - started) / 1000;
        const baseline = result.trials[0] as TrialResult;
        process.stdout.write(
          `\n${result.trainUsers} training and ${result.validationUsers} validation users (the evaluation's test users excluded); ${seconds.toFixed(1)} s\n` +
            `best: trial ${result.best.trial + 1}  ${formatValues(result.best.values)}  group NDCG@20 ${formatMetric(result.best.groupNdcg)} ` +
            `(current configuration ${formatMetric(baseline.groupNdcg)})\n`,
        );
        // Each algorithm keeps the record of its own last tuning.
        const config = parseModelConfig({
          ...result.config,
          algorithm: flags.serve ? algorithm : result.config.algorithm,
          tuning: {
            ...DEFAULT_MODEL_CONFIG.tuning,
            [algorithm]: {
              trials,
              seed,
              trainUsers: result.trainUsers,
              validationUsers: result.validationUsers,
              objective: 'validation groups: mean-member NDCG@20 under the served strategy',
              validationGroupNdcg: result.best.groupNdcg,
              validationUserNdcg: result.best.ndcg,
              baselineGroupNdcg: baseline.groupNdcg,
              tunedAt: new Date().toISOString(),
            },
          },
        });
        if (!flags.write) {
          process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
          return;
        }
        await writeFile(TUNED_DEFAULTS_PATH, `${JSON.stringify(config, null, 2)}\n`);
        process.stdout.write(`wrote ${TUNED_DEFAULTS_PATH} (served algorithm: ${config.algorithm})\n`);
      }),
    );
}
