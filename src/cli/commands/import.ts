import type { Command } from 'commander';
import { bundledDatasetPaths, importDatasets, type ImportSummary } from '../../pipeline/import-datasets.ts';
import { cliConfig, withStore } from '../cli-context.ts';
import { terminalProgress } from '../progress-reporter.ts';
import { runAction } from '../run-action.ts';

interface ImportOptions {
  catalog?: string;
  multiplayer?: string;
  interactions?: string;
  strict?: boolean;
  json?: boolean;
}

/** Prints the counts an import ends with, as a small table or JSON. */
export function formatImportSummary(summary: ImportSummary): string {
  const rows: [string, number][] = [
    ['games', summary.games],
    ['multiplayer games', summary.multiplayerGames],
    ['users', summary.users],
    ['interactions', summary.interactions],
    ['unmatched titles', summary.unmatchedTitles],
    ['malformed rows skipped', summary.malformed.length],
  ];
  return rows.map(([label, n]) => `${label.padEnd(24)}${n.toLocaleString('en-GB').padStart(10)}`).join('\n');
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import the bundled Steam datasets (or the files given) into the database; safe to repeat')
    .option('--catalog <file>', 'Steam store catalog CSV (.csv or .csv.gz)')
    .option('--multiplayer <file>', 'steam-db multiplayer facts (.jsonl or .jsonl.gz)')
    .option('--interactions <file>', 'steam-200k user-game interactions (.csv or .csv.gz)')
    .option('--strict', 'fail (and write nothing) if any row is malformed')
    .option('--json', 'print the counts as JSON')
    .action(
      runAction(async (options: ImportOptions) => {
        const defaults = bundledDatasetPaths(cliConfig().DATA_DIR);
        const paths = {
          catalog: options.catalog ?? defaults.catalog,
          multiplayer: options.multiplayer ?? defaults.multiplayer,
          interactions: options.interactions ?? defaults.interactions,
        };
        const summary = await withStore((store) =>
          importDatasets(store, paths, terminalProgress(), { strict: options.strict === true }),
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, malformed: summary.malformed.length })}\n`);
        } else {
          process.stdout.write(`${formatImportSummary(summary)}\n`);
        }
      }),
    );
}
