import { useId, useRef, useState } from 'react';
import { MAX_MEMBERS, MIN_MEMBERS } from '../../../src/contract/recommendations.ts';
import { AddSteamMemberForm } from './add-steam-member-form.tsx';
import { FriendPicker } from './friend-picker.tsx';
import { memberLabel } from './group-member.ts';
import { MemberRow } from './member-row.tsx';
import { SamplePlayerPicker } from './sample-player-picker.tsx';
import type { GroupController } from './use-group.ts';
import { useSamplePlayers } from './use-sample-players.ts';

/** Builds a group of 2–8: Steam players by URL/ID/name, their friends, or sample players; reorder and remove. */
export function GroupBuilder({ group }: { group: GroupController }) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { state: samples, reload } = useSamplePlayers();
  const [friendsOf, setFriendsOf] = useState<string | null>(null);
  const count = group.members.length;
  const sampleById = new Map(samples.status === 'ready' ? samples.players.map((p) => [p.id, p]) : []);

  const move = (key: string, delta: -1 | 1, position: number) => {
    group.move(key, delta);
    // Moving a row re-inserts its DOM node, which drops focus; put it back on the same arrow (or the other one at an end).
    const target = position + delta;
    const edge = (delta === -1 && target === 0) || (delta === 1 && target === count - 1);
    const id = `${key}-${edge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'}`;
    requestAnimationFrame(() => document.getElementById(id)?.focus());
  };

  return (
    <section className="panel group-builder" aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          Your group
        </h2>
        <span className={count >= MIN_MEMBERS ? 'count ok' : 'count'} aria-live="polite">
          {count} of {MIN_MEMBERS}–{MAX_MEMBERS} players
        </span>
      </div>
      {count === 0 ? (
        <p className="empty-group">
          Add at least {MIN_MEMBERS} players: Steam friends or sample players below.
        </p>
      ) : (
        <ol className="member-list" aria-label="Group members">
          {group.members.map((member, position) => (
            <MemberRow
              key={member.key}
              member={member}
              position={position}
              count={count}
              sample={member.ref.kind === 'sample' ? (sampleById.get(member.ref.id) ?? null) : null}
              friendsOpen={friendsOf === member.key}
              onMove={(delta) => move(member.key, delta, position)}
              onRemove={() => {
                group.remove(member.key);
                if (friendsOf === member.key) setFriendsOf(null);
                headingRef.current?.focus();
              }}
              onRetry={() => group.retry(member.key)}
              onToggleFriends={() => setFriendsOf(friendsOf === member.key ? null : member.key)}
            >
              {friendsOf === member.key && member.ref.kind === 'steam' && (
                <FriendPicker
                  steamId={member.ref.steamId}
                  ownerName={memberLabel(member)}
                  group={group}
                  onDone={() => {
                    setFriendsOf(null);
                    // The picker (and the button that closed it) goes away: focus goes back where it opened.
                    document.getElementById(`${member.key}-friends`)?.focus();
                  }}
                />
              )}
            </MemberRow>
          ))}
        </ol>
      )}
      <AddSteamMemberForm group={group} />
      <SamplePlayerPicker group={group} samples={samples} onReload={reload} />
    </section>
  );
}
