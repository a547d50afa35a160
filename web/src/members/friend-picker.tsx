import { useEffect, useId, useState } from 'react';
import { MAX_MEMBERS } from '../../../src/contract/recommendations.ts';
import type { ResolvedMember } from '../api/api-client.ts';
import { useApi } from '../api/api-context.ts';
import { ApiError, isAbortError } from '../api/api-error.ts';
import { describeMemberProblem } from './describe-member-problem.ts';
import { MemberAvatar } from './member-avatar.tsx';
import type { GroupController } from './use-group.ts';

type FriendsState =
  | { status: 'loading' }
  | { status: 'ready'; friends: ResolvedMember[]; stale: boolean }
  | { status: 'error'; message: string };

/** A resolved member's Steam friends, to tick and add to the group. */
export function FriendPicker({
  steamId,
  ownerName,
  group,
  onDone,
}: {
  steamId: string;
  ownerName: string;
  group: GroupController;
  onDone(): void;
}) {
  const api = useApi();
  const headingId = useId();
  const [state, setState] = useState<FriendsState>({ status: 'loading' });
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const controller = new AbortController();
    api.friends(steamId, controller.signal).then(
      (response) => setState({ status: 'ready', friends: response.items, stale: response.stale }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
        setState({ status: 'error', message: describeMemberProblem(apiError).message });
      },
    );
    return () => controller.abort();
  }, [api, steamId]);

  const room = MAX_MEMBERS - group.members.length;
  const toggle = (id: string) =>
    setTicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="friend-picker" role="group" aria-labelledby={headingId}>
      <h4 id={headingId}>{ownerName}’s friends</h4>
      {state.status === 'loading' && <p aria-live="polite">Loading friends…</p>}
      {state.status === 'error' && (
        <p className="member-problem error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'ready' && (
        <>
          {state.stale && <p className="hint">Steam is slow: this list may be out of date.</p>}
          {state.friends.length === 0 && <p>No friends are visible on this profile.</p>}
          <ul className="friend-list">
            {state.friends.map((friend) => {
              const inGroup = group.has({ kind: 'steam', steamId: friend.steamId });
              const name = friend.personaName ?? friend.steamId;
              return (
                <li key={friend.steamId}>
                  <label>
                    <input
                      type="checkbox"
                      checked={inGroup || ticked.has(friend.steamId)}
                      disabled={inGroup || (!ticked.has(friend.steamId) && ticked.size >= room)}
                      onChange={() => toggle(friend.steamId)}
                    />
                    <MemberAvatar name={name} url={friend.avatarUrl} size={28} />
                    <span>{name}</span>
                    {inGroup && <span className="hint"> (in the group)</span>}
                  </label>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="friend-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={ticked.size === 0}
          onClick={() => {
            if (state.status === 'ready')
              group.addResolved(state.friends.filter((f) => ticked.has(f.steamId)));
            onDone();
          }}
        >
          {ticked.size === 0
            ? 'Add friends'
            : `Add ${ticked.size} ${ticked.size === 1 ? 'friend' : 'friends'}`}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Close
        </button>
      </div>
    </div>
  );
}
