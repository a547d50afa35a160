import { topK } from '../core/top-k.ts';
import type { RankedPool } from './aggregation-strategy.ts';

/** The k best pool positions by `key` (ties by lower position), reporting `display` as their scores. */
export function rankByScore(key: Float32Array, k: number, display: Float32Array = key): RankedPool {
  const positions = topK(key, Math.min(k, key.length));
  const scores = new Float32Array(positions.length);
  for (let i = 0; i < positions.length; i++) scores[i] = display[positions[i] as number] as number;
  return { positions, scores };
}
