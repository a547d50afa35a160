import { describe, expect, it } from 'vitest';
import { CoplayError } from '../errors.ts';
import { isSteamId64, parseMemberIdentifier } from './steam-id.ts';

const GABE = '76561197960287930';

function errorOf(input: string): CoplayError {
  try {
    parseMemberIdentifier(input);
  } catch (error) {
    if (error instanceof CoplayError) return error;
    throw error;
  }
  throw new Error(`expected ${input} to be rejected`);
}

describe('isSteamId64', () => {
  it('accepts the first and last individual account ids and rejects their neighbours', () => {
    expect(isSteamId64('76561197960265729')).toBe(true);
    expect(isSteamId64('76561202255233023')).toBe(true);
    expect(isSteamId64('76561197960265728')).toBe(false);
    expect(isSteamId64('76561202255233024')).toBe(false);
  });

  it('rejects anything that is not 17 digits', () => {
    expect(isSteamId64('7656119796028793')).toBe(false);
    expect(isSteamId64('765611979602879300')).toBe(false);
    expect(isSteamId64(' 76561197960287930')).toBe(false);
    expect(isSteamId64('7656119796028793a')).toBe(false);
  });
});

describe('parseMemberIdentifier', () => {
  it.each([
    [GABE],
    [`  ${GABE}  `],
    [`https://steamcommunity.com/profiles/${GABE}`],
    [`https://steamcommunity.com/profiles/${GABE}/`],
    [`http://www.steamcommunity.com/profiles/${GABE}/games/?tab=all`],
    [`steamcommunity.com/profiles/${GABE}`],
    [`www.steamcommunity.com/profiles/${GABE}/`],
    [`HTTPS://SteamCommunity.com/profiles/${GABE}#top`],
  ])('reads %s as a SteamID64', (input) => {
    expect(parseMemberIdentifier(input)).toEqual({ kind: 'steamId', steamId: GABE });
  });

  it.each([
    ['gabelogannewell', 'gabelogannewell'],
    ['https://steamcommunity.com/id/gabelogannewell', 'gabelogannewell'],
    ['https://steamcommunity.com/id/gabelogannewell/', 'gabelogannewell'],
    ['steamcommunity.com/id/Some_Name-2/games', 'Some_Name-2'],
    ['www.steamcommunity.com/id/ab/?xml=1', 'ab'],
    ['12345', '12345'],
    ['x'.repeat(32), 'x'.repeat(32)],
  ])('reads %s as the vanity name %s', (input, vanity) => {
    expect(parseMemberIdentifier(input)).toEqual({ kind: 'vanity', vanity });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['a', '2–32 characters'],
    ['x'.repeat(33), '2–32 characters'],
    ['gabe newell', 'only letters, digits'],
    ['gäbe', 'only letters, digits'],
    ['76561197960265728', 'outside the range'],
    ['99999999999999999', 'outside the range'],
    ['7656119796028793', 'has 16'],
    ['https://steamcommunity.com/profiles/123', 'has 3'],
    ['https://steamcommunity.com/profiles/abc', 'not a SteamID64'],
    ['https://store.steampowered.com/app/550', 'not store.steampowered.com'],
    ['https://steamcommunity.com.evil.example/id/gabe', 'not steamcommunity.com.evil.example'],
    ['ftp://steamcommunity.com/id/gabe', 'not ftp://'],
    ['https://steamcommunity.com/groups/valve', 'steamcommunity.com/id/<name>'],
    ['https://steamcommunity.com/id/', 'steamcommunity.com/id/<name>'],
    ['https://steamcommunity.com/id/bad%20name', 'not a vanity name'],
    ['steamcommunity.com', 'steamcommunity.com/id/<name>'],
  ])('rejects %j, saying %s', (input, why) => {
    const error = errorOf(input);
    expect(error.code).toBe('STEAM_ID_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toContain(why);
  });

  it('shortens very long input in the message', () => {
    const error = errorOf(`https://example.com/${'a'.repeat(500)}`);
    expect(error.message.length).toBeLessThan(250);
  });
});
