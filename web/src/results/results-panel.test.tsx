import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { MemberInput, RecommendedItem } from '../../../src/contract/recommendations.ts';
import { ApiContext } from '../api/api-context.ts';
import { DEFAULT_FILTERS } from '../controls/filter-state.ts';
import { FakeApiClient } from '../test-support/fake-api-client.ts';
import type { RecommendationResult } from './fetch-sections.ts';
import { ResultsPanel } from './results-panel.tsx';
import type { RecommendationsState } from './use-recommendations.ts';

function item(appid: number, name: string, owns: boolean): RecommendedItem {
  return {
    appid,
    name,
    score: 0.5,
    members: [
      { fit: 0.5, owns, playtimeMinutes: owns ? 60 : null },
      { fit: 0.5, owns, playtimeMinutes: owns ? 60 : null },
    ],
    modes: ['online_coop'],
    players: { online: 4, local: null, lan: null, splitScreen: null, dropInDropOut: null, max: 4 },
    platforms: ['windows'],
    price: 0,
    genres: [],
    tags: [],
    releaseDate: null,
    storeUrl: `https://store.steampowered.com/app/${appid}/`,
    imageUrl: `https://cdn.example.invalid/${appid}.jpg`,
    reasons: [],
  };
}

function resultFor(members: MemberInput[], withItems = true): RecommendationResult {
  return {
    query: { members, strategy: 'fair', filters: DEFAULT_FILTERS },
    sections: [
      { id: 'play-now', title: 'Play now', items: withItems ? [item(570, 'Dota 2', true)] : [] },
      { id: 'worth-buying', title: 'Worth buying', items: withItems ? [item(620, 'Portal 2', false)] : [] },
    ],
    model: { version: 'v-7', algorithm: 'ials', trainedAt: '2024-01-01T00:00:00.000Z' },
    members: members.map((_, i) => ({ label: `Player ${i + 1}`, gameCount: 1, knownGameCount: 1 })),
  };
}

const GROUP_A = [{ sampleUser: '1' }, { sampleUser: '2' }];
const GROUP_B = [{ sampleUser: '1' }, { sampleUser: '3' }];

function renderPanel(state: RecommendationsState, api = new FakeApiClient()) {
  // rerender replaces the whole tree, so the API context is part of it.
  const panel = (s: RecommendationsState, filters = DEFAULT_FILTERS) => (
    <ApiContext.Provider value={api}>
      <ResultsPanel
        state={s}
        groupMessage=""
        memberCount={2}
        filters={filters}
        onFiltersChange={() => undefined}
        onRetry={() => undefined}
      />
    </ApiContext.Provider>
  );
  const { rerender } = render(panel(state));
  return { api, show: (s: RecommendationsState, filters = DEFAULT_FILTERS) => rerender(panel(s, filters)) };
}

const likedOn = (name: string) =>
  within(screen.getByRole('article', { name })).getByRole('button', { name: /Liked/ });

describe('ResultsPanel', () => {
  it('shows a new group its own feedback, not the previous group’s, and never undoes the previous group’s', async () => {
    const user = userEvent.setup();
    const a = resultFor(GROUP_A);
    const { api, show } = renderPanel({ status: 'ready', result: a });
    await user.click(likedOn('Dota 2'));
    await waitFor(() => expect(likedOn('Dota 2')).toHaveAttribute('aria-pressed', 'true'));

    show({ status: 'loading', previous: a });
    show({ status: 'ready', result: resultFor(GROUP_B) });
    expect(likedOn('Dota 2')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    await user.click(likedOn('Dota 2'));
    await waitFor(() => expect(likedOn('Dota 2')).toHaveAttribute('aria-pressed', 'true'));
    expect(api.feedbackCalls).toEqual(['send liked', 'send liked']);
    expect(api.activeFeedback().map((f) => f.members)).toEqual([GROUP_A, GROUP_B]);

    // Back to the first group: its like is still on the server, so it shows pressed and undoes its own.
    show({ status: 'ready', result: resultFor(GROUP_A) });
    expect(likedOn('Dota 2')).toHaveAttribute('aria-pressed', 'true');
    await user.click(likedOn('Dota 2'));
    await waitFor(() => expect(likedOn('Dota 2')).toHaveAttribute('aria-pressed', 'false'));
    expect(api.activeFeedback().map((f) => f.members)).toEqual([GROUP_B]);
  });

  it('keeps feedback, dimming and its undo across a tab switch', async () => {
    const user = userEvent.setup();
    const { api } = renderPanel({ status: 'ready', result: resultFor(GROUP_A) });
    const card = () => screen.getByRole('article', { name: 'Dota 2' });
    await user.click(within(card()).getByRole('button', { name: /Not for us/ }));
    await waitFor(() => expect(card()).toHaveClass('dismissed'));

    await user.click(screen.getByRole('tab', { name: /Worth buying/ }));
    expect(screen.queryByRole('article', { name: 'Dota 2' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: /Play now/ }));
    const dismissed = within(card()).getByRole('button', { name: /Not for us/ });
    expect(dismissed).toHaveAttribute('aria-pressed', 'true');
    expect(card()).toHaveClass('dismissed');

    // Pressing it again undoes the recorded event rather than recording a second one.
    await user.click(dismissed);
    await waitFor(() => expect(dismissed).toHaveAttribute('aria-pressed', 'false'));
    expect(api.feedbackCalls).toEqual(['send dismissed', 'undo dismissed']);
    expect(api.activeFeedback()).toEqual([]);
    expect(card()).not.toHaveClass('dismissed');
  });

  it('makes the previous results inert while the next ones load', () => {
    const a = resultFor(GROUP_A);
    const { show } = renderPanel({ status: 'ready', result: a });
    const body = () => screen.getByRole('tabpanel').parentElement as HTMLElement;
    expect(body()).not.toHaveAttribute('inert');
    show({ status: 'loading', previous: a });
    expect(body()).toHaveAttribute('inert');
    expect(body()).toHaveClass('stale');
    show({ status: 'ready', result: a });
    expect(body()).not.toHaveAttribute('inert');
  });

  it('does not offer to relax the new filters while the answer shown is for the old ones', () => {
    const empty = resultFor(GROUP_A, false);
    const { show } = renderPanel({ status: 'ready', result: empty });
    expect(screen.getByTestId('empty-results')).toHaveTextContent('No game passes all your filters');
    expect(
      screen.getByRole('button', { name: 'Include games that may not fit the whole group' }),
    ).toBeVisible();

    show({ status: 'loading', previous: empty }, { ...DEFAULT_FILTERS, freeOnly: true });
    expect(screen.queryByTestId('empty-results')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Include paid games' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Loading recommendations')).toBeInTheDocument();
  });
});
