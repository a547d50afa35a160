import { Cron } from 'croner';
import { CoplayError } from '../errors.ts';

/** A started schedule; stop() cancels future ticks (a run in progress finishes). */
export interface PipelineScheduler {
  nextRun(): Date | null;
  stop(): void;
}

/** What the scheduler reports: a tick's failure, or a tick skipped because the last one still runs. */
export interface SchedulerEvents {
  onError(error: unknown): void;
  onSkipped?(): void;
}

/**
 * Calls `run` on every tick of a cron expression (5 fields, or 6 with seconds). A tick that comes while the
 * previous call is still running is skipped here; across processes the pipeline's lock does the same job.
 * "off" disables the schedule. An invalid expression is a CONFIG_INVALID error at start, not at 04:00.
 */
export function startPipelineScheduler(
  expression: string,
  run: () => Promise<unknown>,
  events: SchedulerEvents,
): PipelineScheduler {
  if (expression.trim().toLowerCase() === 'off') return { nextRun: () => null, stop: () => {} };
  let job: Cron;
  try {
    job = new Cron(
      expression,
      {
        protect: () => events.onSkipped?.(),
        catch: (error) => events.onError(error),
        // The schedule must not keep a CLI process alive on its own; the server does that.
        unref: true,
      },
      async () => {
        await run();
      },
    );
  } catch (error) {
    throw new CoplayError(
      'CONFIG_INVALID',
      `PIPELINE_CRON: "${expression}" is not a cron expression (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}
