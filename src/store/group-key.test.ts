import { describe, expect, it } from 'vitest';
import { canonicalMembers, groupKey } from './group-key.ts';

describe('groupKey', () => {
  it('ignores member order and repeats', () => {
    expect(groupKey(['b', 'a', 'c'])).toBe(groupKey(['c', 'b', 'a', 'a']));
    expect(canonicalMembers(['b', 'a', 'b'])).toEqual(['a', 'b']);
  });

  it('tells different groups apart, even when joined member text would coincide', () => {
    expect(groupKey(['a', 'b'])).not.toBe(groupKey(['a', 'b', 'c']));
    expect(groupKey(['a,b'])).not.toBe(groupKey(['a', 'b']));
    expect(groupKey(['ab'])).not.toBe(groupKey(['a', 'b']));
  });

  it('refuses an empty group', () => {
    expect(() => groupKey([])).toThrow(RangeError);
  });
});
