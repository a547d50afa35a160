import type { Game } from '../catalog/game.ts';
import { buildCatalogFacts, type CatalogFacts } from './catalog-facts.ts';

/**
 * The model's item columns joined with the catalog: column j of the served model is game `games[j]`.
 * Built once per loaded model; every group request reads it and nothing writes it.
 */
export class CatalogIndex {
  readonly appids: Int32Array;
  readonly games: ReadonlyArray<Game | undefined>;
  readonly columnOf: ReadonlyMap<number, number>;
  /** Columns of multiplayer games, ascending: the pool every group recommendation is drawn from. */
  readonly multiplayerColumns: Int32Array;
  /** Per-column facts the filters read. */
  readonly facts: CatalogFacts;

  constructor(appids: Int32Array, gamesByAppid: ReadonlyMap<number, Game>) {
    this.appids = appids;
    const games: (Game | undefined)[] = [];
    const columnOf = new Map<number, number>();
    const multiplayer: number[] = [];
    for (let column = 0; column < appids.length; column++) {
      const appid = appids[column] as number;
      const game = gamesByAppid.get(appid);
      games.push(game);
      columnOf.set(appid, column);
      if (game?.multiplayer.isMultiplayer) multiplayer.push(column);
    }
    this.games = games;
    this.columnOf = columnOf;
    this.multiplayerColumns = Int32Array.from(multiplayer);
    this.facts = buildCatalogFacts(games);
  }

  get size(): number {
    return this.appids.length;
  }
}
