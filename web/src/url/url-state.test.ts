import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS } from '../controls/filter-state.ts';
import { readUrlState, writeUrlState, type PageState } from './url-state.ts';

describe('url state', () => {
  it('round-trips a group, a strategy and filters', () => {
    const state: PageState = {
      members: [
        { kind: 'sample', id: '5250' },
        { kind: 'steam', steamId: '76561198000000001' },
        { kind: 'vanity', vanity: 'gabe_n' },
      ],
      strategy: 'least_misery',
      filters: {
        modes: ['online_coop', 'pvp'],
        fitsGroupSize: false,
        platforms: ['linux'],
        maxPrice: 9.99,
        freeOnly: false,
        ownership: 'none',
        hideAdultContent: false,
      },
    };
    const search = writeUrlState(state);
    expect(search).toContain('m=sample%3A5250');
    expect(readUrlState(`?${search}`)).toEqual(state);
  });

  it('leaves defaults out of the link', () => {
    expect(writeUrlState({ members: [], strategy: 'fair', filters: DEFAULT_FILTERS })).toBe('');
    expect(readUrlState('')).toEqual({ members: [], strategy: 'fair', filters: DEFAULT_FILTERS });
  });

  it('drops malformed, duplicate and surplus members and unknown values', () => {
    const members = Array.from({ length: 10 }, (_, i) => `m=sample:${i}`).join('&');
    const state = readUrlState(
      `?m=steam:123&m=vanity:a&m=sample:1&m=sample:1&m=x:y&${members}&strategy=evil&mode=mmo&own=some&maxPrice=-3&platform=amiga`,
    );
    expect(state.members).toHaveLength(8);
    expect(state.members.slice(0, 2)).toEqual([
      { kind: 'sample', id: '1' },
      { kind: 'sample', id: '0' },
    ]);
    expect(state.strategy).toBe('fair');
    expect(state.filters).toEqual(DEFAULT_FILTERS);
  });
});
