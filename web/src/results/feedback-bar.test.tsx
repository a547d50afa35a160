import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { FakeApiClient } from '../test-support/fake-api-client.ts';
import { renderWithApi } from '../test-support/render-with-api.tsx';
import { FeedbackBar } from './feedback-bar.tsx';
import { useFeedbackMemory } from './use-feedback-memory.ts';

const MEMBERS = [{ sampleUser: '1' }, { sampleUser: '2' }];
const DOWN = new ApiError(0, 'NETWORK', "Can't reach the Coplay server");

function Harness() {
  const feedback = useFeedbackMemory();
  return (
    <FeedbackBar
      appid={550}
      name="Left 4 Dead 2"
      members={MEMBERS}
      modelVersion="v-7"
      recorded={feedback.recordedFor(MEMBERS, 550)}
      onRecordedChange={feedback.updaterFor(MEMBERS, 550)}
    />
  );
}

function renderBar(api = new FakeApiClient()) {
  renderWithApi(<Harness />, api);
  const bar = screen.getByRole('group', { name: 'Feedback on Left 4 Dead 2' });
  const button = (name: RegExp) => within(bar).getByRole('button', { name });
  return { api, bar, liked: button(/Liked/), dismissed: button(/Not for us/) };
}

/** The kinds the fake server holds, and the kinds the page shows pressed: they must always agree. */
const serverKinds = (api: FakeApiClient) =>
  api
    .activeFeedback()
    .map((f) => f.kind)
    .sort();
const pressedKinds = (bar: HTMLElement) =>
  within(bar)
    .getAllByRole('button', { pressed: true })
    .map((b) => b.getAttribute('data-feedback'))
    .sort();

describe('FeedbackBar', () => {
  it('records the new feedback before undoing the one it replaces, with the undo token', async () => {
    const user = userEvent.setup();
    const { api, bar, liked, dismissed } = renderBar();
    await user.click(liked);
    await waitFor(() => expect(liked).toHaveAttribute('aria-pressed', 'true'));
    await user.click(dismissed);
    await waitFor(() => expect(dismissed).toHaveAttribute('aria-pressed', 'true'));
    expect(api.feedbackCalls).toEqual(['send liked', 'send dismissed', 'undo liked']);
    expect(serverKinds(api)).toEqual(['dismissed']);
    expect(pressedKinds(bar)).toEqual(['dismissed']);
    expect(bar).toHaveTextContent('Recorded: not for this group.');
  });

  it('keeps the earlier feedback, on the server and pressed, when the new one cannot be saved', async () => {
    const user = userEvent.setup();
    const { api, bar, liked, dismissed } = renderBar();
    await user.click(liked);
    await waitFor(() => expect(liked).toHaveAttribute('aria-pressed', 'true'));
    api.failNext('sendFeedback', DOWN);
    await user.click(dismissed);
    expect(await within(bar).findByText(/Not saved: Can't reach the Coplay server/)).toBeInTheDocument();
    expect(serverKinds(api)).toEqual(['liked']);
    expect(pressedKinds(bar)).toEqual(['liked']);
  });

  it('shows both pressed when the new one is saved but the earlier one cannot be undone', async () => {
    const user = userEvent.setup();
    const { api, bar, liked, dismissed } = renderBar();
    await user.click(liked);
    await waitFor(() => expect(liked).toHaveAttribute('aria-pressed', 'true'));
    api.failNext('undoFeedback', DOWN);
    await user.click(dismissed);
    expect(
      await within(bar).findByText(/Recorded, but “Liked” could not be undone: Can't reach/),
    ).toBeInTheDocument();
    expect(serverKinds(api)).toEqual(['dismissed', 'liked']);
    expect(pressedKinds(bar)).toEqual(['dismissed', 'liked']);

    // Either can then be undone on its own.
    await user.click(liked);
    await waitFor(() => expect(liked).toHaveAttribute('aria-pressed', 'false'));
    expect(serverKinds(api)).toEqual(['dismissed']);
    expect(pressedKinds(bar)).toEqual(['dismissed']);
  });

  it('stays pressed when undoing fails, and unpresses when the server had already undone it', async () => {
    const user = userEvent.setup();
    const { api, bar, liked } = renderBar();
    await user.click(liked);
    await waitFor(() => expect(liked).toHaveAttribute('aria-pressed', 'true'));
    api.failNext('undoFeedback', DOWN);
    await user.click(within(bar).getByRole('button', { name: 'Undo' }));
    expect(await within(bar).findByText(/Not undone: Can't reach the Coplay server/)).toBeInTheDocument();
    expect(liked).toHaveAttribute('aria-pressed', 'true');
    expect(serverKinds(api)).toEqual(['liked']);

    // Undone meanwhile elsewhere (another tab): the server answers 404, and the page catches up.
    for (const event of api.feedback.values()) event.undone = true;
    await user.click(liked);
    await waitFor(() => expect(liked).toHaveAttribute('aria-pressed', 'false'));
    expect(bar).toHaveTextContent('Undone.');
  });
});
