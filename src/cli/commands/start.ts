import type { Command } from 'commander';
import { bundledDatasetPaths, importDatasets } from '../../pipeline/import-datasets.ts';
import { cliConfig, withStore } from '../cli-context.ts';
import { terminalProgress } from '../progress-reporter.ts';
import { runAction } from '../run-action.ts';
import { formatImportSummary } from './import.ts';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('First run: import the bundled data if the database is empty; then serve')
    .action(
      runAction(async () => {
        const config = cliConfig();
        await withStore(async (store) => {
          if ((await store.games.count()) === 0) {
            process.stdout.write('Empty database: importing the bundled data…\n');
            const summary = await importDatasets(store, bundledDatasetPaths(config.DATA_DIR), terminalProgress());
            process.stdout.write(`${formatImportSummary(summary)}\n`);
          } else {
            process.stdout.write(`Database ready: ${await store.games.count()} games.\n`);
          }
        });
      }),
    );
}
