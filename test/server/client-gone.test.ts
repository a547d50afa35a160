import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { recordedSteamClient, steamFixture } from '../fixtures/recorded-steam-client.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

const SLOW_ID = '76561197960287930';

describe('a client that goes away before its recommendations', () => {
  let t: TestApp;
  const sent: string[] = [];
  const aborted: string[] = [];
  beforeAll(async () => {
    // Steam answers summaries at once and hangs on the library until the call is given up.
    const http: HttpGet = (url, { signal }) => {
      const path = new URL(url).pathname;
      sent.push(path);
      if (path.includes('GetPlayerSummaries'))
        return Promise.resolve({ status: 200, headers: {}, body: steamFixture('player-summaries') });
      return new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          aborted.push(path);
          reject(signal.reason);
        }),
      );
    };
    t = await buildTestApp('sqlite', { steam: recordedSteamClient(http, { retries: 0 }) });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => t?.close());

  it('gives up its members’ Steam calls when the connection closes', async () => {
    const { port } = t.app.server.address() as AddressInfo;
    const body = JSON.stringify({ members: [{ steamId: SLOW_ID }, { sampleUser: '2' }] });
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/recommendations',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    request.on('error', () => undefined);
    request.end(body);
    await expect
      .poll(() => sent.some((path) => path.includes('GetOwnedGames')), { timeout: 5_000 })
      .toBe(true);
    expect(aborted).toEqual([]);
    request.destroy();
    await expect.poll(() => aborted, { timeout: 5_000 }).toEqual(['/IPlayerService/GetOwnedGames/v1/']);
  });
});
