import { createHash } from 'node:crypto';

/** A stable key for a group: the same members in any order (or repeated) give the same key. */
export function groupKey(memberKeys: readonly string[]): string {
  const members = canonicalMembers(memberKeys);
  if (members.length === 0) throw new RangeError('a group needs at least one member');
  // JSON keeps member boundaries unambiguous, whatever characters the keys hold.
  return createHash('sha256').update(JSON.stringify(members)).digest('hex').slice(0, 32);
}

/** The members sorted and without repeats: the form stored beside the key. */
export function canonicalMembers(memberKeys: readonly string[]): string[] {
  return [...new Set(memberKeys)].sort();
}
