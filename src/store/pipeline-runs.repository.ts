import type { Kysely, Selectable } from 'kysely';
import { CoplayError } from '../errors.ts';
import type { StoreDialect } from './dialects/store-dialect.ts';
import { PIPELINE_RUN_STATUSES } from './schema.ts';
import type {
  Database,
  PipelineRunStatus,
  PipelineRunsTable,
  PipelineTaskStatus,
  PipelineTasksTable,
} from './schema.ts';
import { toNumber } from './to-number.ts';
import { withTransaction } from './with-transaction.ts';

/** Longest log tail kept per task: enough to see why it failed, small enough to list runs quickly. */
export const LOG_TAIL_CHARS = 8000;

/** One step of a pipeline run. */
export interface PipelineTask {
  task: string;
  status: PipelineTaskStatus;
  attempt: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  logTail: string | null;
  metrics: Record<string, unknown> | null;
  error: string | null;
}

/** A pipeline run with its tasks in pipeline order. */
export interface PipelineRun {
  id: number;
  startedAt: Date;
  finishedAt: Date | null;
  status: PipelineRunStatus;
  trigger: string;
  snapshotId: string | null;
  tasks: PipelineTask[];
}

/** What monitoring reads about runs (GET /metrics), whichever process ran them. */
export interface PipelineRunsSummary {
  /** Recorded runs per status; statuses without runs are 0. */
  runsByStatus: Record<PipelineRunStatus, number>;
  /** The newest run that has finished (any outcome), with its tasks. */
  lastFinished: PipelineRun | undefined;
  /** When the newest successful run finished. */
  lastSucceededAt: Date | undefined;
}

/** Fields of a task to change; those left out keep their value. */
export interface PipelineTaskUpdate {
  status: PipelineTaskStatus;
  attempt?: number;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  logTail?: string | null;
  metrics?: Record<string, unknown> | null;
  error?: string | null;
}

