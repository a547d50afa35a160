import type { ReactNode } from 'react';
import type { SamplePlayer } from '../api/api-client.ts';
import { formatHours } from '../format/format-hours.ts';
import { memberLabel, type GroupMember } from './group-member.ts';
import { MemberAvatar } from './member-avatar.tsx';

export interface MemberRowProps {
  member: GroupMember;
  position: number;
  count: number;
  /** The sample player's library summary when the member came from a link and the list has them. */
  sample: SamplePlayer | null;
  friendsOpen: boolean;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  onRetry(): void;
  onToggleFriends(): void;
  /** Shown under the row (the friend picker). */
  children?: ReactNode;
}

/** Problems that looking the member up again cannot fix: only removing them can. */
const PERMANENT_PROBLEMS = new Set(['DUPLICATE', 'MEMBER_UNKNOWN', 'STEAM_ID_INVALID']);

function subtitle(member: GroupMember, sample: SamplePlayer | null): string {
  if (member.status === 'resolving') return 'Looking up on Steam…';
  if (member.ref.kind === 'sample') {
    if (!sample) return 'Sample player';
    const top = sample.topGames.map((g) => `${g.name} (${formatHours(g.hours)})`).join(', ');
    return `Sample player · ${sample.gameCount} games${top ? ` · top: ${top}` : ''}`;
  }
  return member.ref.kind === 'steam' ? `Steam · ${member.ref.steamId}` : `Steam · /id/${member.ref.vanity}`;
}

/** One member of the group: who they are, what is wrong if anything, and buttons to move, remove or add friends. */
export function MemberRow(props: MemberRowProps) {
  const { member, position, count } = props;
  const name = memberLabel(member);
  const problemId = `${member.key}-problem`;
  const canListFriends = member.ref.kind === 'steam' && member.status === 'ready';
  return (
    <li
      className={`member member-${member.status}`}
      data-testid="member"
      data-member-ref={member.ref.kind === 'sample' ? `sample:${member.ref.id}` : undefined}
      aria-describedby={member.problem ? problemId : undefined}
    >
      <MemberAvatar name={name} url={member.avatarUrl} />
      <div className="member-text">
        <span className="member-name">{name}</span>
        <span className="member-sub">{subtitle(member, member.sample ?? props.sample)}</span>
      </div>
      <div className="member-actions">
        {member.status === 'error' && !PERMANENT_PROBLEMS.has(member.problem?.code ?? '') && (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Look ${name} up again`}
            onClick={props.onRetry}
          >
            Try again
          </button>
        )}
        {canListFriends && (
          <button
            type="button"
            className="btn btn-small"
            id={`${member.key}-friends`}
            // Every Steam member has one: the name says whose.
            aria-label={`Friends of ${name}`}
            aria-expanded={props.friendsOpen}
            onClick={props.onToggleFriends}
          >
            Friends
          </button>
        )}
        <button
          type="button"
          className="btn btn-icon"
          id={`${member.key}-up`}
          aria-label={`Move ${name} up`}
          disabled={position === 0}
          onClick={() => props.onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="btn btn-icon"
          id={`${member.key}-down`}
          aria-label={`Move ${name} down`}
          disabled={position === count - 1}
          onClick={() => props.onMove(1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="btn btn-icon btn-danger"
          aria-label={`Remove ${name}`}
          onClick={props.onRemove}
        >
          ✕
        </button>
      </div>
      {member.problem && (
        <p id={problemId} className={`member-problem ${member.problem.severity}`} role="alert">
          {member.problem.message}
        </p>
      )}
      {props.children}
    </li>
  );
}
