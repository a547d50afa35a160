import { useCallback, useState } from 'react';
import type { MemberInput } from '../../../src/contract/recommendations.ts';
import type { RecordedFeedback } from './recorded-feedback.ts';

/** Changes one game's recorded feedback from what it is at the time of the change. */
export type RecordedFeedbackUpdate = (update: (current: RecordedFeedback) => RecordedFeedback) => void;

/** Feedback is about a game for one group: the members of the query the results answer. */
const entryKey = (members: MemberInput[], appid: number) => `${JSON.stringify(members)}#${appid}`;

/**
 * The feedback recorded on this page, per group and game. It lives above the cards so that it outlives
 * them: a tab switch unmounts them and would forget the undo tokens, and a card for the same game shown to
 * another group must not show (or undo) the first group's feedback.
 */
export function useFeedbackMemory(): {
  recordedFor(members: MemberInput[], appid: number): RecordedFeedback;
  updaterFor(members: MemberInput[], appid: number): RecordedFeedbackUpdate;
} {
  const [entries, setEntries] = useState<ReadonlyMap<string, RecordedFeedback>>(() => new Map());
  const recordedFor = useCallback(
    (members: MemberInput[], appid: number) => entries.get(entryKey(members, appid)) ?? {},
    [entries],
  );
  const updaterFor = useCallback(
    (members: MemberInput[], appid: number): RecordedFeedbackUpdate =>
      (update) => {
        // The key is fixed now: an answer arriving after the group changed still lands on its own group.
        const key = entryKey(members, appid);
        setEntries((current) => new Map(current).set(key, update(current.get(key) ?? {})));
      },
    [],
  );
  return { recordedFor, updaterFor };
}
