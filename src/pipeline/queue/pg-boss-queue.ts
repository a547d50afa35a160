import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import pRetry from 'p-retry';
import PgBoss from 'pg-boss';
import { CoplayError, isCoplayError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import { PIPELINE_TASKS, type PipelineTaskName } from '../pipeline-dag.ts';
import { runPipelineTask } from '../run-pipeline-task.ts';
import type { PipelineDependencies } from '../run-pipeline.ts';
import type { JobQueue } from './job-queue.ts';

/** Queue of "start a run" jobs: the pg-boss schedule sends one per cron tick, whatever the number of workers. */
export const START_QUEUE = 'coplay-pipeline-start';
/** Queue of "run task T of run R" jobs; each finished task sends the next one. */
export const TASK_QUEUE = 'coplay-pipeline-task';
/** Where pg-boss moves a task job that failed its last retry (or expired on it): its run is then failed. */
export const DEAD_TASK_QUEUE = 'coplay-pipeline-task-dead';

/** Retry and expiry per task job; a job whose worker dies is retried elsewhere once it expires. */
export interface PgBossQueueOptions {
  connectionString: string;
  /** The PostgreSQL schema pg-boss keeps its tables in (default pgboss). */
  schema?: string;
  /** How long a task may run before it is considered lost and retried (default 30 min). */
  expireInSeconds?: number;
  retryLimit?: number;
  /** First retry delay; doubles per retry (retryBackoff). */
  retryDelaySeconds?: number;
  /** How often expired jobs are detected (pg-boss maintenance; default 60 s). */
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
  /** Called when a task starts (logging; tests use it to kill a worker mid-task). */
  onTaskStart?: (task: PipelineTaskName, attempt: number) => Promise<void>;
  onError?: (error: unknown) => void;
  /** What the queue decided and why: runs started, start requests skipped, runs given up, results dropped. */
  log?: (line: string) => void;
}

interface TaskJob {
  runId: number;
  task: PipelineTaskName;
}

/** The pg-boss schema name as its own SQL spells it (unquoted). */
const DEFAULT_BOSS_SCHEMA = 'pgboss';

/**
 * The id of run R's job for task T. pg-boss inserts a job whose id exists with ON CONFLICT DO NOTHING, so
 * however many copies of a task send the next one, the run gets one job per task (a singletonKey does
 * nothing on a standard queue). The run's start time is in it so a run id reused by a recreated database
 * cannot collide with an old job.
 */
export function taskJobId(runId: number, runStartedAt: Date, task: PipelineTaskName): string {
  const hash = createHash('sha1').update(`${TASK_QUEUE}\n${runId}\n${runStartedAt.toISOString()}\n${task}`);
  const bytes = hash.digest().subarray(0, 16);
  // A name-based UUID (version 5 layout), which pg-boss's uuid column accepts like any other.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** pg-boss's connection interface over a store transaction, so a job is sent in that transaction. */
function inTransaction(tx: Store): PgBoss.Db {
  return {
    executeSql: async (text, values) => tx.db.executeQuery(CompiledQuery.raw(text, values)),
  };
}

/** The message pg-boss kept for a failed job: the handler's error, or its expiry. */
function failureMessage(output: unknown): string {
  const value = output as { message?: unknown; value?: { message?: unknown } } | null | undefined;
  const message = value?.message ?? value?.value?.message;
  return typeof message === 'string' ? message : 'no reason recorded';
}

/**
 * The distributed mode: pipeline tasks are pg-boss jobs on the PostgreSQL database, so any number of
 * `coplay worker` processes on any machines share the work. Each task is its own job with retries and
 * exponential backoff; a worker killed mid-task leaves its job active until it expires, then another
 * worker retries it.
 *
 * What keeps runs consistent: one running run at a time (a unique index; a start request while one is going
 * is skipped and logged); a run and its first job are created in one transaction, and each task sends the
 * next before its own job completes, so a live run always has a job waiting, retrying or active; one job
 * per task (ids from the run and task); a task row claimed by compare-and-set on its attempt, so of two
 * copies only the newer records results; and a job that used up its retries goes to a dead-letter queue
 * whose handler fails the run. A run with no job left (its worker and the dead-letter job lost) is found
 * abandoned and failed by the next start request.
 */
export class PgBossPipelineQueue implements JobQueue {
  readonly boss: PgBoss;
  private state: 'new' | 'starting' | 'started' | 'failed' | 'stopped' = 'new';

  constructor(
    private readonly deps: PipelineDependencies,
    private readonly options: PgBossQueueOptions,
  ) {
    if (deps.store.dialect !== 'postgres')
      throw new CoplayError(
        'CONFIG_INVALID',
        'the distributed pipeline needs its store on PostgreSQL, in the database pg-boss uses',
      );
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      ...(options.schema ? { schema: options.schema } : {}),
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      monitorStateIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    this.boss.on('error', (error) => options.onError?.(error));
  }

  /**
   * A started queue, retrying with a fresh queue per attempt: a PgBoss whose start() failed keeps flags that
   * make the next start() return at once without maintenance, schedules or a working stop(). Each failed
   * attempt has closed its own connections.
   */
  static async connect(
    deps: PipelineDependencies,
    options: PgBossQueueOptions,
    retry: { retries: number; minTimeoutMs: number } = { retries: 4, minTimeoutMs: 500 },
  ): Promise<PgBossPipelineQueue> {
    return pRetry(
      async () => {
        const queue = new PgBossPipelineQueue(deps, options);
        await queue.start();
        return queue;
      },
      { retries: retry.retries, minTimeout: retry.minTimeoutMs },
    );
  }

  /**
   * Connects (creating pg-boss's tables on first use) and declares the queues with their retry policy. Once
   * only: when it fails, the connections it opened are closed and this queue is spent (see connect()).
   */
  async start(): Promise<void> {
    if (this.state !== 'new')
      throw new Error(`this pg-boss queue is ${this.state}; start a new PgBossPipelineQueue instead`);
    this.state = 'starting';
    try {
      await this.boss.start();
    } catch (error) {
      // pg-boss's stop() does nothing for a start that failed, so its pool is closed here. Its start fails
      // in its first queries, before it sets up any timer.
      this.state = 'failed';
      const db = this.boss.getDb() as PgBoss.Db & { opened?: boolean; close?: () => Promise<void> };
      if (db.opened) await db.close?.().catch(() => undefined);
      throw error;
    }
    try {
      const policy = {
        retryLimit: this.options.retryLimit ?? 3,
        retryDelay: this.options.retryDelaySeconds ?? 30,
        retryBackoff: true,
        expireInSeconds: this.options.expireInSeconds ?? 1800,
      };
      // createQueue keeps an existing queue's policy; updateQueue makes this process's configuration current.
      // The dead-letter queue comes first: a queue naming it needs it to exist. pg-boss writes the jobs it
      // moves there itself, with the task job's retry limit and no delay; its handler is idempotent.
      for (const [name, options] of [
        [DEAD_TASK_QUEUE, {}],
        [START_QUEUE, { ...policy, retryLimit: 0 }],
        [TASK_QUEUE, { ...policy, deadLetter: DEAD_TASK_QUEUE }],
      ] as const) {
        await this.boss.createQueue(name, { name, ...options });
        await this.boss.updateQueue(name, { name, ...options });
      }
    } catch (error) {
      this.state = 'failed';
      await this.boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw error;
    }
    this.state = 'started';
  }

  /** Holds the schedule in PostgreSQL: every worker may call this; pg-boss sends one start job per tick. */
  async schedule(cron: string): Promise<void> {
    if (cron.trim().toLowerCase() === 'off') await this.boss.unschedule(START_QUEUE);
    // In this process's time zone, as the embedded scheduler reads it: pg-boss would otherwise use UTC.
    else
      await this.boss.schedule(
        START_QUEUE,
        cron,
        { trigger: 'schedule' },
        { tz: Intl.DateTimeFormat().resolvedOptions().timeZone },
      );
  }

  /** Asks for a run now (CLI, admin button). */
  async requestRun(trigger: string): Promise<void> {
    await this.boss.send(START_QUEUE, { trigger });
  }

  /** Makes this process a worker of the queues, one job at a time each. */
  async work(): Promise<void> {
    const polling = {
      pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
      batchSize: 1,
      includeMetadata: true as const,
    };
    await this.boss.work<{ trigger: string }>(START_QUEUE, polling, async ([job]) => {
      if (!job) return;
      try {
        await this.startRun(job.data.trigger);
      } catch (error) {
        this.log(
          `start (${job.data.trigger}) failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw error;
      }
    });
    await this.boss.work<TaskJob>(TASK_QUEUE, polling, async ([job]) => {
      if (!job) return;
      const { runId, task } = job.data;
      const step = await runPipelineTask(this.deps, runId, task, {
        lastAttempt: job.retryCount >= job.retryLimit,
        ...(this.options.onTaskStart ? { onTaskStart: this.options.onTaskStart } : {}),
        log: (line) => this.log(line),
      });
      if (step.next) await this.sendTask(runId, step.runStartedAt, step.next);
    });
    await this.boss.work<TaskJob>(DEAD_TASK_QUEUE, polling, async ([job]) => {
      if (!job) return;
      const { runId, task } = job.data;
      // A copy of the task that outlived its job may have finished it and sent the next task since.
      if (await this.hasTaskJob(runId)) return;
      await this.failRun(
        runId,
        `gave up on task ${task} after its last attempt: ${failureMessage(job.output)}`,
      );
    });
  }

  async stop(): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopped';
    await this.boss.stop({ graceful: true, wait: true });
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /**
   * Creates a run and sends its first task in one transaction, unless a run is still going. A running run
   * with no task job left to run is abandoned (its worker died on every attempt and the dead-letter job was
   * lost, or it predates this check): it is failed, then the new run starts.
   */
  private async startRun(trigger: string): Promise<void> {
    const store = this.deps.store;
    const running = await store.pipelineRuns.runningRun();
    if (running !== undefined) {
      if (await this.hasTaskJob(running.id)) {
        const task = running.tasks.find((t) => t.status === 'running' || t.status === 'failed')?.task;
        this.log(
          `start (${trigger}) skipped: run ${running.id} is still going${task ? ` (task ${task})` : ''}`,
        );
        return;
      }
      await this.failRun(running.id, 'abandoned: no worker holds or will retry any of its tasks');
    }
    const startedAt = new Date();
    try {
      const runId = await store.transaction(async (tx) => {
        const id = await tx.pipelineRuns.createRun({ trigger, tasks: PIPELINE_TASKS, startedAt });
        await this.sendTask(id, startedAt, PIPELINE_TASKS[0], inTransaction(tx));
        return id;
      });
      this.log(`run ${runId} (${trigger}) started`);
    } catch (error) {
      if (!isCoplayError(error) || error.code !== 'PIPELINE_BUSY') throw error;
      const other = await store.pipelineRuns.runningRun();
      this.log(
        `start (${trigger}) skipped: ${other ? `run ${other.id} started meanwhile` : 'another run started meanwhile'}`,
      );
    }
  }

  /**
   * Whether a task job of the run is waiting, retrying or running. pg-boss has no query by job data, so this
   * reads its table; the schema name is spliced in as pg-boss itself does, after its constructor has checked
   * it is a plain identifier (letters, digits, underscores).
   */
  private async hasTaskJob(runId: number): Promise<boolean> {
    const schema = this.options.schema ?? DEFAULT_BOSS_SCHEMA;
    const { rows } = await this.boss
      .getDb()
      .executeSql(
        `SELECT 1 FROM ${schema}.job WHERE name = $1 AND state < 'completed' AND data->>'runId' = $2 LIMIT 1`,
        [TASK_QUEUE, String(runId)],
      );
    return rows.length > 0;
  }

  /** Fails the run if it is still running; its running task gets `reason`. */
  private async failRun(runId: number, reason: string): Promise<void> {
    const failed = await this.deps.store.pipelineRuns.finishRunningRun(runId, {
      status: 'failed',
      taskError: reason,
    });
    if (failed) this.log(`run ${runId} failed: ${reason}`);
  }

  private async sendTask(
    runId: number,
    runStartedAt: Date,
    task: PipelineTaskName,
    db?: PgBoss.Db,
  ): Promise<void> {
    await this.boss.send(TASK_QUEUE, { runId, task } satisfies TaskJob, {
      id: taskJobId(runId, runStartedAt, task),
      ...(db ? { db } : {}),
    });
  }
}
