import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { FakeApiClient } from '../test-support/fake-api-client.ts';
import { renderWithApi } from '../test-support/render-with-api.tsx';
import { seedSamplePlayers } from '../test-support/sample-data.ts';
import type { MemberRef } from './group-member.ts';
import { GroupBuilder } from './group-builder.tsx';
import { useGroup } from './use-group.ts';

function Harness({ initial = [] }: { initial?: MemberRef[] }) {
  const group = useGroup(initial);
  return <GroupBuilder group={group} />;
}

const memberNames = () =>
  within(screen.getByRole('list', { name: 'Group members' }))
    .getAllByTestId('member')
    .map((li) => li.querySelector('.member-name')?.textContent);

const STEAM_ID = '76561198000000001';

describe('GroupBuilder', () => {
  it('adds sample players with their top games and counts the group', async () => {
    const api = new FakeApiClient();
    seedSamplePlayers(api, 4);
    const user = userEvent.setup();
    renderWithApi(<Harness />, api);

    expect(await screen.findByText('Player 1001')).toBeInTheDocument();
    expect(screen.getAllByTestId('sample-player')[1]).toHaveTextContent(
      'Dota 2 · 20 h / Left 4 Dead 2 · 1.5 h',
    );
    await user.click(screen.getByRole('button', { name: 'Add Player 1001' }));
    await user.click(screen.getByRole('button', { name: 'Add Player 1003' }));

    expect(memberNames()).toEqual(['Player 1001', 'Player 1003']);
    expect(screen.getByText('2 of 2–8 players')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Player 1001 is in the group' })).toBeDisabled();
    expect(screen.getAllByTestId('member')[1]).toHaveTextContent('top: Dota 2 (30 h), Portal 2 (0.5 h)');
  });

  it('checks Steam input as it is typed, with the server’s rules', async () => {
    const api = new FakeApiClient();
    const user = userEvent.setup();
    renderWithApi(<Harness />, api);
    const input = screen.getByLabelText('Add a Steam player');
    const add = screen.getByRole('button', { name: 'Add' });

    await user.type(input, '765611980');
    expect(screen.getByText('A SteamID64 has 17 digits; this one has 9')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(add).toBeDisabled();

    await user.clear(input);
    await user.type(input, 'https://example.com/id/someone');
    expect(screen.getByText('A profile URL is on steamcommunity.com, not example.com')).toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'a b');
    expect(
      screen.getByText('A vanity name may contain only letters, digits, "_" and "-"'),
    ).toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'steamcommunity.com/profiles/76561198000000001');
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(add).toBeEnabled();
  });

  it('resolves a Steam member to avatar and persona name, and warns about a private profile', async () => {
    const api = new FakeApiClient();
    api.accounts.set('gabe', {
      steamId: STEAM_ID,
      personaName: 'Gabe',
      avatarUrl: null,
      profileUrl: 'https://steamcommunity.com/id/gabe/',
      visibility: 'private',
    });
    const user = userEvent.setup();
    renderWithApi(<Harness />, api);

    await user.type(screen.getByLabelText('Add a Steam player'), 'steamcommunity.com/id/gabe{Enter}');
    expect(await screen.findByText('Gabe')).toBeInTheDocument();
    const row = screen.getByTestId('member');
    expect(row).toHaveTextContent(`Steam · ${STEAM_ID}`);
    expect(within(row).getByRole('alert')).toHaveTextContent('make Game details public in Steam');
    expect(screen.getByLabelText('Add a Steam player')).toHaveValue('');

    await user.type(screen.getByLabelText('Add a Steam player'), `${STEAM_ID}{Enter}`);
    expect(screen.getByText('This player is already in the group')).toBeInTheDocument();
    expect(screen.getAllByTestId('member')).toHaveLength(1);
  });

  it('shows inline what to do when the server has no Steam key', async () => {
    const api = new FakeApiClient();
    api.failNext(
      'resolveMember',
      new ApiError(400, 'STEAM_KEY_MISSING', 'Looking up Steam profiles needs STEAM_API_KEY'),
    );
    const user = userEvent.setup();
    renderWithApi(<Harness />, api);

    await user.type(screen.getByLabelText('Add a Steam player'), 'someone{Enter}');
    const row = await screen.findByTestId('member');
    await waitFor(() =>
      expect(within(row).getByRole('alert')).toHaveTextContent('Steam lookups are off on this server'),
    );
    expect(row).toHaveTextContent('ask the admin to set STEAM_API_KEY');
    expect(row).toHaveClass('member-error');
    expect(within(row).getByRole('button', { name: 'Look someone up again' })).toHaveTextContent('Try again');
  });

  it('reorders and removes members from the keyboard', async () => {
    const api = new FakeApiClient();
    seedSamplePlayers(api, 3);
    const user = userEvent.setup();
    renderWithApi(
      <Harness
        initial={[
          { kind: 'sample', id: '1001' },
          { kind: 'sample', id: '1002' },
          { kind: 'sample', id: '1003' },
        ]}
      />,
      api,
    );
    expect(screen.getByRole('button', { name: 'Move Player 1001 up' })).toBeDisabled();

    screen.getByRole('button', { name: 'Move Player 1001 down' }).focus();
    await user.keyboard('{Enter}');
    expect(memberNames()).toEqual(['Player 1002', 'Player 1001', 'Player 1003']);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Move Player 1001 down' })).toHaveFocus());
    // jsdom keeps focus on a moved node, so the check above can pass before the component's focus restore
    // (queued for the next animation frame) has run; let that frame pass so it cannot take focus back below.
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

    screen.getByRole('button', { name: 'Remove Player 1002' }).focus();
    await user.keyboard(' ');
    expect(memberNames()).toEqual(['Player 1001', 'Player 1003']);
    expect(screen.getByRole('heading', { name: 'Your group' })).toHaveFocus();
  });

  it('stops at eight members', async () => {
    const api = new FakeApiClient();
    seedSamplePlayers(api, 10);
    const user = userEvent.setup();
    renderWithApi(<Harness />, api);
    await user.click(await screen.findByRole('button', { name: 'Show all 10' }));
    for (let i = 1; i <= 9; i++) {
      const button = screen.getByRole('button', { name: new RegExp(`Player ${1000 + i}`) });
      if (!button.hasAttribute('disabled')) await user.click(button);
    }
    expect(screen.getAllByTestId('member')).toHaveLength(8);
    expect(screen.getByText('8 of 2–8 players')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add Player 1009' })).toBeDisabled();
    expect(screen.getByText('The group is full (8 players).')).toBeInTheDocument();
  });

  it('adds ticked friends of a resolved member', async () => {
    const api = new FakeApiClient();
    const friend = (n: number) => ({
      steamId: `7656119800000001${n}`,
      personaName: `Friend ${n}`,
      avatarUrl: null,
      profileUrl: null,
      visibility: 'public' as const,
    });
    api.accounts.set(STEAM_ID, { ...friend(0), steamId: STEAM_ID, personaName: 'Host' });
    api.friendLists.set(STEAM_ID, [friend(1), friend(2), friend(3)]);
    const user = userEvent.setup();
    renderWithApi(<Harness initial={[{ kind: 'steam', steamId: STEAM_ID }]} />, api);

    const friendsButton = await screen.findByRole('button', { name: 'Friends of Host' });
    await user.click(friendsButton);
    let picker = await screen.findByRole('group', { name: 'Host’s friends' });
    await user.click(within(picker).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('group', { name: 'Host’s friends' })).not.toBeInTheDocument();
    expect(friendsButton).toHaveFocus();

    await user.click(friendsButton);
    picker = await screen.findByRole('group', { name: 'Host’s friends' });
    await user.click(within(picker).getByRole('checkbox', { name: 'Friend 1' }));
    await user.click(within(picker).getByRole('checkbox', { name: 'Friend 3' }));
    await user.click(within(picker).getByRole('button', { name: 'Add 2 friends' }));

    expect(memberNames()).toEqual(['Host', 'Friend 1', 'Friend 3']);
    expect(screen.queryByRole('group', { name: 'Host’s friends' })).not.toBeInTheDocument();
    expect(friendsButton).toHaveFocus();
    // Each Steam member has a Friends button, told apart by whose friends it lists.
    expect(screen.getByRole('button', { name: 'Friends of Friend 1' })).toHaveTextContent('Friends');
  });
});
