import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { MAX_MEMBERS } from '../../../src/contract/recommendations.ts';
import type { ResolvedMember, SamplePlayer } from '../api/api-client.ts';
import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/api-error.ts';
import { describeMemberProblem, PRIVATE_PROFILE_PROBLEM } from './describe-member-problem.ts';
import { refIdentity, type GroupMember, type MemberProblem, type MemberRef } from './group-member.ts';
import { groupReducer } from './group-reducer.ts';
import type { SteamRef } from './parse-member-input.ts';

/** The group being built and what can be done to it; see useGroup. */
export interface GroupController {
  members: GroupMember[];
  /** True when the group has MAX_MEMBERS members. */
  full: boolean;
  has(ref: MemberRef): boolean;
  addSample(player: SamplePlayer): void;
  /** Adds a Steam member and resolves it; returns why it was refused, or null. */
  addSteam(ref: SteamRef): string | null;
  /** Adds already resolved Steam accounts (ticked friends), skipping those already in the group. */
  addResolved(accounts: ResolvedMember[]): void;
  remove(key: string): void;
  move(key: string, delta: -1 | 1): void;
  /** Looks a member up again after an error. */
  retry(key: string): void;
  /** Marks a member with a problem the server reported about them (by position in the group). */
  reportProblem(index: number, problem: MemberProblem): void;
}

let nextKey = 0;
const newKey = (): string => `member-${++nextKey}`;

function initialMember(ref: MemberRef): GroupMember {
  return {
    key: newKey(),
    ref,
    personaName: null,
    avatarUrl: null,
    sample: null,
    status: ref.kind === 'sample' ? 'ready' : 'resolving',
    problem: null,
  };
}

/** State and actions of the group builder: 2–8 members, Steam members resolved through the API as they are added. */
export function useGroup(initialRefs: readonly MemberRef[]): GroupController {
  const api = useApi();
  const [members, dispatch] = useReducer(groupReducer, initialRefs, (refs) => refs.map(initialMember));
  const initialMembers = useRef(members);

  const resolve = useCallback(
    (key: string, ref: SteamRef) => {
      dispatch({ type: 'update', key, patch: { status: 'resolving', problem: null } });
      const input = ref.kind === 'steam' ? ref.steamId : ref.vanity;
      api.resolveMember(input).then(
        (account) => dispatch({ type: 'resolved', key, account }),
        (error: unknown) => {
          const apiError = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
          dispatch({
            type: 'update',
            key,
            patch: { status: 'error', problem: describeMemberProblem(apiError) },
          });
        },
      );
    },
    [api],
  );

  // Members from a shared link arrive as bare refs: look the Steam ones up once.
  const resolvedInitial = useRef(false);
  useEffect(() => {
    if (resolvedInitial.current) return;
    resolvedInitial.current = true;
    for (const m of initialMembers.current) if (m.ref.kind !== 'sample') resolve(m.key, m.ref);
  }, [resolve]);

  return useMemo((): GroupController => {
    const identities = new Set(members.map((m) => refIdentity(m.ref)));
    const full = members.length >= MAX_MEMBERS;
    return {
      members,
      full,
      has: (ref) => identities.has(refIdentity(ref)),
      addSample(player) {
        const ref: MemberRef = { kind: 'sample', id: player.id };
        if (full || identities.has(refIdentity(ref))) return;
        dispatch({ type: 'add', members: [{ ...initialMember(ref), sample: player }] });
      },
      addSteam(ref) {
        if (full) return `A group has at most ${MAX_MEMBERS} players`;
        if (identities.has(refIdentity(ref))) return 'This player is already in the group';
        const member = initialMember(ref);
        dispatch({ type: 'add', members: [member] });
        resolve(member.key, ref);
        return null;
      },
      addResolved(accounts) {
        const fresh = accounts
          .filter((a) => !identities.has(`steam:${a.steamId}`))
          .slice(0, MAX_MEMBERS - members.length)
          .map((a) => ({
            ...initialMember({ kind: 'steam', steamId: a.steamId }),
            personaName: a.personaName,
            avatarUrl: a.avatarUrl,
            status: 'ready' as const,
            problem: a.visibility === 'private' ? PRIVATE_PROFILE_PROBLEM : null,
          }));
        if (fresh.length > 0) dispatch({ type: 'add', members: fresh });
      },
      remove: (key) => dispatch({ type: 'remove', key }),
      move: (key, delta) => dispatch({ type: 'move', key, delta }),
      retry(key) {
        const member = members.find((m) => m.key === key);
        if (!member) return;
        if (member.ref.kind === 'sample')
          dispatch({ type: 'update', key, patch: { status: 'ready', problem: null } });
        else resolve(key, member.ref);
      },
      reportProblem(index, problem) {
        const member = members[index];
        if (!member) return;
        const status = problem.severity === 'error' ? 'error' : member.status;
        dispatch({ type: 'update', key: member.key, patch: { status, problem } });
      },
    };
  }, [members, resolve]);
}
