import type { RecommendedItem } from '../../../src/contract/recommendations.ts';

type Mode = RecommendedItem['modes'][number];

/** Multiplayer modes as a card shows them. */
export const MODE_LABELS: Readonly<Record<Mode, string>> = {
  online_coop: 'Online co-op',
  local_coop: 'Local co-op',
  online_pvp: 'Online PvP',
  local_pvp: 'Local PvP',
  split_screen: 'Split screen',
  lan: 'LAN',
  mmo: 'MMO',
  cross_platform: 'Cross-platform',
  remote_play_together: 'Remote Play Together',
};