/** The retraining pipeline's history: one run per trigger, one task row per step. */
export class PipelineRunsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /**
   * Starts a run (status running), with its planned tasks pending; returns the run id. Only one run may be
   * running at a time (a partial unique index, so two processes starting runs at once cannot both win):
   * PIPELINE_BUSY when one is.
   */
  async createRun(run: {
    trigger: string;
    snapshotId?: string | null;
    tasks?: readonly string[];
    startedAt?: Date;
  }): Promise<number> {
    return busyWhenRunning(
      withTransaction(this.db, async (tx) => {
        const { id } = await tx
          .insertInto('pipeline_runs')
          .values({
            started_at: this.dialect.writeDate(run.startedAt ?? new Date()),
            finished_at: null,
            status: 'running',
            trigger: run.trigger,
            snapshot_id: run.snapshotId ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const tasks = run.tasks ?? [];
        if (tasks.length > 0) {
          await tx
            .insertInto('pipeline_tasks')
            .values(
              tasks.map((task, position) => ({
                run_id: id,
                task,
                position,
                status: 'pending' as const,
                attempt: 0,
              })),
            )
            .execute();
        }
        return id;
      }),
    );
  }

  /** Changes a run's status, finish time or snapshot; NOT_FOUND when there is no such run, PIPELINE_BUSY when it would be a second running run. */
  async updateRun(
    id: number,
    patch: { status?: PipelineRunStatus; finishedAt?: Date | null; snapshotId?: string | null },
  ): Promise<void> {
    const fields = {
      ...(patch.status === undefined ? {} : { status: patch.status }),
      ...(patch.finishedAt === undefined ? {} : { finished_at: this.writeDateOrNull(patch.finishedAt) }),
      ...(patch.snapshotId === undefined ? {} : { snapshot_id: patch.snapshotId }),
    };
    if (Object.keys(fields).length === 0) {
      if (
        (await this.db.selectFrom('pipeline_runs').select('id').where('id', '=', id).executeTakeFirst()) ===
        undefined
      ) {
        throw runNotFound(id);
      }
      return;
    }
    const result = await busyWhenRunning(
      this.db.updateTable('pipeline_runs').set(fields).where('id', '=', id).executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) throw runNotFound(id);
  }

  /**
   * Ends a run only while it is still running (compare-and-set on its status), so whoever finds it abandoned
   * and a late worker cannot both end it, nor end a run that already finished. With `taskError`, its tasks
   * still marked running fail with that error (their worker is gone). True when this call ended it.
   */
  async finishRunningRun(
    id: number,
    end: { status: Exclude<PipelineRunStatus, 'running'>; finishedAt?: Date; taskError?: string },
  ): Promise<boolean> {
    const finishedAt = this.dialect.writeDate(end.finishedAt ?? new Date());
    return withTransaction(this.db, async (tx) => {
      const ended = await tx
        .updateTable('pipeline_runs')
        .set({ status: end.status, finished_at: finishedAt })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (ended.numUpdatedRows === 0n) return false;
      if (end.taskError !== undefined)
        await tx
          .updateTable('pipeline_tasks')
          .set({ status: 'failed', finished_at: finishedAt, error: end.taskError })
          .where('run_id', '=', id)
          .where('status', '=', 'running')
          .execute();
      return true;
    });
  }

  /**
   * Claims a task for attempt `attempt`: marks it running only if its recorded attempt is still
   * `attempt − 1` and it neither succeeded nor was skipped (compare-and-set). Two copies of one task job (a
   * worker that outlived the job's expiry, and the retry pg-boss handed to another) cannot both claim the
   * same attempt. False when the task was not claimed.
   */
  async claimTask(runId: number, task: string, attempt: number, startedAt = new Date()): Promise<boolean> {
    const claimed = await this.db
      .updateTable('pipeline_tasks')
      .set({
        status: 'running',
        attempt,
        started_at: this.dialect.writeDate(startedAt),
        finished_at: null,
        error: null,
      })
      .where('run_id', '=', runId)
      .where('task', '=', task)
      .where('attempt', '=', attempt - 1)
      .where('status', 'not in', ['succeeded', 'skipped'])
      .executeTakeFirst();
    return claimed.numUpdatedRows > 0n;
  }

  /**
   * Records the end of a claimed attempt, only while the task is still running as that attempt: a copy that
   * a newer attempt overtook, or whose run was given up meanwhile, writes nothing. True when written.
   */
  async finishClaimedTask(
    runId: number,
    task: string,
    attempt: number,
    update: Omit<PipelineTaskUpdate, 'attempt' | 'startedAt'> & { status: 'succeeded' | 'failed' },
  ): Promise<boolean> {
    const written = await this.db
      .updateTable('pipeline_tasks')
      .set(this.taskFields(update))
      .where('run_id', '=', runId)
      .where('task', '=', task)
      .where('attempt', '=', attempt)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return written.numUpdatedRows > 0n;
  }

  /** The columns an update sets: only the fields it gives; the log cut to its last LOG_TAIL_CHARS. */
  private taskFields(update: PipelineTaskUpdate) {
    return {
      status: update.status,
      ...(update.attempt === undefined ? {} : { attempt: update.attempt }),
      ...(update.startedAt === undefined ? {} : { started_at: this.writeDateOrNull(update.startedAt) }),
      ...(update.finishedAt === undefined ? {} : { finished_at: this.writeDateOrNull(update.finishedAt) }),
      ...(update.logTail === undefined
        ? {}
        : { log_tail: update.logTail === null ? null : update.logTail.slice(-LOG_TAIL_CHARS) }),
      ...(update.metrics === undefined
        ? {}
        : { metrics: update.metrics === null ? null : this.dialect.writeJson(update.metrics) }),
      ...(update.error === undefined ? {} : { error: update.error }),
    };
  }

  /** Updates a task of a run, adding it after the others when it was not planned; keeps the last LOG_TAIL_CHARS of the log. */
  async updateTask(runId: number, task: string, update: PipelineTaskUpdate): Promise<void> {
    const fields = this.taskFields(update);
    await withTransaction(this.db, async (tx) => {
      const updated = await tx
        .updateTable('pipeline_tasks')
        .set(fields)
        .where('run_id', '=', runId)
        .where('task', '=', task)
        .executeTakeFirst();
      if (updated.numUpdatedRows > 0n) return;
      const run = await tx
        .selectFrom('pipeline_runs')
        .select('id')
        .where('id', '=', runId)
        .executeTakeFirst();
      if (run === undefined) throw runNotFound(runId);
      const { n } = await tx
        .selectFrom('pipeline_tasks')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('pipeline_tasks')
        .values({ run_id: runId, task, position: toNumber(n), attempt: 0, ...fields })
        .execute();
    });
  }

  /** One run with its tasks, or undefined. */
  async getRun(id: number): Promise<PipelineRun | undefined> {
    const row = await this.db.selectFrom('pipeline_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : (await this.withTasks([row]))[0];
  }

  /** The newest runs first, each with its tasks. */
  async listRuns(limit = 20): Promise<PipelineRun[]> {
    const rows = await this.db
      .selectFrom('pipeline_runs')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return this.withTasks(rows);
  }

  /**
   * Whether the run is still running. Inside a transaction on PostgreSQL it also locks the run's row until
   * the transaction ends, so the run cannot be ended (and no other run started) before what the caller does
   * next commits. SQLite runs one write transaction at a time anyway.
   */
  async lockIfRunning(id: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('pipeline_runs')
      .select('status')
      .where('id', '=', id)
      .$if(this.dialect.name === 'postgres', (query) => query.forUpdate())
      .executeTakeFirst();
    return row?.status === 'running';
  }

  /** The run in progress (at most one is), or undefined. */
  async runningRun(): Promise<PipelineRun | undefined> {
    return this.newestWithStatus('running');
  }

  /** The most recent failed run, or undefined when none failed. */
  async latestFailedRun(): Promise<PipelineRun | undefined> {
    return this.newestWithStatus('failed');
  }

  private async newestWithStatus(status: PipelineRunStatus): Promise<PipelineRun | undefined> {
    const row = await this.db
      .selectFrom('pipeline_runs')
      .selectAll()
      .where('status', '=', status)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : (await this.withTasks([row]))[0];
  }

  /** Counts by status plus the newest finished and successful runs: three small indexed queries. */
  async summary(): Promise<PipelineRunsSummary> {
    const counts = await this.db
      .selectFrom('pipeline_runs')
      .select((eb) => ['status', eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    const runsByStatus = Object.fromEntries(PIPELINE_RUN_STATUSES.map((status) => [status, 0])) as Record<
      PipelineRunStatus,
      number
    >;
    for (const { status, n } of counts) runsByStatus[status] = toNumber(n);
    const finished = await this.db
      .selectFrom('pipeline_runs')
      .selectAll()
      .where('finished_at', 'is not', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const succeeded = await this.db
      .selectFrom('pipeline_runs')
      .select('finished_at')
      .where('status', '=', 'succeeded')
      .where('finished_at', 'is not', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      runsByStatus,
      lastFinished: finished === undefined ? undefined : (await this.withTasks([finished]))[0],
      lastSucceededAt:
        succeeded?.finished_at == null ? undefined : this.dialect.readDate(succeeded.finished_at),
    };
  }

  private async withTasks(runs: Selectable<PipelineRunsTable>[]): Promise<PipelineRun[]> {
    if (runs.length === 0) return [];
    const taskRows = await this.db
      .selectFrom('pipeline_tasks')
      .selectAll()
      .where(
        'run_id',
        'in',
        runs.map((run) => run.id),
      )
      .orderBy('run_id')
      .orderBy('position')
      .execute();
    const d = this.dialect;
    return runs.map((run) => ({
      id: run.id,
      startedAt: d.readDate(run.started_at),
      finishedAt: run.finished_at === null ? null : d.readDate(run.finished_at),
      status: run.status,
      trigger: run.trigger,
      snapshotId: run.snapshot_id,
      tasks: taskRows.filter((task) => task.run_id === run.id).map((task) => this.toTask(task)),
    }));
  }

  private toTask(row: Selectable<PipelineTasksTable>): PipelineTask {
    const d = this.dialect;
    return {
      task: row.task,
      status: row.status,
      attempt: row.attempt,
      startedAt: row.started_at === null ? null : d.readDate(row.started_at),
      finishedAt: row.finished_at === null ? null : d.readDate(row.finished_at),
      logTail: row.log_tail,
      metrics: row.metrics === null ? null : d.readJson(row.metrics),
      error: row.error,
    };
  }

  private writeDateOrNull(value: Date | null): string | null {
    return value === null ? null : this.dialect.writeDate(value);
  }
}

/** SQLSTATE unique_violation (PostgreSQL) and better-sqlite3's code for the same. */
const UNIQUE_VIOLATIONS = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE']);

/**
 * A write that would make a second running run fails on the one-running-run index (migration 0003); the
 * caller gets PIPELINE_BUSY instead of a driver error. The id column is the table's only other unique key,
 * and it is generated.
 */
async function busyWhenRunning<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !UNIQUE_VIOLATIONS.has(code)) throw error;
    throw new CoplayError('PIPELINE_BUSY', 'A pipeline run is already going; wait for it to finish.', {
      cause: error,
    });
  }
}

function runNotFound(id: number): CoplayError {
  return new CoplayError('NOT_FOUND', `No pipeline run ${id} exists.`, { details: { runId: id } });
}
