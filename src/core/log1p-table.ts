/**
 * log1p at fractional ranks without a log per call, for the log-rank fits (a log per pool game per member was
 * most of the fit's cost). Shared by the JavaScript path (normalise-fits.ts) and the WebAssembly group path
 * (kernels/pool-fits.ts), which finish the ranks the kernels leave with this same arithmetic.
 */

/** Ranks below this take Math.log1p itself; above it linear interpolation is within 5e-7 of log1p. */
export const DIRECT_LOG1P_BELOW = 512;

/** log1p(r) for r = 0 … n (one past the last rank of a pool of n, for interpolation). */
export function log1pTable(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let r = 0; r <= n; r++) table[r] = Math.log1p(r);
  return table;
}

/**
 * log1p(rank) for 0 ≤ rank ≤ n − 1: between consecutive integers i ≥ 512 the chord misses log1p by under
 * 1/(8·(1 + i)²) < 5e-7, i.e. < 5e-8 in a fit, below float32 resolution.
 */
export function log1pFrom(table: Float64Array, rank: number): number {
  if (rank < DIRECT_LOG1P_BELOW) return Math.log1p(rank);
  const i = rank | 0;
  const below = table[i] as number;
  return below + (rank - i) * ((table[i + 1] as number) - below);
}
