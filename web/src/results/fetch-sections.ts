import type {
  MemberInput,
  RecommendationResponse,
  RecommendedItem,
} from '../../../src/contract/recommendations.ts';
import type { ApiClient } from '../api/api-client.ts';
import { toApiFilters, type FilterState } from '../controls/filter-state.ts';
import type { Strategy } from '../controls/strategy-options.ts';

export type SectionId = 'play-now' | 'worth-buying';

/** A list of results under one heading (a tab when there are two). */
export interface ResultSection {
  id: SectionId;
  title: string;
  items: RecommendedItem[];
}

/** What the group asked for. */
export interface GroupQuery {
  members: MemberInput[];
  strategy: Strategy;
  filters: FilterState;
}

/** The answer, with the query it answers (feedback needs the members and the model version). */
export interface RecommendationResult {
  query: GroupQuery;
  sections: ResultSection[];
  model: RecommendationResponse['model'];
  members: RecommendationResponse['members'];
}

/** Cards per section. */
export const SECTION_SIZE = 12;

/** Players with big libraries own most of their top picks, so Worth buying draws on a longer "any" list. */
const ANY_LIMIT = SECTION_SIZE * 5;

const PLAY_NOW_TITLE = 'Play now — you all own it';

/**
 * Asks the API for the sections the ownership choice calls for. "Play now" and "Discover" are one request
 * each. "Any" is two requests in parallel: ownership "all" for Play now, and ownership "any" with the
 * all-owned games taken out for Worth buying. Splitting one "any" list client-side would leave Play now
 * nearly empty whenever the model ranks unowned games first, which it usually does.
 */
export async function fetchSections(
  api: ApiClient,
  query: GroupQuery,
  signal: AbortSignal,
): Promise<RecommendationResult> {
  const filters = toApiFilters(query.filters);
  const ask = (ownership: 'all' | 'none' | 'any', limit: number) =>
    api.recommend(
      { members: query.members, strategy: query.strategy, limit, filters: { ...filters, ownership } },
      signal,
    );
  const everyoneOwns = (item: RecommendedItem) => item.members.every((m) => m.owns);

  let sections: ResultSection[];
  let response: RecommendationResponse;
  if (query.filters.ownership === 'all') {
    response = await ask('all', SECTION_SIZE);
    sections = [{ id: 'play-now', title: PLAY_NOW_TITLE, items: response.items }];
  } else if (query.filters.ownership === 'none') {
    response = await ask('none', SECTION_SIZE);
    sections = [{ id: 'worth-buying', title: 'Worth buying — nobody owns it yet', items: response.items }];
  } else {
    const [owned, any] = await Promise.all([ask('all', SECTION_SIZE), ask('any', ANY_LIMIT)]);
    response = any;
    sections = [
      { id: 'play-now', title: PLAY_NOW_TITLE, items: owned.items },
      {
        id: 'worth-buying',
        title: 'Worth buying',
        items: any.items.filter((i) => !everyoneOwns(i)).slice(0, SECTION_SIZE),
      },
    ];
  }
  return { query, sections, model: response.model, members: response.members };
}
