import type { Command } from 'commander';
import { MODE_LABELS, type Game } from '../../catalog/game.ts';
import { CoplayError } from '../../errors.ts';
import { withStore } from '../cli-context.ts';
import { runAction } from '../run-action.ts';

function orUnknown(value: string | number | null | undefined): string {
  return value === null || value === undefined ? 'unknown' : String(value);
}

/** A catalog entry as a block of `label: value` lines. */
export function formatGame(game: Game): string {
  const { limits } = game.multiplayer;
  const limitText = [
    ['online', limits.online],
    ['local', limits.local],
    ['LAN', limits.lan],
    ['split screen', limits.splitScreen],
  ]
    .filter(([, n]) => n !== null)
    .map(([label, n]) => `${label} ${n}`)
    .join(', ');
  const lines: [string, string][] = [
    ['appid', String(game.appid)],
    ['name', game.name],
    ['released', orUnknown(game.releaseDate)],
    ['developers', game.developers.join(', ') || 'unknown'],
    ['publishers', game.publishers.join(', ') || 'unknown'],
    ['platforms', game.platforms ? game.platforms.join(', ') : 'unknown'],
    [
      'price',
      game.priceGbp === null ? 'unknown' : game.priceGbp === 0 ? 'free' : `£${game.priceGbp.toFixed(2)}`,
    ],
    ['required age', orUnknown(game.requiredAge)],
    ['genres', game.genres.join(', ') || 'none listed'],
    ['tags', game.tags.join(', ') || 'none listed'],
    [
      'reviews',
      game.positiveRatings === null
        ? 'unknown'
        : `${game.positiveRatings} positive, ${game.negativeRatings} negative`,
    ],
    ['multiplayer', game.multiplayer.isMultiplayer ? 'yes' : 'no'],
    ['modes', game.multiplayer.modes.map((m) => `${m} (${MODE_LABELS[m]})`).join(', ') || 'none known'],
    ['player limits', limitText || 'unknown'],
    [
      'drop-in/drop-out',
      orUnknown(
        game.multiplayer.limits.dropInDropOut === null
          ? null
          : game.multiplayer.limits.dropInDropOut
            ? 'yes'
            : 'no',
      ),
    ],
    ['sources', game.sources.join(', ')],
  ];
  return lines.map(([label, value]) => `${label.padEnd(18)}${value}`).join('\n');
}

export function registerGamesCommand(program: Command): void {
  const games = program.command('games').description('Look up games in the catalog');
  games
    .command('search')
    .description('Find games whose name contains the text')
    .argument('<text...>', 'words of the name')
    .option('-n, --limit <n>', 'how many results', '20')
    .action(
      runAction(async (words: string[], options: { limit: string }) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
          throw new CoplayError('INVALID_INPUT', '--limit must be a whole number from 1 to 500');
        }
        const found = await withStore((store) => store.games.search(words.join(' '), limit));
        if (found.length === 0) process.stdout.write('no games found\n');
        for (const game of found) {
          const modes = game.multiplayer.modes.join(',') || '-';
          process.stdout.write(`${String(game.appid).padStart(8)}  ${game.name}  [${modes}]\n`);
        }
      }),
    );
  games
    .command('show')
    .description('Print one catalog entry')
    .argument('<appid>', 'Steam appid, e.g. 550')
    .action(
      runAction(async (appidText: string) => {
        const appid = Number(appidText);
        if (!Number.isInteger(appid) || appid <= 0) {
          throw new CoplayError('INVALID_INPUT', `"${appidText}" is not an appid (a positive whole number)`);
        }
        const game = await withStore((store) => store.games.get(appid));
        if (!game)
          throw new CoplayError('GAME_NOT_FOUND', `no game with appid ${appid}; run "coplay import" first?`);
        process.stdout.write(`${formatGame(game)}\n`);
      }),
    );
}
