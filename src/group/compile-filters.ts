import { MODE_BIT, PLATFORM_BIT, type CatalogFacts } from './catalog-facts.ts';
import type { GroupFilters } from './group-filters.ts';

/**
 * The fast form of `gamePasses` (the reference, in group-filters.ts): the filters turned into one predicate
 * over model columns that reads only CatalogFacts. A test checks both agree on every catalog game.
 */
export function compileFilters(
  filters: GroupFilters,
  groupSize: number,
  facts: CatalogFacts,
): (column: number) => boolean {
  let wantedModes = 0;
  for (const mode of filters.modes ?? []) wantedModes |= MODE_BIT[mode];
  let neededPlatforms = 0;
  for (const platform of filters.platforms ?? []) neededPlatforms |= PLATFORM_BIT[platform];
  const hideAdult = filters.hideAdultContent ?? true;
  const include = filters.includeTags?.length ? filters.includeTags.map((t) => t.toLowerCase()) : undefined;
  const exclude = filters.excludeTags?.length ? filters.excludeTags.map((t) => t.toLowerCase()) : undefined;
  const yearRange = filters.releaseYearFrom !== undefined || filters.releaseYearTo !== undefined;
  const from = filters.releaseYearFrom ?? 0;
  const to = filters.releaseYearTo ?? 65535;
  const mmo = MODE_BIT.mmo;
  const { modes, platforms, priceGbp, requiredAge, releaseYear, reviewScore, adult, playerLimit, tags } =
    facts;

  return (c) => {
    if (wantedModes !== 0 && (modes[c] & wantedModes) === 0) return false;
    if (filters.fitsGroupSize && (modes[c] & mmo) === 0 && playerLimit[c] !== 0 && playerLimit[c] < groupSize)
      return false;
    if (neededPlatforms !== 0 && platforms[c] !== 0 && (platforms[c] & neededPlatforms) !== neededPlatforms)
      return false;
    if (filters.freeOnly && priceGbp[c] !== 0) return false;
    // NaN (unknown price) fails every comparison, so an unknown price never passes a price cap.
    if (filters.maxPriceGbp !== undefined && !(priceGbp[c] <= filters.maxPriceGbp)) return false;
    if (hideAdult && adult[c]) return false;
    if (filters.minRequiredAge !== undefined && requiredAge[c] < filters.minRequiredAge) return false;
    if (filters.maxRequiredAge !== undefined && requiredAge[c] > filters.maxRequiredAge) return false;
    if (include && !include.some((t) => tags[c]?.has(t))) return false;
    if (exclude && exclude.some((t) => tags[c]?.has(t))) return false;
    if (yearRange && (releaseYear[c] === 0 || releaseYear[c] < from || releaseYear[c] > to)) return false;
    if (filters.minReviewScore !== undefined && !(reviewScore[c] >= filters.minReviewScore)) return false;
    return true;
  };
}
