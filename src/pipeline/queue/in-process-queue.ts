import { startPipelineScheduler, type PipelineScheduler } from '../pipeline-scheduler.ts';
import { runPipeline, type PipelineDependencies, type TaskEvent } from '../run-pipeline.ts';
import type { PipelineRun } from '../../store/pipeline-runs.repository.ts';
import type { JobQueue } from './job-queue.ts';

/** What the embedded queue reports. */
export interface InProcessQueueEvents {
  onTask?: (event: TaskEvent) => void;
  onRunFinished?: (run: PipelineRun) => void | Promise<void>;
  onError(error: unknown): void;
  onSkipped?: () => void;
}

/**
 * The embedded mode: runs execute in this process, on the cron schedule or on request, one at a time (a tick
 * during a run is skipped; the store's lock also keeps other processes out). stop() cancels a run in progress
 * after its current task; the next run resumes it.
 */
export class InProcessPipelineQueue implements JobQueue {
  #scheduler: PipelineScheduler | undefined;
  #current: Promise<void> | undefined;
  readonly #cancel = new AbortController();

  constructor(
    private readonly deps: PipelineDependencies,
    private readonly events: InProcessQueueEvents,
    /** What calls a run on the cron schedule (croner); tests give one they tick by hand. */
    private readonly startScheduler: typeof startPipelineScheduler = startPipelineScheduler,
  ) {}

  async start(): Promise<void> {}

  async schedule(cron: string): Promise<void> {
    this.#scheduler?.stop();
    this.#scheduler = this.startScheduler(cron, () => this.#run('schedule'), {
      onError: this.events.onError,
      ...(this.events.onSkipped ? { onSkipped: this.events.onSkipped } : {}),
    });
  }

  /** Starts a run in the background unless one is going; failures go to onError. */
  async requestRun(trigger: string): Promise<void> {
    void this.#run(trigger).catch(this.events.onError);
  }

  /** Whether a run started by this queue is going. */
  get running(): boolean {
    return this.#current !== undefined;
  }

  async work(): Promise<void> {}

  /** When the schedule fires next, or null without one. */
  nextRun(): Date | null {
    return this.#scheduler?.nextRun() ?? null;
  }

  async stop(): Promise<void> {
    this.#scheduler?.stop();
    this.#cancel.abort();
    await this.#current?.catch(() => undefined);
  }

  // Requested runs and schedule ticks alike: the scheduler only knows of its own runs, and a tick that went
  // ahead during a requested run would be refused by the lock, then clear #current under it, and stop()
  // would no longer wait for the run still going.
  #run(trigger: string): Promise<void> {
    if (this.#current) {
      this.events.onSkipped?.();
      return Promise.resolve();
    }
    const run = async (): Promise<void> => {
      const finished = await runPipeline(this.deps, {
        trigger,
        signal: this.#cancel.signal,
        ...(this.events.onTask ? { onTask: this.events.onTask } : {}),
      });
      await this.events.onRunFinished?.(finished);
    };
    this.#current = run().finally(() => {
      this.#current = undefined;
    });
    return this.#current;
  }
}
