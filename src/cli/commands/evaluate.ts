import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CoplayError } from '../../errors.ts';
import {
  evaluateModels,
  DEFAULT_GROUPS_PER_SIZE,
  type EvaluationProgressListener,
} from '../../evaluation/evaluate-models.ts';
import { EVALUATED_MODELS, type EvaluatedModel } from '../../evaluation/evaluation-report.ts';
import { formatEvaluationTable } from '../../evaluation/format-evaluation-table.ts';
import { renderEvaluationHtml } from '../../evaluation/render-evaluation-html.ts';
import { STRATEGY_NAMES, type StrategyName } from '../../group/aggregation-strategy.ts';
import type { ProgressReporter } from '../../pipeline/progress-reporter.ts';
import { storedTrainingData } from '../cli-context.ts';
import { terminalProgress } from '../progress-reporter.ts';
import { runAction } from '../run-action.ts';

interface EvaluateFlags {
  models: string;
  strategies: string;
  seed: string;
  groupsPerSize: string;
  html: string;
  json?: string;
}

/** A comma-separated list of names, each checked against the known ones. */
export function parseNameList<T extends string>(text: string, known: readonly T[], flag: string): T[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0)
    throw new CoplayError('INVALID_INPUT', `${flag} needs at least one name (known: ${known.join(', ')})`);
  for (const name of names) {
    if (!(known as readonly string[]).includes(name)) {
      throw new CoplayError('INVALID_INPUT', `${flag}: unknown name "${name}" (known: ${known.join(', ')})`);
    }
  }
  return [...new Set(names)] as T[];
}

/** A whole number within bounds, or an INVALID_INPUT error naming the flag. */
export function parseWholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CoplayError(
      'INVALID_INPUT',
      `${flag} must be a whole number from ${min} to ${max}, got "${text}"`,
    );
  return n;
}

/** Adapts the evaluation's (phase, done, total) events to a progress reporter's start/advance/finish. */
export function progressAdapter(reporter: ProgressReporter): EvaluationProgressListener & { close(): void } {
  let phase: string | undefined;
  let done = 0;
  const listener = (event: { phase: string; done: number; total: number }): void => {
    if (event.phase !== phase) {
      if (phase !== undefined) reporter.finish(phase, done);
      phase = event.phase;
      done = 0;
      reporter.start(phase, event.total);
    }
    if (event.done > done) {
      reporter.advance(event.done - done);
      done = event.done;
    }
  };
  return Object.assign(listener, {
    close(): void {
      if (phase !== undefined) reporter.finish(phase, done);
      phase = undefined;
    },
  });
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('Offline evaluation: every model × group strategy on held-out games of unseen users')
    .option(
      '--models <list>',
      `comma-separated models (${EVALUATED_MODELS.join(', ')})`,
      EVALUATED_MODELS.join(','),
    )
    .option(
      '--strategies <list>',
      `comma-separated strategies (${STRATEGY_NAMES.join(', ')})`,
      STRATEGY_NAMES.join(','),
    )
    .option('--seed <n>', 'random seed of the split, the groups and the trainers', '42')
    .option(
      '--groups-per-size <n>',
      'synthetic groups per size (2–8) and kind',
      String(DEFAULT_GROUPS_PER_SIZE),
    )
    .option('--html <file>', 'where to write the HTML report', 'var/reports/evaluation.html')
    .option('--json <file>', 'also write the report as JSON')
    .action(
      runAction(async (flags: EvaluateFlags) => {
        const models = parseNameList<EvaluatedModel>(flags.models, EVALUATED_MODELS, '--models');
        const strategies = parseNameList<StrategyName>(flags.strategies, STRATEGY_NAMES, '--strategies');
        const seed = parseWholeNumber(flags.seed, '--seed', 0, 2 ** 31 - 1);
        const groupsPerSize = parseWholeNumber(flags.groupsPerSize, '--groups-per-size', 1, 10_000);
        const data = await storedTrainingData();

        const started = performance.now();
        const progress = progressAdapter(terminalProgress());
        let report;
        try {
          report = await evaluateModels(data, {
            seed,
            models,
            strategies,
            groupsPerSize,
            onProgress: progress,
          });
        } finally {
          progress.close();
        }
        const runtimeSeconds = (performance.now() - started) / 1000;
        const generatedAt = new Date().toISOString();
        process.stdout.write(`${formatEvaluationTable(report)}\n\n`);

        const htmlPath = resolve(flags.html);
        await mkdir(dirname(htmlPath), { recursive: true });
        await writeFile(htmlPath, renderEvaluationHtml(report, { generatedAt, runtimeSeconds }));
        process.stdout.write(`HTML report: ${htmlPath}\n`);
        if (flags.json !== undefined) {
          const jsonPath = resolve(flags.json);
          await mkdir(dirname(jsonPath), { recursive: true });
          await writeFile(jsonPath, `${JSON.stringify({ generatedAt, runtimeSeconds, report }, null, 2)}\n`);
          process.stdout.write(`JSON report: ${jsonPath}\n`);
        }
        process.stdout.write(`runtime: ${runtimeSeconds.toFixed(1)} s\n`);
      }),
    );
}
