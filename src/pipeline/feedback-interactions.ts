import type { LibraryEntry } from '../model/confidence.ts';
import type { FeedbackEvent } from '../store/feedback.repository.ts';

/**
 * Feedback as playtime-equivalent minutes added to every member's training row (the confidence transform
 * then turns them into weights like any playtime):
 * - `played_together` (the group really played it): 180 minutes, i.e. about an evening's session;
 * - `liked` (a stated interest, not yet play): 60 minutes, a third of that.
 * Repeated events add up, so a game a group keeps playing keeps gaining weight (the log keeps it bounded).
 * `dismissed` removes the game from each member's row: an implicit model's lowest confidence is
 * "unobserved", so the member's own playtime and earlier positive feedback for it stop counting.
 * Events apply oldest first, so a later like restores a dismissed game.
 */
export const FEEDBACK_MINUTES = Object.freeze({ played_together: 180, liked: 60 });

const SAMPLE_PREFIX = 'steam200k:';

/**
 * The training user of a feedback member key, or undefined for a member the pipeline must not train on:
 * - `sample:<id>` is the steam200k dataset user `steam200k:<id>`;
 * - `steam:<SteamID64>` is that player, whose stored library (when there is one) it joins;
 * - `vanity:<name>` is a Steam player whose SteamID64 was unknown when the feedback came: their library is
 *   stored under `steam:`, so a `vanity:` user would be a second, library-less copy of them;
 * - `inline:…` is a pasted library, never stored, and nothing ties two pastes to one person (older events
 *   keyed them by the name typed, so every group's "Me" would be one user);
 * - anything else is not a key the server writes.
 */
export function trainingKeyOfMember(memberKey: string): string | undefined {
  if (memberKey.startsWith('sample:')) return `${SAMPLE_PREFIX}${memberKey.slice('sample:'.length)}`;
  if (memberKey.startsWith('steam:')) return memberKey;
  return undefined;
}

/**
 * Returns new libraries with the feedback applied (the input is not changed). Members trainingKeyOfMember
 * leaves out, and sample players not in the dataset, are skipped; a Steam player with no stored library
 * gets a row of their feedback alone.
 */
export function applyFeedback(
  libraries: ReadonlyMap<string, readonly LibraryEntry[]>,
  events: readonly FeedbackEvent[],
): Map<string, LibraryEntry[]> {
  const minutes = new Map<string, Map<number, number>>();
  const rowOf = (key: string): Map<number, number> => {
    let row = minutes.get(key);
    if (!row) {
      row = new Map();
      for (const entry of libraries.get(key) ?? [])
        row.set(entry.appid, Math.max(row.get(entry.appid) ?? 0, entry.playtimeMinutes));
      minutes.set(key, row);
    }
    return row;
  };
  const ordered = [...events].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  for (const event of ordered) {
    for (const member of event.memberKeys) {
      const key = trainingKeyOfMember(member);
      // The dataset is complete: a sample player missing from it does not exist (events stored before the
      // server checked sample players name some), and a row of feedback alone would invent them.
      if (key === undefined || (key.startsWith(SAMPLE_PREFIX) && !libraries.has(key))) continue;
      const row = rowOf(key);
      if (event.kind === 'dismissed') row.delete(event.appid);
      else row.set(event.appid, (row.get(event.appid) ?? 0) + FEEDBACK_MINUTES[event.kind]);
    }
  }
  const result = new Map<string, LibraryEntry[]>();
  for (const [key, library] of libraries) if (!minutes.has(key)) result.set(key, [...library]);
  for (const [key, row] of minutes) {
    if (row.size === 0) continue;
    result.set(
      key,
      [...row].map(([appid, playtimeMinutes]) => ({ appid, playtimeMinutes })),
    );
  }
  return result;
}
