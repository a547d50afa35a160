import { describe, expect, it } from 'vitest';
import { CoplayError } from '../errors.ts';
import {
  decodeSteamJson,
  isoDateFromStore,
  OwnedGamesResponse,
  PlayerSummaryEntry,
} from './steam-responses.ts';

describe('isoDateFromStore', () => {
  it.each([
    ['17 Nov, 2009', '2009-11-17'],
    ['1 Feb, 2024', '2024-02-01'],
    ['Nov 17, 2009', '2009-11-17'],
    ['Sept 5, 2023', '2023-09-05'],
    ['29 Feb, 2024', '2024-02-29'],
  ])('reads %s as %s', (text, iso) => {
    expect(isoDateFromStore(text)).toBe(iso);
  });

  it.each([
    'Coming soon',
    'To be announced',
    'Q3 2025',
    '2025',
    'November 2025',
    '31 Feb, 2024',
    '29 Feb, 2023',
    '17 Foo, 2009',
    '',
  ])('gives null for %j', (text) => {
    expect(isoDateFromStore(text)).toBeNull();
  });
});

describe('decodeSteamJson', () => {
  it('drops fields Coplay does not read and maps visibility codes', () => {
    const body = JSON.stringify({
      steamid: '76561197960287930',
      personaname: 'x',
      profileurl: 'u',
      avatarmedium: 'm',
      avatarfull: 'f',
      communityvisibilitystate: 2,
      realname: 'not kept',
    });
    const summary = decodeSteamJson('GetPlayerSummaries', body, PlayerSummaryEntry);
    expect(summary.visibility).toBe('friends_only');
    expect(summary.profileConfigured).toBe(false);
    expect(summary).not.toHaveProperty('realname');
  });

  it('names the endpoint and the offending field', () => {
    let error: unknown;
    try {
      decodeSteamJson('GetOwnedGames', '{"response":{"game_count":-1}}', OwnedGamesResponse);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoplayError);
    expect((error as CoplayError).message).toMatch(/^GetOwnedGames .* at response\.game_count/);
  });

  it('rejects non-JSON and JSON of the wrong top-level type', () => {
    expect(() => decodeSteamJson('GetOwnedGames', '<html>', OwnedGamesResponse)).toThrow(/not JSON/);
    expect(() => decodeSteamJson('GetOwnedGames', 'null', OwnedGamesResponse)).toThrow(/\(top level\)/);
  });
});
