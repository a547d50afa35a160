import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import { CoplayError, isCoplayError } from '../../errors.ts';
import { bundledDatasetPaths, importDatasets } from '../../pipeline/import-datasets.ts';
import { loadModelVersion, loadVersionParts } from '../../pipeline/load-model.ts';
import { buildApp } from '../../server/build-app.ts';
import { AppMetrics } from '../../server/metrics.ts';
import { EngineThreads } from '../../server/engine-threads.ts';
import { ModelRegistry, type ServedModel } from '../../server/model-registry.ts';
import { ArtifactFiles } from '../../store/artifact-files.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';
import { cliConfig } from '../cli-context.ts';
import { composeSteamClient, composeSteamLimiter } from '../compose-steam.ts';
import { prepareServing } from '../prepare-serving.ts';
import { startBackgroundJobs, type BackgroundJobs } from '../start-background-jobs.ts';
import { terminalProgress } from '../progress-reporter.ts';
import { runAction } from '../run-action.ts';
import { formatImportSummary } from './import.ts';
import { trainAndReport } from './train.ts';

/** The built page, resolved from the repo root so `coplay start` serves it from any working directory. */
const WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * How long a SIGTERM waits for requests in flight (and a pipeline task in this process) before cutting them
 * off and exiting 1: under the 30 s most orchestrators allow between SIGTERM and SIGKILL.
 */
const SHUTDOWN_GRACE_MS = 25_000;
/** After a clean shutdown the process ends by itself; this only ends it if a stray handle keeps it alive. */
const EXIT_AFTER_SHUTDOWN_MS = 2_000;

/**
 * Loads the published model, if any. A corrupt artifact does not stop the server: it serves without a model
 * (/readyz says why) and the poller loads the next version published. Anything else fails the start.
 */
async function loadPublishedModel(
  store: Store,
  load: (version: string) => Promise<ServedModel>,
  models: ModelRegistry,
): Promise<void> {
  const live = await store.modelVersions.getLive();
  if (!live) return;
  try {
    models.swap(await load(live.version));
  } catch (error) {
    if (!isCoplayError(error) || error.code !== 'ARTIFACT_CORRUPT') throw error;
    models.refuse(live.version, error.message);
    process.stderr.write(`The published model ${live.version} is refused: ${error.message}\n`);
  }
}

/**
 * `coplay start --no-serve` (this command, without serving) as a child process with this one's Node flags
 * and environment, its output on this one's; resolves when it has imported and trained, else rejects.
 */
