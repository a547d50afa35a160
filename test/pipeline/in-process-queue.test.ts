import { afterAll, describe, expect, it } from 'vitest';
import { InProcessPipelineQueue } from '../../src/pipeline/queue/in-process-queue.ts';
import type { TaskEvent } from '../../src/pipeline/run-pipeline.ts';
import type { PipelineRun } from '../../src/store/pipeline-runs.repository.ts';
import { useTestStore } from '../store/test-stores.ts';
import { seedPipelineStore, smallSettings, tempArtifacts } from './pipeline-fixture.ts';

describe('embedded pipeline queue', () => {
  const store = useTestStore('sqlite');
  const temp = tempArtifacts();
  afterAll(() => temp.cleanup());

  it('runs a requested run in the background, one at a time, and stop() cancels it after the current task', async () => {
    await seedPipelineStore(store());
    const finished: PipelineRun[] = [];
    const errors: unknown[] = [];
    let skipped = 0;
    let stopping: Promise<void> | undefined;
    const events: TaskEvent[] = [];
    const queue: InProcessPipelineQueue = new InProcessPipelineQueue(
      { store: store(), artifacts: temp.artifacts, settings: smallSettings() },
      {
        onTask: (e) => {
          events.push(e);
          if (e.task === 'validate') stopping = queue.stop();
        },
        onRunFinished: (run) => {
          finished.push(run);
        },
        onError: (error) => errors.push(error),
        onSkipped: () => skipped++,
      },
    );
    await queue.requestRun('admin');
    await queue.requestRun('admin');
    expect(skipped).toBe(1);
    for (let waited = 0; finished.length === 0 && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await stopping;
    expect(errors).toEqual([]);
    expect(finished.map((r) => [r.trigger, r.status])).toEqual([['admin', 'cancelled']]);
    expect(events.map((e) => e.task)).toEqual(['ingest', 'validate']);
    expect((await store().pipelineRuns.listRuns()).length).toBe(1);
  });

  it('skips a schedule tick during a requested run, so stop() still waits for that run', async () => {
    await seedPipelineStore(store());
    let tick: (() => Promise<unknown>) | undefined;
    let skipped = 0;
    const errors: unknown[] = [];
    const finished: PipelineRun[] = [];
    let stopped: Promise<void> | undefined;
    let stopReturned = false;
    const queue: InProcessPipelineQueue = new InProcessPipelineQueue(
      { store: store(), artifacts: temp.artifacts, settings: smallSettings() },
      {
        onTask: (e) => {
          if (e.task !== 'ingest') return;
          // The cron fires while the requested run is going; then the server shuts down.
          void tick?.();
          stopped = queue.stop().then(() => void (stopReturned = true));
        },
        onRunFinished: (run) => void finished.push(run),
        onError: (error) => errors.push(error),
        onSkipped: () => skipped++,
      },
      (_cron, run) => {
        tick = run;
        return { nextRun: () => null, stop: () => {} };
      },
    );
    await queue.schedule('0 4 * * *');
    await queue.requestRun('admin');
    for (let waited = 0; stopped === undefined && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await stopped;
    expect(stopReturned).toBe(true);
    expect(skipped).toBe(1);
    expect(errors).toEqual([]);
    // stop() returned only once the requested run had ended (cancelled after its current task).
    expect(finished.map((r) => [r.trigger, r.status])).toEqual([['admin', 'cancelled']]);
    const runs = await store().pipelineRuns.listRuns();
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
  });
});
