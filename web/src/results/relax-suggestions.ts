import { DEFAULT_FILTERS, type FilterState } from '../controls/filter-state.ts';

/** One filter the group could relax, with what relaxing it does. */
export interface RelaxSuggestion {
  label: string;
  relax(filters: FilterState): FilterState;
}

/**
 * The active filters that can be relaxed when nothing matches, most restrictive first (price and ownership
 * rule out most of the catalog; the group-size check the least).
 */
export function relaxSuggestions(filters: FilterState): RelaxSuggestion[] {
  const suggestions: RelaxSuggestion[] = [];
  if (filters.freeOnly)
    suggestions.push({ label: 'Include paid games', relax: (f) => ({ ...f, freeOnly: false }) });
  if (filters.maxPrice !== null) {
    suggestions.push({
      label: `Remove the £${filters.maxPrice} price limit`,
      relax: (f) => ({ ...f, maxPrice: null }),
    });
  }
  if (filters.ownership !== 'any') {
    suggestions.push({
      label: 'Show games whether or not you own them',
      relax: (f) => ({ ...f, ownership: 'any' }),
    });
  }
  if (filters.modes.length > 0)
    suggestions.push({ label: 'Allow any multiplayer mode', relax: (f) => ({ ...f, modes: [] }) });
  if (filters.platforms.length > 0) {
    suggestions.push({ label: 'Allow any platform', relax: (f) => ({ ...f, platforms: [] }) });
  }
  if (filters.fitsGroupSize) {
    suggestions.push({
      label: 'Include games that may not fit the whole group',
      relax: (f) => ({ ...f, fitsGroupSize: false }),
    });
  }
  if (suggestions.length > 1)
    suggestions.push({ label: 'Reset all filters', relax: () => ({ ...DEFAULT_FILTERS }) });
  return suggestions;
}
