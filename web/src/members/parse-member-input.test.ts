import { describe, expect, it } from 'vitest';
import { parseMemberInput } from './parse-member-input.ts';

describe('parseMemberInput', () => {
  it.each([
    ['76561198000000001', { kind: 'steam', steamId: '76561198000000001' }],
    [
      'https://steamcommunity.com/profiles/76561198000000001/games',
      { kind: 'steam', steamId: '76561198000000001' },
    ],
    ['steamcommunity.com/id/gabe_n/', { kind: 'vanity', vanity: 'gabe_n' }],
    ['http://www.steamcommunity.com/id/some-one', { kind: 'vanity', vanity: 'some-one' }],
    ['  ab  ', { kind: 'vanity', vanity: 'ab' }],
  ])('accepts %s', (input, ref) => {
    expect(parseMemberInput(input)).toEqual({ ok: true, ref });
  });

  it.each([
    ['', 'Type a Steam profile URL'],
    ['7656119800000000', 'A SteamID64 has 17 digits; this one has 16'],
    ['76561197960265728', 'starts with 7656119'],
    ['steamcommunity.com/profiles/abc', '"abc" is not a SteamID64'],
    ['steamcommunity.com/groups/x', 'A profile URL looks like'],
    ['ftp://steamcommunity.com/id/x', 'starts with https://'],
    ['a', '2–32 characters'],
    ['x'.repeat(33), 'this one has 33'],
    ['bad name!', 'only letters, digits'],
  ])('rejects %j saying why', (input, why) => {
    const parsed = parseMemberInput(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(why);
  });
});
