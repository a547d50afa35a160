/**
 * Per-member normalisation of raw model scores into "fit" in (0, 1), computed over the candidate pool:
 * z-score within the pool, then the standard normal CDF. Raw scores are not comparable across members
 * (a heavy player's iALS scores are larger everywhere), but z-scores are; the CDF maps them to an
 * approximate percentile that reads naturally as "how well this game fits you" and is bounded, so one
 * member's outlier score cannot dominate an average. It is O(n): no sort on the request path, unlike an
 * exact rank percentile.
 */
export function normaliseFitsInto(scores: Float32Array, pool: Int32Array, out: Float32Array): void {
  const n = pool.length;
  if (out.length < n) throw new RangeError('output buffer smaller than the pool');
  if (n === 0) return;
  let sum = 0;
  for (let p = 0; p < n; p++) sum += scores[pool[p] as number] as number;
  const mean = sum / n;
  let squares = 0;
  for (let p = 0; p < n; p++) {
    const d = (scores[pool[p] as number] as number) - mean;
    squares += d * d;
  }
  const sd = Math.sqrt(squares / n);
  if (!(sd > 1e-12)) {
    out.fill(0.5, 0, n);
    return;
  }
  for (let p = 0; p < n; p++) out[p] = standardNormalCdf(((scores[pool[p] as number] as number) - mean) / sd);
}

/** Φ(z) via the Abramowitz–Stegun 7.1.26 erf approximation (absolute error < 1.5e-7). */
export function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
