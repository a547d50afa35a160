import { MAX_MEMBERS, MIN_MEMBERS } from '../../../src/contract/recommendations.ts';
import { memberLabel, type GroupMember } from '../members/group-member.ts';

/** Whether the group can be sent, and if not, what the user should do first. */
export function groupReadiness(members: readonly GroupMember[]): { ready: boolean; message: string } {
  const broken = members.findIndex((m) => m.status === 'error');
  if (broken >= 0) {
    const member = members[broken] as GroupMember;
    return {
      ready: false,
      message: `Player ${broken + 1} (${memberLabel(member)}) needs attention: ${member.problem?.message ?? 'remove them or try again.'}`,
    };
  }
  if (members.some((m) => m.status === 'resolving'))
    return { ready: false, message: 'Looking players up on Steam…' };
  if (members.length < MIN_MEMBERS) {
    const missing = MIN_MEMBERS - members.length;
    return {
      ready: false,
      message: `Add ${missing} more ${missing === 1 ? 'player' : 'players'} to see games you can all enjoy — sample players work without a Steam account.`,
    };
  }
  if (members.length > MAX_MEMBERS)
    return { ready: false, message: `A group has at most ${MAX_MEMBERS} players.` };
  return { ready: true, message: '' };
}
