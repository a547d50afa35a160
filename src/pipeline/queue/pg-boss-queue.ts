import PgBoss from 'pg-boss';
import { PIPELINE_TASKS, type PipelineTaskName } from '../pipeline-dag.ts';
import { runPipelineTask } from '../run-pipeline-task.ts';
import type { PipelineDependencies } from '../run-pipeline.ts';
import type { JobQueue } from './job-queue.ts';

/** Queue of "start a run" jobs: the pg-boss schedule sends one per cron tick, whatever the number of workers. */
export const START_QUEUE = 'coplay-pipeline-start';
/** Queue of "run task T of run R" jobs; each finished task sends the next one. */
export const TASK_QUEUE = 'coplay-pipeline-task';

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
}

interface TaskJob {
  runId: number;
  task: PipelineTaskName;
}

/**
 * The distributed mode: pipeline tasks are pg-boss jobs on the PostgreSQL database, so any number of
 * `coplay worker` processes on any machines share the work. Each task is its own job with retries and
 * exponential backoff; a worker killed mid-task leaves its job active until it expires, then another
 * worker retries it. runPipelineTask skips a task that already succeeded, so a redelivered publish
 * publishes nothing twice.
 */
export class PgBossPipelineQueue implements JobQueue {
  readonly boss: PgBoss;

  constructor(
    private readonly deps: PipelineDependencies,
    private readonly options: PgBossQueueOptions,
  ) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      ...(options.schema ? { schema: options.schema } : {}),
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      monitorStateIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    this.boss.on('error', (error) => options.onError?.(error));
  }

  /** Connects (creating pg-boss's tables on first use) and declares both queues with their retry policy. */
  async start(): Promise<void> {
    await this.boss.start();
    const policy = {
      retryLimit: this.options.retryLimit ?? 3,
      retryDelay: this.options.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: this.options.expireInSeconds ?? 1800,
    };
    // createQueue keeps an existing queue's policy; updateQueue makes this process's configuration current.
    for (const [name, options] of [
      [START_QUEUE, { ...policy, retryLimit: 0 }],
      [TASK_QUEUE, policy],
    ] as const) {
      await this.boss.createQueue(name, { name, ...options });
      await this.boss.updateQueue(name, { name, ...options });
    }
  }

  /** Holds the schedule in PostgreSQL: every worker may call this; pg-boss sends one start job per tick. */
  async schedule(cron: string): Promise<void> {
    if (cron.trim().toLowerCase() === 'off') await this.boss.unschedule(START_QUEUE);
    else await this.boss.schedule(START_QUEUE, cron, { trigger: 'schedule' });
  }

  /** Asks for a run now (CLI, admin button). */
  async requestRun(trigger: string): Promise<void> {
    await this.boss.send(START_QUEUE, { trigger });
  }

  /** Makes this process a worker of both queues, one job at a time. */
  async work(): Promise<void> {
    const polling = { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: 1 };
    await this.boss.work<{ trigger: string }>(START_QUEUE, polling, async ([job]) => {
      if (job) await this.startRun(job.data.trigger);
    });
    await this.boss.work<TaskJob>(TASK_QUEUE, polling, async ([job]) => {
      if (!job) return;
      const step = await runPipelineTask(this.deps, job.data.runId, job.data.task, this.options.onTaskStart);
      if (step.next) await this.sendTask(job.data.runId, step.next);
    });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true });
  }

  /** Creates a run and sends its first task, unless a run is still going (one run at a time). */
  private async startRun(trigger: string): Promise<void> {
    const runs = this.deps.store.pipelineRuns;
    const newest = (await runs.listRuns(1))[0];
    if (newest?.status === 'running') return;
    const runId = await runs.createRun({ trigger, tasks: PIPELINE_TASKS });
    await this.sendTask(runId, PIPELINE_TASKS[0]);
  }

  private async sendTask(runId: number, task: PipelineTaskName): Promise<void> {
    await this.boss.send(TASK_QUEUE, { runId, task } satisfies TaskJob, { singletonKey: `${runId}:${task}` });
  }
}
