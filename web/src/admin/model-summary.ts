/** "group NDCG@10 mean 0.4123 / worst 0.2011" from a model's metrics, or null when it was never evaluated. */
export function groupNdcgSummary(metrics: Record<string, unknown>): string | null {
  const evaluation = metrics.pipelineEvaluation;
  if (typeof evaluation !== 'object' || evaluation === null) return null;
  const { k, meanNdcg, worstNdcg } = evaluation as Record<string, unknown>;
  if (typeof meanNdcg !== 'number') return null;
  const at = typeof k === 'number' ? `@${k}` : '';
  const worst = typeof worstNdcg === 'number' ? ` / worst ${worstNdcg.toFixed(4)}` : '';
  return `group NDCG${at} mean ${meanNdcg.toFixed(4)}${worst}`;
}

/** "1.2 s", "3 min 5 s", or an empty string for a task that has not finished. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** A stored ISO time in the admin's locale, minute precision. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
