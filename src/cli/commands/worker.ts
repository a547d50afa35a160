import type { Command } from 'commander';
import pRetry from 'p-retry';
import { CoplayError } from '../../errors.ts';
import { PgBossPipelineQueue } from '../../pipeline/queue/pg-boss-queue.ts';
import { openStore } from '../../store/open-store.ts';
import { cliConfig } from '../cli-context.ts';
import { runAction } from '../run-action.ts';
import { pipelineDependencies } from './pipeline.ts';

/** `coplay worker`: one worker of the distributed pipeline; run as many as wanted, on any machines. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Run pipeline tasks from the pg-boss queue on PostgreSQL (distributed mode); also holds the schedule',
    )
    .action(
      runAction(async () => {
        const config = cliConfig();
        if (!config.DATABASE_URL.startsWith('postgres'))
          throw new CoplayError(
            'CONFIG_INVALID',
            'coplay worker needs DATABASE_URL=postgres://… (the queue lives in PostgreSQL)',
          );
        // Workers started together on a fresh database race to create the schemas (PostgreSQL may answer
        // one of them "deadlock detected"); the loser retries once the winner is done.
        const log = (line: string): void => {
          process.stdout.write(`${new Date().toISOString()} ${line}\n`);
        };
        const store = await pRetry(
          () =>
            openStore(config.DATABASE_URL, {
              // The pool replaces the connection on demand; a task that was using it fails and is retried.
              onConnectionError: (error) => log(`database connection lost: ${error.message}`),
            }),
          { retries: 4, minTimeout: 500 },
        );
        let queue: PgBossPipelineQueue | undefined;
        try {
          // A fresh pg-boss per attempt: one whose start failed (PostgreSQL restarting) cannot be started
          // again, and would otherwise look started with no maintenance, no schedule and a stop() that
          // neither drains nor disconnects.
          queue = await PgBossPipelineQueue.connect(pipelineDependencies(store, config), {
            connectionString: config.DATABASE_URL,
            onTaskStart: async (task, attempt) => log(`task ${task} (attempt ${attempt}) started`),
            onError: (error) => log(`queue error: ${error instanceof Error ? error.message : String(error)}`),
            log,
          });
          await queue.schedule(config.PIPELINE_CRON);
          await queue.work();
        } catch (error) {
          // A started pg-boss keeps connections and timers that would hold the process open.
          await queue?.stop().catch(() => undefined);
          await store.close();
          throw error;
        }
        const started = queue;
        log(`worker ready (schedule ${config.PIPELINE_CRON}, held in PostgreSQL)`);
        let stopping = false;
        // SIGTERM: take no new jobs, let the current task finish (pg-boss waits for it), then disconnect. A task
        // cut short by a second signal or a kill is not lost: its job expires and another worker retries it.
        const shutdown = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          log(`${signal}: finishing the current task, then stopping`);
          await started.stop();
          await store.close();
          log('stopped');
        };
        const onSignal = (signal: string) => {
          shutdown(signal)
            .catch((error: unknown) => {
              log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
              process.exitCode = 1;
            })
            // The process ends by itself once everything is closed; this only ends it if a handle lingers.
            .finally(() => setTimeout(() => process.exit(), 2_000).unref());
        };
        process.once('SIGTERM', () => onSignal('SIGTERM'));
        process.once('SIGINT', () => onSignal('SIGINT'));
      }),
    );
}
