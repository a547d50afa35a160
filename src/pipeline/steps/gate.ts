import { CoplayError } from '../../errors.ts';
import type { TaskContext, TaskResult } from '../pipeline-dag.ts';
import type { GroupMetrics } from './evaluate.ts';

/** The gate's rule as a pure decision: pass when there is no live model or the candidate is not worse beyond tolerance. */
export function gateDecision(
  candidate: GroupMetrics,
  live: GroupMetrics | null,
  tolerance: number,
): { pass: boolean; reason: string } {
  if (live === null) return { pass: true, reason: 'no live model yet' };
  const floor = live.meanNdcg * (1 - tolerance);
  const text = `candidate mean group NDCG ${candidate.meanNdcg.toFixed(4)} vs live ${live.meanNdcg.toFixed(4)} (floor ${floor.toFixed(4)} at tolerance ${(tolerance * 100).toFixed(1)} %)`;
  return candidate.meanNdcg >= floor
    ? { pass: true, reason: `${text}: not worse beyond tolerance` }
    : { pass: false, reason: `${text}: worse than live beyond tolerance` };
}

/**
 * Publishes only a candidate whose mean group NDCG is at least (1 − PIPELINE_GATE_TOLERANCE) × the live
 * model's on the same split. A refused candidate is marked `rejected` and the run stops with the reason.
 * The output names the version judged, so publish can refuse any other (a train re-run after evaluate).
 */
export async function gate(context: TaskContext): Promise<TaskResult> {
  const evaluation = context.inputs.evaluate as
    { candidate?: GroupMetrics; live?: GroupMetrics | null } | undefined;
  if (!evaluation?.candidate)
    throw new CoplayError('NOT_FOUND', 'gate needs the evaluation of the candidate');
  const { pass, reason } = gateDecision(
    evaluation.candidate,
    evaluation.live ?? null,
    context.settings.gateTolerance,
  );
  context.log(reason);
  const { version } = evaluation.candidate;
  if (pass) return { outcome: `pass: ${reason}`, output: { pass, reason, version } };
  await context.store.modelVersions.setStatus(version, 'rejected');
  await context.store.modelVersions.setMetrics(version, { gate: { pass, reason } });
  return { outcome: `rejected: ${reason}`, output: { pass, reason, version }, stop: true };
}
