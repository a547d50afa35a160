import type { Filters } from '../../../src/contract/recommendations.ts';

type Mode = NonNullable<Filters['modes']>[number];
export type PlatformId = NonNullable<Filters['platforms']>[number];

/** The mode choices the page offers; PvP covers online and local PvP. */
export const MODE_CHOICES = [
  { id: 'online_coop', label: 'Online co-op', modes: ['online_coop'] },
  { id: 'local_coop', label: 'Local co-op', modes: ['local_coop'] },
  { id: 'pvp', label: 'PvP', modes: ['online_pvp', 'local_pvp'] },
  { id: 'split_screen', label: 'Split screen', modes: ['split_screen'] },
  { id: 'lan', label: 'LAN', modes: ['lan'] },
] as const satisfies readonly { id: string; label: string; modes: readonly Mode[] }[];
export type ModeChoice = (typeof MODE_CHOICES)[number]['id'];

export const PLATFORM_CHOICES: readonly { id: PlatformId; label: string }[] = [
  { id: 'windows', label: 'Windows' },
  { id: 'mac', label: 'macOS' },
  { id: 'linux', label: 'Linux' },
];

/** Who must own a game: everyone (play now), nobody (discover) or no rule. */
export type OwnershipChoice = 'all' | 'none' | 'any';

export const OWNERSHIP_CHOICES: readonly { id: OwnershipChoice; label: string; hint: string }[] = [
  { id: 'all', label: 'Play now', hint: 'everyone owns it' },
  { id: 'none', label: 'Discover', hint: 'nobody owns it yet' },
  { id: 'any', label: 'Any', hint: 'owned or not' },
];

/** The filters as the page keeps them (and puts in the URL). */
export interface FilterState {
  modes: ModeChoice[];
  fitsGroupSize: boolean;
  platforms: PlatformId[];
  /** Highest price in GBP; null = no limit. */
  maxPrice: number | null;
  freeOnly: boolean;
  ownership: OwnershipChoice;
  hideAdultContent: boolean;
}

export const DEFAULT_FILTERS: FilterState = {
  modes: [],
  fitsGroupSize: true,
  platforms: [],
  maxPrice: null,
  freeOnly: false,
  ownership: 'any',
  hideAdultContent: true,
};

/** The API's filters for the page's choices; ownership is left to the caller, which may send two requests. */
export function toApiFilters(state: FilterState): Omit<Filters, 'ownership'> {
  const modes = state.modes.flatMap((id) => MODE_CHOICES.find((c) => c.id === id)?.modes ?? []);
  return {
    ...(modes.length > 0 ? { modes } : {}),
    fitsGroupSize: state.fitsGroupSize,
    ...(state.platforms.length > 0 ? { platforms: state.platforms } : {}),
    ...(state.maxPrice !== null ? { maxPriceGbp: state.maxPrice } : {}),
    ...(state.freeOnly ? { freeOnly: true } : {}),
    hideAdultContent: state.hideAdultContent,
  };
}
