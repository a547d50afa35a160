import type { SamplePlayer } from '../api/api-client.ts';
import type { FakeApiClient, FakeGame } from './fake-api-client.ts';

export const SAMPLE_GAMES: FakeGame[] = [
  { appid: 570, name: 'Dota 2', price: 0, modes: ['online_pvp'] },
  { appid: 550, name: 'Left 4 Dead 2', price: 7.19, modes: ['online_coop', 'local_coop', 'split_screen'] },
  { appid: 620, name: 'Portal 2', price: 7.19, modes: ['online_coop', 'local_coop'] },
  { appid: 105600, name: 'Terraria', price: 6.99, modes: ['online_coop', 'lan'] },
  { appid: 440, name: 'Team Fortress 2', price: 0, modes: ['online_pvp'] },
];

/** Fills a fake server with sample players whose libraries overlap: everyone owns Dota 2, nobody Terraria. */
export function seedSamplePlayers(api: FakeApiClient, count = 4): SamplePlayer[] {
  api.games = SAMPLE_GAMES;
  const players: SamplePlayer[] = [];
  for (let i = 1; i <= count; i++) {
    const id = String(1000 + i);
    const library = new Map<number, number>([[570, 600 * i]]);
    if (i % 2 === 0) library.set(550, 90);
    if (i % 3 === 0) library.set(620, 30);
    api.libraries.set(`sample:${id}`, library);
    players.push({
      id,
      gameCount: library.size,
      topGames: [...library].map(([appid, minutes]) => ({
        appid,
        name: SAMPLE_GAMES.find((g) => g.appid === appid)?.name ?? `App ${appid}`,
        hours: minutes / 60,
      })),
    });
  }
  api.samples = players;
  return players;
}
