import type { ApiError } from '../api/api-error.ts';
import type { MemberProblem } from './group-member.ts';

export const STEAM_KEY_MISSING_MESSAGE =
  'Steam lookups are off on this server: use sample players, or ask the admin to set STEAM_API_KEY.';

/** What to tell the user about a failed look-up of one member: what happened and what to do about it. */
export function describeMemberProblem(error: ApiError): MemberProblem {
  const problem = (message: string, severity: MemberProblem['severity'] = 'error'): MemberProblem => ({
    severity,
    code: error.code,
    message,
  });
  switch (error.code) {
    case 'STEAM_KEY_MISSING':
      return problem(STEAM_KEY_MISSING_MESSAGE);
    case 'STEAM_PROFILE_PRIVATE':
      return problem(
        "This profile's game details are private: make Game details public in Steam's privacy settings " +
          '(Edit Profile → Privacy Settings), or remove this member and pick a sample player.',
      );
    case 'STEAM_FRIENDS_PRIVATE':
      return problem('Their friend list is private: add friends by profile URL instead.', 'warning');
    case 'STEAM_ID_UNRESOLVED':
      return problem(
        'No Steam profile has this custom URL name: check the spelling or paste the profile URL.',
      );
    case 'STEAM_ID_INVALID':
      return problem(error.message);
    case 'MEMBER_UNKNOWN':
      return problem('This sample player is not in the bundled dataset: remove them and pick another.');
    case 'STEAM_UNAVAILABLE': {
      const wait = error.retryAfterSeconds
        ? ` in about ${Math.ceil(error.retryAfterSeconds)} s`
        : ' in a minute';
      return problem(`Steam is not answering right now: try again${wait}.`);
    }
    case 'NETWORK':
      return problem(error.message);
    default:
      return problem(error.message);
  }
}

/** A Steam profile that resolved but is private: recommendations may still fail for it, so say so early. */
export const PRIVATE_PROFILE_PROBLEM: MemberProblem = {
  severity: 'warning',
  code: 'STEAM_PROFILE_PRIVATE',
  message:
    "This profile is private, so Coplay may not see their games: make Game details public in Steam's privacy settings, or pick a sample player instead.",
};

/** Two members that turned out to be the same Steam account. */
export const DUPLICATE_MEMBER_PROBLEM: MemberProblem = {
  severity: 'error',
  code: 'DUPLICATE',
  message: 'This account is already in the group: remove one of them.',
};
