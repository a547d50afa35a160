import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PIPELINE_TASKS, type PipelineTaskName } from '../../src/pipeline/pipeline-dag.ts';
import { PgBossPipelineQueue, TASK_QUEUE } from '../../src/pipeline/queue/pg-boss-queue.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { PipelineRun } from '../../src/store/pipeline-runs.repository.ts';
import type { Store } from '../../src/store/store.ts';
import { TEST_POSTGRES_URL } from '../store/test-stores.ts';
import { seedPipelineStore, smallSettings, tempArtifacts } from './pipeline-fixture.ts';
import { until as waitUntil } from '../faults/until.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A promise that never settles: a task whose worker hangs (or was killed) on that attempt. */
const never = () => new Promise<void>(() => undefined);

/** The shared poll, with the longer deadline these multi-worker scenarios need. */
const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> =>
  waitUntil(what, probe, { timeoutMs: 20_000, everyMs: 100 });

/**
 * Workers of the distributed pipeline in this process (pg-boss queues on the real PostgreSQL, each test on
 * its own store and pg-boss schemas), with short expiry and retry delays. `hold` decides what a task attempt
 * does before its work: the tests stall, hang or fail attempts with it.
 */
describe('distributed pipeline runs on pg-boss (real PostgreSQL, workers in this process)', () => {
  let storeSchema: string;
  let bossSchema: string;
  let store: Store;
  let temp: ReturnType<typeof tempArtifacts>;
  let workers: PgBossPipelineQueue[];
  /** "task attempt" per attempt started, in order; and every line the queues logged. */
  let started: string[];
  let logs: string[];
  let hold: (task: PipelineTaskName, attempt: number) => Promise<void>;

  async function startWorker(overrides: { retryDelaySeconds?: number } = {}): Promise<PgBossPipelineQueue> {
    const queue = new PgBossPipelineQueue(
      { store, artifacts: temp.artifacts, settings: smallSettings() },
      {
        connectionString: TEST_POSTGRES_URL,
        schema: bossSchema,
        expireInSeconds: 2,
        retryLimit: 1,
        retryDelaySeconds: overrides.retryDelaySeconds ?? 1,
        maintenanceIntervalSeconds: 1,
        pollingIntervalSeconds: 0.5,
        onTaskStart: async (task, attempt) => {
          started.push(`${task} ${attempt}`);
          await hold(task, attempt);
        },
        log: (line) => logs.push(line),
      },
    );
    await queue.start();
    workers.push(queue);
    await queue.work();
    return queue;
  }

  const runs = () => store.pipelineRuns.listRuns(10);
  const runWhere = (what: string, probe: (run: PipelineRun) => boolean, id?: number) =>
    until(what, async () => (await runs()).find((run) => (id === undefined || run.id === id) && probe(run)));
  const taskJobs = async () =>
    (
      await sql<{
        task: string;
        state: string;
      }>`select data->>'task' as task, state from ${sql.id(bossSchema)}.job
        where name = ${TASK_QUEUE} order by created_on`.execute(store.db)
    ).rows;

  beforeEach(async () => {
    storeSchema = `test_${randomUUID().replaceAll('-', '')}`;
    bossSchema = `${storeSchema}_boss`;
    store = await openStore(TEST_POSTGRES_URL, { schema: storeSchema });
    await seedPipelineStore(store);
    temp = tempArtifacts();
    workers = [];
    started = [];
    logs = [];
    hold = async () => undefined;
  });

  afterEach(async () => {
    for (const worker of workers) await worker.stop();
    for (const schema of [storeSchema, bossSchema])
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
    await store.close();
    temp.cleanup();
  });

  it('fails a run whose task never finishes on any attempt, and the next start request runs', async () => {
    const client = await startWorker();
    let trainHangs = true;
    hold = async (task) => {
      if (task === 'train' && trainHangs) await never();
    };
    await client.requestRun('schedule');
    // Both attempts hang past their expiry; pg-boss gives up and dead-letters the job.
    const failed = await runWhere('run 1 to fail', (run) => run.status === 'failed');
    expect(started.filter((s) => s.startsWith('train'))).toEqual(['train 1', 'train 2']);
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.tasks.map((t) => [t.task, t.status])).toEqual([
      ['ingest', 'succeeded'],
      ['validate', 'succeeded'],
      ['train', 'failed'],
      ['evaluate', 'pending'],
      ['gate', 'pending'],
      ['publish', 'pending'],
    ]);
    // The worker's own timer or pg-boss maintenance, whichever sees the expiry first, fails the attempt.
    expect(failed.tasks[2]?.error).toMatch(
      /^gave up on task train after its last attempt: (handler execution exceeded|job failed by timeout)/,
    );

    trainHangs = false;
    await client.requestRun('admin');
    const second = await runWhere('run 2 to start', (run) => run.id !== failed.id);
    // A start request while run 2 is going (it takes seconds) starts nothing and says why.
    await client.requestRun('schedule');
    await until('the skipped start to be logged', async () =>
      logs.find((l) => l.startsWith(`start (schedule) skipped: run ${second.id} is still going`)),
    );
    const done = await runWhere('run 2 to succeed', (run) => run.status === 'succeeded', second.id);
    expect(done.trigger).toBe('admin');
    expect((await store.modelVersions.getLive())?.version).toBe(done.tasks[2]?.metrics?.version);
    expect((await runs()).length).toBe(2);
  }, 40_000);

  it('fails a running run left with no task job (its worker died before sending one) and starts anew', async () => {
    const client = await startWorker();
    // As a worker that crashed between recording a run and queueing its first task left it, before runs and
    // their first job were created together.
    const orphan = await store.pipelineRuns.createRun({ trigger: 'schedule', tasks: PIPELINE_TASKS });
    await store.pipelineRuns.updateTask(orphan, 'ingest', { status: 'running', attempt: 1 });
    await client.requestRun('admin');
    const fresh = await runWhere(
      'a new run to succeed',
      (run) => run.id !== orphan && run.status === 'succeeded',
    );
    expect(fresh.trigger).toBe('admin');
    const old = await store.pipelineRuns.getRun(orphan);
    expect(old?.status).toBe('failed');
    expect(old?.tasks[0]?.error).toBe('abandoned: no worker holds or will retry any of its tasks');
    expect(logs).toContain(`run ${orphan} failed: abandoned: no worker holds or will retry any of its tasks`);
  }, 30_000);

  it('keeps a run going while a failed task waits for its retry: a start request meanwhile starts no second run', async () => {
    const client = await startWorker({ retryDelaySeconds: 2 });
    hold = async (task, attempt) => {
      if (task === 'evaluate' && attempt === 1) throw new Error('transient failure');
    };
    await client.requestRun('schedule');
    const waiting = await runWhere('evaluate to fail once', (run) => run.tasks[3]?.status === 'failed');
    // Still going: pg-boss retries evaluate in 2–4 s.
    expect(waiting.status).toBe('running');
    expect(waiting.finishedAt).toBeNull();
    expect([waiting.tasks[3]?.attempt, waiting.tasks[3]?.error]).toEqual([1, 'transient failure']);
    await client.requestRun('admin');
    await until('the skipped start to be logged', async () =>
      logs.find((l) => l === `start (admin) skipped: run ${waiting.id} is still going (task evaluate)`),
    );
    const done = await runWhere('run 1 to succeed', (run) => run.status === 'succeeded', waiting.id);
    expect(done.tasks[3]?.attempt).toBe(2);
    expect(started.filter((s) => s.startsWith('evaluate'))).toEqual(['evaluate 1', 'evaluate 2']);
    expect((await runs()).length).toBe(1);
  }, 30_000);

  it('records one copy of a task that outlived its expiry: one job per task, and the judged version goes live', async () => {
    // Two workers. Train's first attempt stalls until its retry has started on a worker, then trains: the
    // retry owns the task, so that copy's candidate is dropped. Evaluate's first attempt stalls just past its
    // expiry and finishes before its retry starts: the retry finds it done and sends gate again, which must
    // not make a second gate job. Gate waits for that retry to be over.
    await startWorker();
    const other = await startWorker();
    hold = async (task, attempt) => {
      if (task === 'train' && attempt === 1) {
        await until('train attempt 2 to start', async () => (started.includes('train 2') ? true : undefined));
        await sleep(300);
      }
      if (task === 'evaluate' && attempt === 1) await sleep(2_100);
      if (task === 'gate')
        await until('the evaluate job to be retried and completed', async () =>
          (await taskJobs()).some((job) => job.task === 'evaluate' && job.state === 'completed')
            ? true
            : undefined,
        );
    };
    await other.requestRun('schedule');
    const run = await runWhere('the run to succeed', (r) => r.status === 'succeeded');
    const versions = await until('the overtaken train copy to register its candidate', async () => {
      const all = await store.modelVersions.list();
      return all.length === 2 ? all : undefined;
    });
    const jobs = await taskJobs();
    expect(jobs.map((job) => job.task)).toEqual([...PIPELINE_TASKS]);
    expect(jobs.every((job) => job.state === 'completed')).toBe(true);
    const train = run.tasks[2];
    expect(train?.attempt).toBe(2);
    const version = train?.metrics?.version;
    expect(run.tasks[4]?.metrics?.version).toBe(version);
    expect((await store.modelVersions.getLive())?.version).toBe(version);
    // The overtaken copy trained last: its candidate is the newer one, never recorded, judged or published.
    const [published, orphan] = ['published', 'candidate'].map((status) =>
      versions.find((v) => v.status === status),
    );
    expect(published?.version).toBe(version);
    expect(orphan?.createdAt.getTime()).toBeGreaterThan(published?.createdAt.getTime() ?? Infinity);
    await until('the overtaken copy to report its results dropped', async () =>
      logs.find((l) => l.startsWith(`task train of run ${run.id}: attempt 1 finished after a newer attempt`)),
    );
    expect(started.filter((s) => s.startsWith('gate') || s.startsWith('publish'))).toEqual([
      'gate 1',
      'publish 1',
    ]);
  }, 40_000);
});
