/** What a pipeline starter answers: queued (with the run's id when already known), or busy with the reason. */
export type StartRunResult = { queued: true; runId?: number } | { queued: false; reason: string };

/**
 * The port the admin route starts a run through. The embedded mode backs it with the in-process queue, the
 * distributed mode with a pg-boss send; the server knows neither.
 */
export interface PipelineStarter {
  /** Asks for a run now, unless one is already going; `trigger` is recorded on the run. */
  requestRun(trigger: string): Promise<StartRunResult>;
}
