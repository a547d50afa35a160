import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { FakeApiClient } from '../test-support/fake-api-client.ts';
import { renderWithApi } from '../test-support/render-with-api.tsx';
import { seedSamplePlayers } from '../test-support/sample-data.ts';
import { App } from './app.tsx';

const results = () => screen.getByTestId('results');
const cardNames = () =>
  within(results())
    .queryAllByTestId('game-card')
    .map((card) => card.querySelector('h3')?.textContent);

describe('App', () => {
  beforeEach(() => window.history.replaceState(null, '', '/'));

  it('recommends for sample players, in Play now and Worth buying tabs, with the group in the URL', async () => {
    const api = new FakeApiClient();
    seedSamplePlayers(api, 4);
    const user = userEvent.setup();
    renderWithApi(<App />, api);
    expect(screen.getByTestId('results-placeholder')).toHaveTextContent('Add 2 more players');

    await user.click(await screen.findByRole('button', { name: 'Add Player 1002' }));
    await user.click(screen.getByRole('button', { name: 'Add Player 1004' }));
    await waitFor(() => expect(results()).toHaveAttribute('data-state', 'ready'));

    // Both own Dota 2 and Left 4 Dead 2, so Play now has them; Worth buying has the rest.
    const tabs = within(results()).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Play now — you all own it 2', 'Worth buying 3']);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
    expect(cardNames()).toEqual(['Dota 2', 'Left 4 Dead 2']);
    for (const card of within(results()).getAllByTestId('game-card')) {
      expect(within(card).getAllByTestId('fit-row')).toHaveLength(2);
    }
    tabs[0]?.focus();
    await user.keyboard('{ArrowRight}');
    expect(within(results()).getByRole('tab', { name: /Worth buying/ })).toHaveFocus();
    expect(cardNames()).toEqual(['Portal 2', 'Terraria', 'Team Fortress 2']);

    expect(new URLSearchParams(window.location.search).getAll('m')).toEqual(['sample:1002', 'sample:1004']);
    expect(api.requests.map((r) => r.filters?.ownership).sort()).toEqual(['all', 'any']);
  });

  it('restores the group and filters from a shared link, and Discover shows only unowned games', async () => {
    const api = new FakeApiClient();
    seedSamplePlayers(api, 4);
    window.history.replaceState(
      null,
      '',
      '/?m=sample:1001&m=sample:1002&m=sample:1003&own=none&strategy=average',
    );
    renderWithApi(<App />, api);

    await waitFor(() => expect(results()).toHaveAttribute('data-state', 'ready'));
    expect(screen.getAllByTestId('member')).toHaveLength(3);
    expect(screen.getByRole('radio', { name: 'Crowd favourite' })).toBeChecked();
    expect(screen.getByRole('radio', { name: /^Discover/ })).toBeChecked();
    expect(within(results()).queryByRole('tablist')).not.toBeInTheDocument();
    expect(
      within(results()).getByRole('heading', { name: 'Worth buying — nobody owns it yet' }),
    ).toBeInTheDocument();
    expect(cardNames()).toEqual(['Terraria', 'Team Fortress 2']);
    const rows = within(results()).getAllByTestId('fit-row');
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toHaveAttribute('data-owns', 'false');
    expect(api.requests.at(-1)).toMatchObject({ strategy: 'average', filters: { ownership: 'none' } });
  });

  it('suggests which filter to relax when nothing matches, and relaxing it asks again', async () => {
    const api = new FakeApiClient();
    seedSamplePlayers(api, 2);
    window.history.replaceState(null, '', '/?m=sample:1001&m=sample:1002&mode=lan&free=1');
    const user = userEvent.setup();
    renderWithApi(<App />, api);

    const empty = await screen.findByTestId('empty-results');
    expect(results()).toHaveAttribute('data-state', 'empty');
    await user.click(within(empty).getByRole('button', { name: 'Include paid games' }));
    await waitFor(() => expect(cardNames()).toEqual(['Terraria']));
    expect(window.location.search).not.toContain('free=1');
  });

  it('shows a member error next to that member, and a server error with a way to retry', async () => {
    const api = new FakeApiClient();
    seedSamplePlayers(api, 3);
    api.failNext(
      'recommend',
      new ApiError(404, 'MEMBER_UNKNOWN', 'Member 2 (sample player 1002): no sample player', {
        details: { member: 1 },
      }),
    );
    window.history.replaceState(null, '', '/?m=sample:1001&m=sample:1002');
    const user = userEvent.setup();
    renderWithApi(<App />, api);

    const second = (await screen.findAllByTestId('member'))[1] as HTMLElement;
    await waitFor(() => expect(second).toHaveTextContent('not in the bundled dataset'));
    expect(await screen.findByTestId('results-placeholder')).toHaveTextContent(
      'Player 2 (Player 1002) needs attention',
    );
    // Looking an unknown sample player up again cannot help: the way out is to remove them.
    expect(
      within(second).queryByRole('button', { name: 'Look Player 1002 up again' }),
    ).not.toBeInTheDocument();

    api.failNext(
      'recommend',
      new ApiError(0, 'NETWORK', "Can't reach the Coplay server: check that it is running"),
    );
    await user.click(within(second).getByRole('button', { name: 'Remove Player 1002' }));
    await user.click(screen.getByRole('button', { name: 'Choose sample players' }));
    await user.click(screen.getByRole('button', { name: 'Add Player 1003' }));
    const notice = await screen.findByTestId('results-error');
    expect(notice).toHaveTextContent('The Coplay server is unreachable');
    await user.click(within(notice).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(results()).toHaveAttribute('data-state', 'ready'));
  });
});
