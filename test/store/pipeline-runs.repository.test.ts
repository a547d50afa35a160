import { describe, expect, it } from 'vitest';
import { CoplayError } from '../../src/errors.ts';
import { LOG_TAIL_CHARS } from '../../src/store/pipeline-runs.repository.ts';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

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
      const first = await runs.createRun({ trigger: 'schedule', startedAt: at(0) });
      const second = await runs.createRun({ trigger: 'schedule', startedAt: at(10) });
      const third = await runs.createRun({ trigger: 'manual', startedAt: at(20), tasks: ['ingest'] });
      await runs.updateRun(first, { status: 'failed', finishedAt: at(5) });
      await runs.updateRun(second, { status: 'failed', finishedAt: at(15) });
      await runs.updateRun(third, { status: 'succeeded', finishedAt: at(25) });

      const listed = await runs.listRuns();
      expect(listed.map((run) => run.id)).toEqual([third, second, first]);
      expect(listed[0]?.tasks.map((task) => task.task)).toEqual(['ingest']);
      expect((await runs.listRuns(1)).map((run) => run.id)).toEqual([third]);
      const failed = await runs.latestFailedRun();
      expect([failed?.id, failed?.finishedAt]).toEqual([second, at(15)]);
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
