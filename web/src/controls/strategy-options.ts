import type { z } from 'zod';
import type { StrategySchema } from '../../../src/contract/recommendations.ts';

export type Strategy = z.infer<typeof StrategySchema>;

/** The strategies the page offers, in plain words; the API's fourth (average_without_misery) stays API-only. */
export const STRATEGY_OPTIONS: readonly { id: Strategy; label: string; explanation: string }[] = [
  {
    id: 'fair',
    label: 'Everyone happy',
    explanation:
      'A list where every player finds games they love, without sinking the group’s overall enjoyment.',
  },
  {
    id: 'average',
    label: 'Crowd favourite',
    explanation: 'The games the group likes most on average, even if one player is lukewarm.',
  },
  {
    id: 'least_misery',
    label: 'No one left out',
    explanation:
      'Ranks each game by its least keen player, so nobody is stuck playing something they dislike.',
  },
];

export const DEFAULT_STRATEGY: Strategy = 'fair';

/** True for the strategies the page offers (a shared URL may carry anything). */
export function isOfferedStrategy(value: string): value is Strategy {
  return STRATEGY_OPTIONS.some((option) => option.id === value);
}
