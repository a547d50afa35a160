import type { MemberInput } from '../../../src/contract/recommendations.ts';
import type { SamplePlayer } from '../api/api-client.ts';
import type { SteamRef } from './parse-member-input.ts';

/** Who a member is: a sample player from the bundled dataset or a Steam account. Kept in the URL. */
export type MemberRef = { kind: 'sample'; id: string } | SteamRef;

/** Something to tell the user next to a member; errors keep the group from being sent. */
export interface MemberProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** A member of the group being built. */
export interface GroupMember {
  /** Stable React key; refs can change (a vanity name resolves to a SteamID64). */
  key: string;
  ref: MemberRef;
  personaName: string | null;
  avatarUrl: string | null;
  /** The sample player's library summary, when the page has it. */
  sample: SamplePlayer | null;
  status: 'ready' | 'resolving' | 'error';
  problem: MemberProblem | null;
}

/** The member as the API expects it. */
export function memberInput(ref: MemberRef): MemberInput {
  if (ref.kind === 'sample') return { sampleUser: ref.id };
  if (ref.kind === 'steam') return { steamId: ref.steamId };
  return { vanity: ref.vanity };
}

/** One string per distinct member, to refuse adding the same person twice. */
export function refIdentity(ref: MemberRef): string {
  if (ref.kind === 'sample') return `sample:${ref.id}`;
  if (ref.kind === 'steam') return `steam:${ref.steamId}`;
  return `vanity:${ref.vanity.toLowerCase()}`;
}

/** The name to show for a member. */
export function memberLabel(member: Pick<GroupMember, 'ref' | 'personaName'>): string {
  if (member.personaName) return member.personaName;
  const { ref } = member;
  if (ref.kind === 'sample') return `Player ${ref.id}`;
  return ref.kind === 'steam' ? ref.steamId : ref.vanity;
}
