import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CoplayError } from '../../src/errors.ts';
import { postgresDialect } from '../../src/store/dialects/postgres.ts';
import { sqliteDialect } from '../../src/store/dialects/sqlite.ts';
import { storeMigrations } from '../../src/store/migrations/migrate-to-latest.ts';
import { openStore } from '../../src/store/open-store.ts';
import { LOG_TAIL_CHARS } from '../../src/store/pipeline-runs.repository.ts';
import { createTestDatabase, TEST_DIALECTS, useTestStore } from './test-stores.ts';

const T0 = new Date('2024-08-01T03:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: pipeline runs repository`, () => {
    const store = useTestStore(dialect);

    it('creates a run with pending tasks and records their progress in pipeline order', async () => {
      const runs = store().pipelineRuns;
      const id = await runs.createRun({
        trigger: 'schedule',
        tasks: ['ingest', 'train', 'evaluate'],
        startedAt: T0,
      });
      await runs.updateTask(id, 'ingest', {
        status: 'succeeded',
        attempt: 1,
        startedAt: at(1),
        finishedAt: at(2),
        metrics: { rows: 128804 },
      });
      await runs.updateTask(id, 'train', {
        status: 'running',
        attempt: 2,
        startedAt: at(3),
        logTail: 'epoch 1\n',
      });
      await runs.updateTask(id, 'publish', { status: 'skipped' });
      await runs.updateRun(id, { snapshotId: 'snap-1' });

      const run = await runs.getRun(id);
      expect(run).toMatchObject({
        id,
        startedAt: T0,
        finishedAt: null,
        status: 'running',
        trigger: 'schedule',
        snapshotId: 'snap-1',
      });
      expect(run?.tasks).toEqual([
        {
          task: 'ingest',
          status: 'succeeded',
          attempt: 1,
          startedAt: at(1),
          finishedAt: at(2),
          logTail: null,
          metrics: { rows: 128804 },
          error: null,
        },
        {
          task: 'train',
          status: 'running',
          attempt: 2,
          startedAt: at(3),
          finishedAt: null,
          logTail: 'epoch 1\n',
          metrics: null,
          error: null,
        },
        {
          task: 'evaluate',
          status: 'pending',
          attempt: 0,
          startedAt: null,
          finishedAt: null,
          logTail: null,
          metrics: null,
          error: null,
        },
        {
          task: 'publish',
          status: 'skipped',
          attempt: 0,
          startedAt: null,
          finishedAt: null,
          logTail: null,
          metrics: null,
          error: null,
        },
      ]);
    });

    it('keeps only the end of a long log', async () => {
      const runs = store().pipelineRuns;
      const id = await runs.createRun({ trigger: 'manual', tasks: ['train'] });
      const log = `${'x'.repeat(LOG_TAIL_CHARS)}THE END`;
      await runs.updateTask(id, 'train', { status: 'failed', logTail: log, error: 'diverged' });
      const task = (await runs.getRun(id))?.tasks[0];
      expect(task?.logTail?.length).toBe(LOG_TAIL_CHARS);
      expect(task?.logTail?.endsWith('THE END')).toBe(true);
      expect(task?.error).toBe('diverged');
    });

    it('lists runs newest first and finds the latest failure', async () => {
      const runs = store().pipelineRuns;
      expect(await runs.latestFailedRun()).toBeUndefined();
      // One run is running at a time, so each ends before the next starts.
      const first = await runs.createRun({ trigger: 'schedule', startedAt: at(0) });
      await runs.updateRun(first, { status: 'failed', finishedAt: at(5) });
      const second = await runs.createRun({ trigger: 'schedule', startedAt: at(10) });
      await runs.updateRun(second, { status: 'failed', finishedAt: at(15) });
      const third = await runs.createRun({ trigger: 'manual', startedAt: at(20), tasks: ['ingest'] });
      await runs.updateRun(third, { status: 'succeeded', finishedAt: at(25) });

      const listed = await runs.listRuns();
      expect(listed.map((run) => run.id)).toEqual([third, second, first]);
      expect(listed[0]?.tasks.map((task) => task.task)).toEqual(['ingest']);
      expect((await runs.listRuns(1)).map((run) => run.id)).toEqual([third]);
      const failed = await runs.latestFailedRun();
      expect([failed?.id, failed?.finishedAt]).toEqual([second, at(15)]);
    });

    it('keeps one run running at a time: a second one is PIPELINE_BUSY until the first ends', async () => {
      const runs = store().pipelineRuns;
      const first = await runs.createRun({ trigger: 'schedule', tasks: ['ingest'], startedAt: at(0) });
      const busy = await runs.createRun({ trigger: 'admin', tasks: ['ingest'] }).catch((e: unknown) => e);
      expect((busy as CoplayError).code).toBe('PIPELINE_BUSY');
      // Two starts at once: exactly one wins, and the loser leaves neither a run nor tasks behind.
      const raced = await Promise.allSettled([
        runs.createRun({ trigger: 'a', tasks: ['ingest'] }),
        runs.createRun({ trigger: 'b', tasks: ['ingest'] }),
      ]);
      expect(raced.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect((await runs.listRuns()).map((run) => run.id)).toEqual([first]);
      expect((await runs.runningRun())?.id).toBe(first);

      await runs.updateRun(first, { status: 'failed', finishedAt: at(5) });
      expect(await runs.runningRun()).toBeUndefined();
      const [a, b] = await Promise.allSettled([
        runs.createRun({ trigger: 'a', tasks: ['ingest'] }),
        runs.createRun({ trigger: 'b', tasks: ['ingest'] }),
      ]);
      expect([a?.status, b?.status].sort()).toEqual(['fulfilled', 'rejected']);
      const second = (await runs.runningRun())?.id;
      expect(second).toBeGreaterThan(first);
      // Setting a finished run running again (a resume) is refused the same way while another runs.
      const resumed = await runs.updateRun(first, { status: 'running' }).catch((e: unknown) => e);
      expect((resumed as CoplayError).code).toBe('PIPELINE_BUSY');
      expect((await runs.getRun(first))?.status).toBe('failed');
      expect((await runs.listRuns()).map((run) => run.tasks.length)).toEqual([1, 1]);
    });

    it('ends a run only while it is running, failing its running tasks with the reason', async () => {
      const runs = store().pipelineRuns;
      const id = await runs.createRun({ trigger: 'schedule', tasks: ['ingest', 'train', 'evaluate'] });
      await runs.updateTask(id, 'ingest', { status: 'succeeded', attempt: 1 });
      await runs.updateTask(id, 'train', { status: 'running', attempt: 2 });
      expect(
        await runs.finishRunningRun(id, { status: 'failed', finishedAt: at(9), taskError: 'gone' }),
      ).toBe(true);
      // A second finisher (the dead-letter handler after a start request found the run abandoned) changes nothing.
      expect(await runs.finishRunningRun(id, { status: 'succeeded', taskError: 'other' })).toBe(false);
      const run = await runs.getRun(id);
      expect([run?.status, run?.finishedAt]).toEqual(['failed', at(9)]);
      expect(run?.tasks.map((t) => [t.task, t.status, t.error])).toEqual([
        ['ingest', 'succeeded', null],
        ['train', 'failed', 'gone'],
        ['evaluate', 'pending', null],
      ]);
      expect(await runs.finishRunningRun(12345, { status: 'failed' })).toBe(false);
    });

    it('claims a task per attempt, and records only the current attempt', async () => {
      const runs = store().pipelineRuns;
      const id = await runs.createRun({ trigger: 'schedule', tasks: ['train'] });
      expect(await runs.claimTask(id, 'train', 1, at(1))).toBe(true);
      // Another copy that read the same row cannot claim the same attempt.
      expect(await runs.claimTask(id, 'train', 1, at(1))).toBe(false);
      // The retry of an expired job takes over with the next attempt.
      expect(await runs.claimTask(id, 'train', 2, at(3))).toBe(true);
      // The overtaken copy finishes late: nothing of it is written.
      expect(
        await runs.finishClaimedTask(id, 'train', 1, {
          status: 'succeeded',
          finishedAt: at(4),
          metrics: { version: 'stale' },
        }),
      ).toBe(false);
      let task = (await runs.getRun(id))?.tasks[0];
      expect([task?.status, task?.attempt, task?.startedAt, task?.metrics]).toEqual([
        'running',
        2,
        at(3),
        null,
      ]);
      expect(
        await runs.finishClaimedTask(id, 'train', 2, {
          status: 'succeeded',
          finishedAt: at(5),
          logTail: 'fit',
          metrics: { version: 'current' },
        }),
      ).toBe(true);
      task = (await runs.getRun(id))?.tasks[0];
      expect([task?.status, task?.attempt, task?.finishedAt, task?.logTail, task?.metrics]).toEqual([
        'succeeded',
        2,
        at(5),
        'fit',
        { version: 'current' },
      ]);
      // A succeeded task is never claimed again, nor written over.
      expect(await runs.claimTask(id, 'train', 3)).toBe(false);
      expect(await runs.finishClaimedTask(id, 'train', 2, { status: 'failed', error: 'late' })).toBe(false);
      expect((await runs.getRun(id))?.tasks[0]?.status).toBe('succeeded');
    });

    it('says NOT_FOUND for an unknown run', async () => {
      const runs = store().pipelineRuns;
      const error = await runs
        .updateTask(12345, 'train', { status: 'running' })
        .catch((caught: unknown) => caught);
      expect((error as CoplayError).code).toBe('NOT_FOUND');
      await expect(runs.updateRun(12345, { status: 'failed' })).rejects.toBeInstanceOf(CoplayError);
      expect(await runs.getRun(12345)).toBeUndefined();
    });
  });
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: migration 0003 (one running pipeline run)`, () => {
    it('keeps the newest of several running runs and fails the older ones, then refuses a second', async () => {
      const database = createTestDatabase(dialect);
      const store = await openStore(database.url, { ...database.options, migrate: false });
      try {
        const all = storeMigrations(dialect === 'sqlite' ? sqliteDialect : postgresDialect);
        const before = Object.fromEntries(
          Object.entries(all).filter(([name]) => name < '0003-one-running-pipeline-run'),
        );
        const migrator = new Migrator({
          db: store.db,
          provider: { getMigrations: async () => before },
          migrationTableSchema: database.options.schema,
        });
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        // What the two-runs bug and crashed workers left behind: three runs marked running.
        const runs = store.pipelineRuns;
        const ids: number[] = [];
        for (const second of [0, 10, 20]) {
          const id = await runs.createRun({ trigger: 'schedule', tasks: ['ingest'], startedAt: at(second) });
          await runs.updateTask(id, 'ingest', { status: 'running', attempt: 1 });
          ids.push(id);
        }

        expect(await store.migrate()).toEqual(['0003-one-running-pipeline-run']);
        const after = await runs.listRuns();
        expect(after.map((run) => [run.id, run.status, run.tasks[0]?.status])).toEqual([
          [ids[2], 'running', 'running'],
          [ids[1], 'failed', 'failed'],
          [ids[0], 'failed', 'failed'],
        ]);
        expect(after[1]?.finishedAt).not.toBeNull();
        expect(after[1]?.tasks[0]?.error).toMatch(/abandoned/);
        const busy = await runs.createRun({ trigger: 'admin' }).catch((e: unknown) => e);
        expect((busy as CoplayError).code).toBe('PIPELINE_BUSY');
      } finally {
        await store.close();
        await database.drop();
      }
    });
  });
}
