import { describe, expect, it } from 'vitest';
import { startPipelineScheduler } from './pipeline-scheduler.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startPipelineScheduler', () => {
  it('runs on each tick and skips ticks while a run is still going', async () => {
    let started = 0;
    let skipped = 0;
    // The first run lasts until the test ends (a fixed-length run could end just before a later tick and let
    // it start a second run), so every tick after the first within the 3.1 s must be skipped.
    let finish = (): void => {};
    const running = new Promise<void>((resolve) => (finish = resolve));
    const scheduler = startPipelineScheduler(
      '* * * * * *',
      async () => {
        started++;
        await running;
      },
      { onError: (error) => expect.unreachable(String(error)), onSkipped: () => skipped++ },
    );
    expect(scheduler.nextRun()).toBeInstanceOf(Date);
    await sleep(3100);
    scheduler.stop();
    finish();
    expect(started).toBe(1);
    expect(skipped).toBeGreaterThanOrEqual(1);
    expect(scheduler.nextRun()).toBeNull();
  });

  it('reports a failed run to onError', async () => {
    const errors: unknown[] = [];
    const scheduler = startPipelineScheduler('* * * * * *', () => Promise.reject(new Error('boom')), {
      onError: (error) => errors.push(error),
    });
    await sleep(2100);
    scheduler.stop();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(String(errors[0])).toMatch(/boom/);
  });

  it('defaults to a daily 04:00 schedule, can be switched off, and refuses a bad expression', () => {
    const daily = startPipelineScheduler('0 4 * * *', async () => {}, { onError: () => {} });
    const next = daily.nextRun();
    daily.stop();
    expect([next?.getHours(), next?.getMinutes()]).toEqual([4, 0]);
    expect(startPipelineScheduler('off', async () => {}, { onError: () => {} }).nextRun()).toBeNull();
    expect(() => startPipelineScheduler('every day', async () => {}, { onError: () => {} })).toThrow(
      /PIPELINE_CRON: "every day" is not a cron expression/,
    );
  });
});
