import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RecommendedItemSchema, type RecommendedItem } from '../../../src/contract/recommendations.ts';
import { ApiError } from '../api/api-error.ts';
import { FakeApiClient } from '../test-support/fake-api-client.ts';
import { renderWithApi } from '../test-support/render-with-api.tsx';
import { SAMPLE_GAMES } from '../test-support/sample-data.ts';
import { GameCard } from './game-card.tsx';
import { useFeedbackMemory } from './use-feedback-memory.ts';

const ITEM: RecommendedItem = RecommendedItemSchema.parse({
  appid: 550,
  name: 'Left 4 Dead 2',
  score: 0.8,
  members: [
    { fit: 0.92, owns: true, playtimeMinutes: 750 },
    { fit: 0.4, owns: false, playtimeMinutes: null },
    { fit: 0.1, owns: true, playtimeMinutes: 0 },
  ],
  modes: ['online_coop', 'split_screen'],
  players: { online: 4, local: 2, lan: null, splitScreen: 2, dropInDropOut: true, max: 4 },
  platforms: ['windows', 'mac'],
  price: 7.19,
  genres: ['Action'],
  tags: ['Zombies'],
  releaseDate: '2009-11-16',
  storeUrl: 'https://store.steampowered.com/app/550/',
  imageUrl: 'https://cdn.example.invalid/550.jpg',
  reasons: [
    { kind: 'because', text: 'Because Ann played Portal 2', member: 0, appids: [620] },
    { kind: 'player_limit', text: 'Up to 4 players online' },
  ],
});
const MEMBERS = [{ sampleUser: '1' }, { sampleUser: '2' }, { sampleUser: '3' }];

function Harness({ item }: { item: RecommendedItem }) {
  const feedback = useFeedbackMemory();
  return (
    <GameCard
      item={item}
      memberNames={['Ann', 'Bo', 'Cy']}
      members={MEMBERS}
      modelVersion="v-7"
      recorded={feedback.recordedFor(MEMBERS, item.appid)}
      onRecordedChange={feedback.updaterFor(MEMBERS, item.appid)}
    />
  );
}

function renderCard(api = new FakeApiClient(), item = ITEM) {
  api.games = SAMPLE_GAMES;
  renderWithApi(<Harness item={item} />, api);
  return { api, card: screen.getByRole('article', { name: item.name }) };
}

describe('GameCard', () => {
  it('shows the game’s facts, the reasons and a link to its store page', () => {
    const { card } = renderCard();
    expect(within(card).getByText('£7.19')).toBeInTheDocument();
    expect(within(card).getByRole('list', { name: 'Multiplayer modes' })).toHaveTextContent(
      'Online co-opSplit screen',
    );
    expect(card).toHaveTextContent('Up to 4 online · 2 local · 2 split screen · drop-in');
    expect(card).toHaveTextContent('Windows, macOS');
    expect(within(card).getByRole('list', { name: 'Why this game' })).toHaveTextContent(
      'Because Ann played Portal 2',
    );
    expect(within(card).getByRole('link', { name: /Steam store page/ })).toHaveAttribute(
      'href',
      ITEM.storeUrl,
    );
  });

  it('shows every ownership, mode and player-limit reason, and the first two “because” reasons', () => {
    const item = RecommendedItemSchema.parse({
      ...ITEM,
      reasons: [
        { kind: 'because', text: 'Because Ann played Portal 2', member: 0, appids: [620] },
        { kind: 'because', text: 'Because Bo played Terraria', member: 1, appids: [105600] },
        { kind: 'because', text: 'Because Cy played Dota 2', member: 2, appids: [570] },
        { kind: 'ownership', text: 'Ann and Cy own it' },
        { kind: 'modes', text: 'Online co-op and split screen' },
        { kind: 'player_limit', text: 'Known co-op limit is 2; your group is 3' },
      ],
    });
    const { card } = renderCard(new FakeApiClient(), item);
    const reasons = within(within(card).getByRole('list', { name: 'Why this game' })).getAllByRole(
      'listitem',
    );
    expect(reasons.map((r) => r.textContent)).toEqual([
      'Because Ann played Portal 2',
      'Because Bo played Terraria',
      'Ann and Cy own it',
      'Online co-op and split screen',
      'Known co-op limit is 2; your group is 3',
    ]);
  });

  it('has a fit row per member with a 0–100 meter, ownership and hours played', () => {
    const { card } = renderCard();
    const rows = within(card).getAllByTestId('fit-row');
    expect(rows).toHaveLength(3);
    expect(within(card).getByRole('meter', { name: 'Fit for Ann' })).toHaveAttribute('aria-valuenow', '92');
    expect(within(card).getByRole('meter', { name: 'Fit for Bo' })).toHaveAttribute('aria-valuenow', '40');
    expect(rows[0]).toHaveTextContent('Owns it · 13 h');
    expect(rows[1]).toHaveTextContent('Doesn’t own it');
    expect(rows[1]).toHaveAttribute('data-owns', 'false');
    expect(rows[2]).toHaveTextContent('Owns it · not played');
  });

  it('keeps the image box and shows a placeholder when the capsule cannot load', () => {
    const { card } = renderCard();
    const capsule = within(card).getByTestId('capsule');
    const img = capsule.querySelector('img') as HTMLImageElement;
    expect(img).toHaveAttribute('src', ITEM.imageUrl);
    fireEvent.error(img);
    expect(capsule.querySelector('img')).toBeNull();
    expect(capsule).toHaveClass('capsule-failed');
    expect(capsule).toHaveTextContent('L4D');
  });

  it('records feedback with the members and model version, and undoes it', async () => {
    const user = userEvent.setup();
    const { api, card } = renderCard();
    const liked = within(card).getByRole('button', { name: /Liked/ });
    await user.click(liked);
    await waitFor(() => expect(liked).toHaveAttribute('aria-pressed', 'true'));
    expect(api.activeFeedback()).toEqual([
      expect.objectContaining({ appid: 550, kind: 'liked', members: MEMBERS, modelVersion: 'v-7' }),
    ]);
    expect(card).toHaveTextContent('Recorded: you liked it.');

    // "Not for us" contradicts "liked": the like is undone.
    await user.click(within(card).getByRole('button', { name: /Not for us/ }));
    await waitFor(() => expect(api.activeFeedback().map((f) => f.kind)).toEqual(['dismissed']));
    expect(liked).toHaveAttribute('aria-pressed', 'false');
    expect(card).toHaveClass('dismissed');

    await user.click(within(card).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(api.activeFeedback()).toEqual([]));
    expect(card).not.toHaveClass('dismissed');
    expect(card).toHaveTextContent('Undone.');
  });

  it('says when feedback could not be saved', async () => {
    const user = userEvent.setup();
    const api = new FakeApiClient();
    api.failNext('sendFeedback', new ApiError(0, 'NETWORK', "Can't reach the Coplay server"));
    const { card } = renderCard(api);
    const played = within(card).getByRole('button', { name: /We played this/ });
    await user.click(played);
    expect(await within(card).findByText(/Not saved: Can't reach the Coplay server/)).toBeInTheDocument();
    expect(played).toHaveAttribute('aria-pressed', 'false');
  });
});
