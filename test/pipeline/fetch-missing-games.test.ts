import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchMissingGames } from '../../src/pipeline/fetch-missing-games.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { MemoryResponseCache } from '../../src/steam/memory-response-cache.ts';
import { RateLimiter } from '../../src/steam/rate-limiter.ts';
import { SteamClient } from '../../src/steam/steam-client.ts';
import { VirtualClock } from '../../src/steam/virtual-clock.ts';
import { makeGame } from '../fixtures/make-game.ts';
import { TEST_DIALECTS, useTestStore } from '../store/test-stores.ts';
import { seedPipelineStore, smallSettings, tempArtifacts } from './pipeline-fixture.ts';

const recorded = readFileSync(
  new URL('../../src/steam/__fixtures__/app-details-550.json', import.meta.url),
  'utf8',
);

/**
 * The store as recorded for 550; 560 has no store page, 570 is a DLC, 580 is down. Every appdetails
 * request is recorded so tests can tell which appids were asked for.
 */
function recordedStore(asked: number[]): HttpGet {
  return async (url) => {
    const appid = Number(new URL(url).searchParams.get('appids'));
    asked.push(appid);
    if (appid === 550) return { status: 200, headers: {}, body: recorded };
    if (appid === 570) {
      const dlc = JSON.parse(recorded) as { 550: { data: Record<string, unknown> } };
      const data = { ...dlc[550].data, type: 'dlc', steam_appid: 570, name: 'Some DLC' };
      return { status: 200, headers: {}, body: JSON.stringify({ 570: { success: true, data } }) };
    }
    if (appid === 580) return { status: 503, headers: {}, body: 'Service Unavailable' };
    return { status: 200, headers: {}, body: JSON.stringify({ [appid]: { success: false } }) };
  };
}

function steamClient(asked: number[]): SteamClient {
  const clock = new VirtualClock();
  return new SteamClient({
    http: recordedStore(asked),
    clock,
    cache: new MemoryResponseCache(),
    limiter: new RateLimiter({ clock }),
    retries: 0,
  });
}

const entry = (appid: number) => ({ appid, playtimeForeverMinutes: 60, playtime2WeeksMinutes: null });

describe.each(TEST_DIALECTS)('fetchMissingGames on %s', (dialect) => {
  const store = useTestStore(dialect);

  /** Library appids: 100 is in the catalog; 550 is owned by three players, 560 by two, 570 and 580 by one. */
  async function seed(): Promise<void> {
    await store().games.upsertMany([makeGame(100, { name: 'Known' })]);
    await store().libraries.replace('1', [100, 550, 560, 570, 580].map(entry));
    await store().libraries.replace('2', [550, 560].map(entry));
    await store().libraries.replace('3', [100, 550].map(entry));
  }

  it('adds the owned games the catalog lacks, counting pages that are missing, not games, or failing', async () => {
    await seed();
    const asked: number[] = [];
    const lines: string[] = [];
    const summary = await fetchMissingGames(store(), steamClient(asked), (l) => lines.push(l));
    expect(summary).toEqual({ missing: 4, added: 1, notGames: 2, failed: 1 });
    // Most-owned first, and the catalog's own game is never asked for.
    expect(asked.slice(0, 2)).toEqual([550, 560]);
    expect(asked).not.toContain(100);
    const added = await store().games.get(550);
    expect(added).toMatchObject({ name: 'Left 4 Dead 2', sources: ['steam_store_live'] });
    expect(added?.multiplayer.modes).toEqual(['online_coop', 'online_pvp']);
    expect(await store().games.get(570)).toBeUndefined();
    expect(lines).toEqual([expect.stringMatching(/^store details of app 580: /)]);

    // A second pass no longer asks for the game it added.
    const again: number[] = [];
    const second = await fetchMissingGames(store(), steamClient(again), () => {});
    expect(second.missing).toBe(3);
    expect(again).not.toContain(550);
  });

  it('asks for at most `limit` appids per pass, the most-owned ones', async () => {
    await seed();
    const asked: number[] = [];
    const summary = await fetchMissingGames(store(), steamClient(asked), () => {}, 1);
    expect(asked).toEqual([550]);
    expect(summary).toEqual({ missing: 4, added: 1, notGames: 0, failed: 0 });
  });
});

describe('the ingest task with a Steam client', () => {
  const store = useTestStore('sqlite');
  const temp = tempArtifacts();
  afterAll(() => temp.cleanup());

  it('adds owned games missing from the catalog before taking the snapshot, and says so in its log', async () => {
    await seedPipelineStore(store());
    await store().libraries.replace('1', [100, 550].map(entry));
    const before = await store().games.count();
    const run = await runPipeline(
      { store: store(), artifacts: temp.artifacts, settings: smallSettings(), steam: steamClient([]) },
      { only: 'ingest' },
    );
    const ingest = run.tasks.find((t) => t.task === 'ingest');
    expect(ingest?.status).toBe('succeeded');
    expect(ingest?.logTail).toMatch(/store details: 1 owned appids missing from the catalog, 1 added/);
    expect(ingest?.metrics).toMatchObject({ storeGamesAdded: 1, games: before + 1 });
    expect(await store().games.get(550)).toMatchObject({ name: 'Left 4 Dead 2' });
  });
});
