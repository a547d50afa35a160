import { MAX_MEMBERS } from '../../../src/contract/recommendations.ts';
import {
  DEFAULT_FILTERS,
  MODE_CHOICES,
  OWNERSHIP_CHOICES,
  PLATFORM_CHOICES,
  type FilterState,
  type ModeChoice,
  type OwnershipChoice,
  type PlatformId,
} from '../controls/filter-state.ts';
import { DEFAULT_STRATEGY, isOfferedStrategy, type Strategy } from '../controls/strategy-options.ts';
import { refIdentity, type MemberRef } from '../members/group-member.ts';
import { isSteamId64, parseMemberInput } from '../members/parse-member-input.ts';

/** What a shared link carries: the group, the strategy and the filters. */
export interface PageState {
  members: MemberRef[];
  strategy: Strategy;
  filters: FilterState;
}

const SAMPLE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function readMember(value: string): MemberRef | null {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  const id = value.slice(colon + 1);
  if (colon < 0) return null;
  if (kind === 'sample') return SAMPLE_ID.test(id) ? { kind: 'sample', id } : null;
  if (kind === 'steam') return isSteamId64(id) ? { kind: 'steam', steamId: id } : null;
  if (kind === 'vanity') {
    const parsed = parseMemberInput(id);
    return parsed.ok && parsed.ref.kind === 'vanity' ? parsed.ref : null;
  }
  return null;
}

function writeMember(ref: MemberRef): string {
  if (ref.kind === 'sample') return `sample:${ref.id}`;
  return ref.kind === 'steam' ? `steam:${ref.steamId}` : `vanity:${ref.vanity}`;
}

function oneOf<T extends string>(values: readonly { id: T }[], value: string): value is T {
  return values.some((v) => v.id === value);
}

/** Reads a query string; anything unknown or malformed is dropped rather than failing the page. */
export function readUrlState(search: string): PageState {
  const params = new URLSearchParams(search);
  const seen = new Set<string>();
  const members: MemberRef[] = [];
  for (const value of params.getAll('m')) {
    const ref = readMember(value);
    if (!ref || seen.has(refIdentity(ref)) || members.length >= MAX_MEMBERS) continue;
    seen.add(refIdentity(ref));
    members.push(ref);
  }
  const strategy = params.get('strategy') ?? '';
  const maxPrice = Number(params.get('maxPrice') ?? 'NaN');
  const ownership = params.get('own') ?? '';
  return {
    members,
    strategy: isOfferedStrategy(strategy) ? strategy : DEFAULT_STRATEGY,
    filters: {
      modes: [...new Set(params.getAll('mode'))].filter((m): m is ModeChoice => oneOf(MODE_CHOICES, m)),
      fitsGroupSize: params.get('fit') !== '0',
      platforms: [...new Set(params.getAll('platform'))].filter((p): p is PlatformId =>
        oneOf(PLATFORM_CHOICES, p),
      ),
      maxPrice: params.has('maxPrice') && maxPrice >= 0 && maxPrice <= 1000 ? maxPrice : null,
      freeOnly: params.get('free') === '1',
      ownership: oneOf<OwnershipChoice>(OWNERSHIP_CHOICES, ownership) ? ownership : DEFAULT_FILTERS.ownership,
      hideAdultContent: params.get('adult') !== 'show',
    },
  };
}

/** The query string (without "?") for a page state; defaults are left out so links stay short. */
export function writeUrlState(state: PageState): string {
  const params = new URLSearchParams();
  for (const ref of state.members) params.append('m', writeMember(ref));
  if (state.strategy !== DEFAULT_STRATEGY) params.set('strategy', state.strategy);
  const { filters } = state;
  for (const mode of filters.modes) params.append('mode', mode);
  if (!filters.fitsGroupSize) params.set('fit', '0');
  for (const platform of filters.platforms) params.append('platform', platform);
  if (filters.maxPrice !== null) params.set('maxPrice', String(filters.maxPrice));
  if (filters.freeOnly) params.set('free', '1');
  if (filters.ownership !== DEFAULT_FILTERS.ownership) params.set('own', filters.ownership);
  if (!filters.hideAdultContent) params.set('adult', 'show');
  return params.toString();
}
