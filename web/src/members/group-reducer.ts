import { MAX_MEMBERS } from '../../../src/contract/recommendations.ts';
import type { ResolvedMember } from '../api/api-client.ts';
import { DUPLICATE_MEMBER_PROBLEM, PRIVATE_PROFILE_PROBLEM } from './describe-member-problem.ts';
import type { GroupMember } from './group-member.ts';

/** What can happen to the group's member list. */
export type GroupAction =
  | { type: 'add'; members: GroupMember[] }
  | { type: 'remove'; key: string }
  | { type: 'move'; key: string; delta: -1 | 1 }
  | { type: 'update'; key: string; patch: Partial<Omit<GroupMember, 'key'>> }
  | { type: 'resolved'; key: string; account: ResolvedMember };

/** The member list's reducer: never more than MAX_MEMBERS members, order kept as the user arranged it. */
export function groupReducer(members: GroupMember[], action: GroupAction): GroupMember[] {
  switch (action.type) {
    case 'add':
      return [...members, ...action.members].slice(0, MAX_MEMBERS);
    case 'remove':
      return members.filter((m) => m.key !== action.key);
    case 'move': {
      const from = members.findIndex((m) => m.key === action.key);
      const to = from + action.delta;
      if (from < 0 || to < 0 || to >= members.length) return members;
      const next = [...members];
      [next[from], next[to]] = [next[to] as GroupMember, next[from] as GroupMember];
      return next;
    }
    case 'update':
      return members.map((m) => (m.key === action.key ? { ...m, ...action.patch } : m));
    case 'resolved': {
      const { account } = action;
      // A vanity name can turn out to be someone already in the group under their SteamID64.
      const duplicate = members.some(
        (m) => m.key !== action.key && m.ref.kind === 'steam' && m.ref.steamId === account.steamId,
      );
      return members.map((m) =>
        m.key !== action.key
          ? m
          : {
              ...m,
              ref: { kind: 'steam', steamId: account.steamId },
              personaName: account.personaName,
              avatarUrl: account.avatarUrl,
              status: duplicate ? 'error' : 'ready',
              problem: duplicate
                ? DUPLICATE_MEMBER_PROBLEM
                : account.visibility === 'private'
                  ? PRIVATE_PROFILE_PROBLEM
                  : null,
            },
      );
    }
  }
}
