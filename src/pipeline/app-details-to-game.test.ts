import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDetails } from '../steam/steam-types.ts';
import { MemoryResponseCache } from '../steam/memory-response-cache.ts';
import { RateLimiter } from '../steam/rate-limiter.ts';
import { SteamClient } from '../steam/steam-client.ts';
import { createUndiciHttpGet } from '../steam/undici-http-get.ts';
import { VirtualClock } from '../steam/virtual-clock.ts';
import { appDetailsToGame } from './app-details-to-game.ts';

const STORE = 'https://store.steampowered.com';
const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

/** The recorded store answer for Left 4 Dead 2, decoded by the real client (no network). */
async function recordedDetails(): Promise<AppDetails> {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const body = readFileSync(new URL('../steam/__fixtures__/app-details-550.json', import.meta.url), 'utf8');
  agent
    .get(STORE)
    .intercept({ path: (path) => path.startsWith('/api/appdetails') })
    .reply(200, body);
  const clock = new VirtualClock();
  const client = new SteamClient({
    http: createUndiciHttpGet({ dispatcher: agent }),
    clock,
    cache: new MemoryResponseCache(),
    limiter: new RateLimiter({ clock }),
    timeoutMs: 1_000,
  });
  const result = await client.getAppDetails(550);
  if (result === undefined) throw new Error('the fixture has no details for 550');
  return result.value;
}

describe('appDetailsToGame', () => {
  it('maps the recorded Left 4 Dead 2 page to a multiplayer Game with modes from its categories', async () => {
    const game = appDetailsToGame(await recordedDetails());
    expect(game).toMatchObject({
      appid: 550,
      name: 'Left 4 Dead 2',
      releaseDate: '2009-11-17',
      developers: ['Valve'],
      platforms: ['windows', 'mac', 'linux'],
      requiredAge: 0,
      genres: ['Action'],
      // The undiscounted price: the store was on a 90% sale when recorded.
      priceGbp: 7.19,
      tags: [],
      positiveRatings: null,
      medianPlaytimeMinutes: null,
      sources: ['steam_store_live'],
    });
    expect(game.categories).toContain('Online Co-op');
    expect(game.multiplayer.isMultiplayer).toBe(true);
    expect(game.multiplayer.modes).toEqual(['online_coop', 'online_pvp']);
    expect(game.multiplayer.limits.online).toBeNull();
  });

  it('prices a free game at 0, a non-GBP price as unknown, and a game without categories as single-player', async () => {
    const details = await recordedDetails();
    expect(appDetailsToGame({ ...details, isFree: true, price: null }).priceGbp).toBe(0);
    const euros = {
      ...details,
      price: { currency: 'EUR', initialMinor: 999, finalMinor: 999, discountPercent: 0 },
    };
    expect(appDetailsToGame(euros).priceGbp).toBeNull();
    const solo = appDetailsToGame({ ...details, categories: ['Single-player'], platforms: [] });
    expect(solo.multiplayer).toMatchObject({ isMultiplayer: false, modes: [] });
    expect(solo.platforms).toBeNull();
  });
});