async function firstRunInChild(train: boolean): Promise<void> {
  const script = process.argv[1];
  if (script === undefined) throw new CoplayError('INTERNAL', 'cannot tell which script runs this command');
  const child = spawn(
    process.execPath,
    [...process.execArgv, script, 'start', '--no-serve', ...(train ? [] : ['--no-train'])],
    { stdio: 'inherit' },
  );
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (exitCode, signal) => done(signal ? 128 : exitCode));
  });
  if (code !== 0)
    throw new CoplayError('INTERNAL', `the first run's import and training failed (exit ${code}); see above`);
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Run Coplay: import the bundled data and train a model on first run, then serve the API and page',
    )
    .option('--no-serve', 'stop after the first-run import and training')
    .option(
      '--no-train',
      'when no model is published yet, serve without one (503 MODEL_NOT_READY) until the pipeline publishes one',
    )
    .action(
      runAction(async (options: { serve: boolean; train: boolean }) => {
        const config = cliConfig();
        // Set once the app exists; until then a lost idle connection is reported on stderr.
        let log: FastifyBaseLogger | undefined;
        const store = await openStore(config.DATABASE_URL, {
          onConnectionError: (error) =>
            log
              ? log.warn({ err: error }, 'an idle database connection failed; it is replaced on demand')
              : process.stderr.write(`database connection failed: ${error.message}\n`),
        });
        let closing = false;
        // The store stays open while serving; the signal handlers close it after draining requests.
        try {
          const artifacts = new ArtifactFiles(config.ARTIFACT_DIR);
          if (config.PIPELINE_MODE === 'distributed') {
            // Importing and training belong to the workers' pipeline: an API server that did them here would
            // hold its start (and every server of a fleet would train the same model) for minutes.
            process.stdout.write(
              'PIPELINE_MODE=distributed: coplay worker processes import and train; serving what they publish.\n',
            );
          } else if (
            options.serve &&
            ((await store.games.count()) === 0 || (options.train && !(await store.modelVersions.getLive())))
          ) {
            // The first run's import and training in a process of its own: they need ~100 MB more than
            // serving, which a server that did them itself would keep until it was restarted.
            await firstRunInChild(options.train);
          } else {
            if ((await store.games.count()) === 0) {
              process.stdout.write('First run: importing the bundled data…\n');
              const summary = await importDatasets(
                store,
                bundledDatasetPaths(config.DATA_DIR),
                terminalProgress(),
              );
              process.stdout.write(`${formatImportSummary(summary)}\n`);
            }
            if (!(await store.modelVersions.getLive())) {
              if (options.train) {
                process.stdout.write('No model yet: training one…\n');
                await trainAndReport(store, config, { publish: true });
              } else {
                process.stdout.write(
                  'No model yet (--no-train): serving without one until one is published.\n',
                );
              }
            }
          }
          if (!options.serve) {
            await store.close();
            return;
          }
          // The serving heap setting (see prepareServing) applies from here on, not to the first run's child
          // above.
          const appOptions = prepareServing(config);
          const models = new ModelRegistry();
          const threadCount =
            config.ENGINE_THREADS === 'auto' ? Math.min(4, availableParallelism()) : config.ENGINE_THREADS;
          // Group recommendations run on engine threads, so the server uses every core; the main thread
          // then keeps each version's catalog, and the threads its numeric model.
          const threads =
            threadCount > 0
              ? EngineThreads.start(threadCount, (version) => loadVersionParts(store, artifacts, version), {
                  onThreadExit: ({ exitCode, replaced, running }) => {
                    const message = replaced
                      ? 'an engine thread stopped; it is replaced'
                      : `an engine thread stopped as it started, again; not replaced (${running} left)`;
                    if (log) log.error({ exitCode, running }, message);
                    else process.stderr.write(`${message} (exit code ${exitCode})\n`);
                  },
                })
              : undefined;
          const load = (version: string): Promise<ServedModel> =>
            threads ? threads.load(version) : loadModelVersion(store, artifacts, version);
          await loadPublishedModel(store, load, models);
          // Made before the Steam client, whose calls, cache lookups and rate-limit waits it counts.
          const metrics = config.METRICS_ENABLED ? new AppMetrics() : false;
          const steamLimiter = composeSteamLimiter(config, metrics ? metrics.steam : undefined);
          const steam = composeSteamClient(config, store, {
            use: 'requests',
            limiter: steamLimiter,
            ...(metrics ? { observer: metrics.steam } : {}),
          });
          if (!existsSync(WEB_ROOT))
            process.stdout.write('The web page is not built: run "npm run build:web" (npm start does it).\n');
          const background: { jobs?: BackgroundJobs } = {};
          const app = await buildApp({
            ...appOptions,
            store,
            models,
            ...(steam ? { steam } : {}),
            metrics,
            webRoot: WEB_ROOT,
            // The background jobs start after listen; until then a requested run is refused as busy.
            pipeline: {
              requestRun: async (trigger) =>
                background.jobs
                  ? background.jobs.pipeline.requestRun(trigger)
                  : { queued: false, reason: 'the server is still starting; try again in a moment' },
            },
          });
          log = app.log;
          // SIGTERM: stop accepting connections at once, let requests in flight finish (and a pipeline task
          // in this process reach its end), then close the database. A second signal kills as usual.
          const shutdown = async (signal: string): Promise<void> => {
            if (closing) return;
            closing = true;
            app.log.info({ signal }, 'shutting down: refusing new connections, draining requests in flight');
            let timer: NodeJS.Timeout | undefined;
            const drained = await Promise.race([
              Promise.all([app.close(), background.jobs?.stop()])
                .then(() => threads?.close())
                .then(() => true),
              new Promise<false>((resolve) => {
                timer = setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS);
              }),
            ]);
            clearTimeout(timer);
            if (!drained) {
              app.log.error(`still busy after ${SHUTDOWN_GRACE_MS} ms: closing the remaining connections`);
              app.server.closeAllConnections();
              process.exitCode = 1;
            }
            await store.close();
            app.log.info('stopped');
          };
          const onSignal = (signal: string) => {
            shutdown(signal)
              .catch((error: unknown) => {
                app.log.error({ err: error }, 'shutdown failed');
                process.exitCode = 1;
              })
              .finally(() => setTimeout(() => process.exit(), EXIT_AFTER_SHUTDOWN_MS).unref());
          };
          process.once('SIGTERM', () => onSignal('SIGTERM'));
          process.once('SIGINT', () => onSignal('SIGINT'));
          const address = await app.listen({ port: config.PORT, host: config.HOST });
          background.jobs = await startBackgroundJobs(store, config, models, app.log, { load, steamLimiter });
          // A signal during the start-up above found no jobs to stop: stop them now.
          if (closing) await background.jobs.stop();
          process.stdout.write(
            `Coplay is serving on ${address}${threads ? ` with ${threads.size} engine threads` : ''} (${models.info ? `model ${models.info.version}` : 'no model yet: /readyz says when one is loaded'})\n`,
          );
        } catch (error) {
          // A signal during start-up already closes the store.
          if (!closing) await store.close();
          throw error;
        }
      }),
    );
}
