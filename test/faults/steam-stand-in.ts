import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const fixture = (name: string) =>
  readFileSync(new URL(`../../src/steam/__fixtures__/${name}.json`, import.meta.url), 'utf8');

/** How the stand-in answers: like Steam, or like Steam having a bad day. */
export type SteamMode = 'ok' | 'rate-limited' | 'server-error' | 'hanging';

/** A local HTTP server speaking the Steam Web API's protocol, for STEAM_API_BASE_URL. */
export interface SteamStandIn {
  readonly baseUrl: string;
  mode: SteamMode;
  /** Requests answered (or left hanging) per mode. */
  readonly requests: Record<SteamMode, number>;
  close(): Promise<void>;
}

/**
 * Answers GetOwnedGames, GetPlayerSummaries and ResolveVanityURL with the recorded fixtures of
 * src/steam/__fixtures__ (every SteamID owns the recorded library). In "rate-limited" it answers 429 with
 * Retry-After: 1, in "server-error" 500, and in "hanging" it never answers (the client's timeout must fire).
 */
export async function startSteamStandIn(): Promise<SteamStandIn> {
  const requests: Record<SteamMode, number> = { ok: 0, 'rate-limited': 0, 'server-error': 0, hanging: 0 };
  const hanging = new Set<ServerResponse>();
  const standIn = { mode: 'ok' as SteamMode };
  const server = createServer((req, res) => {
    const mode = standIn.mode;
    requests[mode] += 1;
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.searchParams.get('key') === null) return void res.writeHead(401).end('missing key');
    if (mode === 'hanging') {
      hanging.add(res);
      res.once('close', () => hanging.delete(res));
      return;
    }
    if (mode === 'rate-limited')
      return void res.writeHead(429, { 'retry-after': '1' }).end('Too Many Requests');
    if (mode === 'server-error') return void res.writeHead(500).end('Internal Server Error');
    const json = (name: string) =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end(fixture(name));
    if (url.pathname === '/IPlayerService/GetOwnedGames/v1/') return json('owned-games');
    if (url.pathname === '/ISteamUser/GetPlayerSummaries/v2/') return json('player-summaries');
    if (url.pathname === '/ISteamUser/ResolveVanityURL/v1/') return json('resolve-vanity');
    res.writeHead(404).end('Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
