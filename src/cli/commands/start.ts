import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { bundledDatasetPaths, importDatasets } from '../../pipeline/import-datasets.ts';
import { loadLiveModel } from '../../pipeline/load-model.ts';
import { buildApp } from '../../server/build-app.ts';
import { ModelRegistry } from '../../server/model-registry.ts';
import { ArtifactFiles } from '../../store/artifact-files.ts';
import { openStore } from '../../store/open-store.ts';
import { cliConfig } from '../cli-context.ts';
import { composeSteamClient } from '../compose-steam.ts';
import { startBackgroundJobs, type BackgroundJobs } from '../start-background-jobs.ts';
import { terminalProgress } from '../progress-reporter.ts';
import { runAction } from '../run-action.ts';
import { formatImportSummary } from './import.ts';
import { trainAndReport } from './train.ts';

/** The built page, resolved from the repo root so `coplay start` serves it from any working directory. */
const WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Run Coplay: import the bundled data and train a model on first run, then serve the API and page',
    )
    .option('--no-serve', 'stop after the first-run import and training')
    .action(
      runAction(async (options: { serve: boolean }) => {
        const config = cliConfig();
        const store = await openStore(config.DATABASE_URL);
        let closing = false;
        // The store stays open while serving; the signal handlers close it after draining requests.
        try {
          if ((await store.games.count()) === 0) {
            process.stdout.write('First run: importing the bundled data…\n');
            const summary = await importDatasets(
              store,
              bundledDatasetPaths(config.DATA_DIR),
              terminalProgress(),
            );
            process.stdout.write(`${formatImportSummary(summary)}\n`);
          }
          const artifacts = new ArtifactFiles(config.ARTIFACT_DIR);
          if (!(await store.modelVersions.getLive())) {
            process.stdout.write('No model yet: training one…\n');
            await trainAndReport(store, config, { publish: true });
          }
          if (!options.serve) {
            await store.close();
            return;
          }
          const models = new ModelRegistry();
          const live = await loadLiveModel(store, artifacts);
          if (live) models.swap(live);
          const steam = composeSteamClient(config, store);
          if (!existsSync(WEB_ROOT))
            process.stdout.write('The web page is not built: run "npm run build:web" (npm start does it).\n');
          const background: { jobs?: BackgroundJobs } = {};
          const app = await buildApp({
            store,
            models,
            ...(steam ? { steam } : {}),
            logger: { level: config.LOG_LEVEL },
            webRoot: WEB_ROOT,
            ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}),
            // The background jobs start after listen; until then a requested run is refused as busy.
            pipeline: {
              requestRun: async (trigger) =>
                background.jobs
                  ? background.jobs.pipeline.requestRun(trigger)
                  : { queued: false, reason: 'the server is still starting; try again in a moment' },
            },
          });
          const shutdown = async (signal: string) => {
            if (closing) return;
            closing = true;
            await background.jobs?.stop();
            app.log.info({ signal }, 'shutting down: draining requests');
            await app.close();
            await store.close();
          };
          process.once('SIGTERM', () => void shutdown('SIGTERM'));
          process.once('SIGINT', () => void shutdown('SIGINT'));
          const address = await app.listen({ port: config.PORT, host: config.HOST });
          background.jobs = await startBackgroundJobs(store, config, models, app.log);
          process.stdout.write(`Coplay is serving on ${address} (model ${models.info?.version ?? 'none'})\n`);
        } catch (error) {
          await store.close();
          throw error;
        }
      }),
    );
}
