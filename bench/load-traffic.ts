/**
 * The load benchmark's request mix, reproducible from a seed: group recommendations (groups of 2–8 dataset
 * players, given as inline libraries or as sample players, every group a different set of people, with
 * varied strategies, filters and limits), catalog searches with varied terms, and feedback events.
 */
import { Random } from '../src/core/random.ts';

export const KINDS = ['recommend', 'search', 'feedback'] as const;
export type Kind = (typeof KINDS)[number];

export interface TrafficRequest {
  kind: Kind;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** A dataset player with their whole library. */
export interface Player {
  id: string;
  games: { appid: number; playtimeMinutes: number }[];
}

const STRATEGIES = [undefined, 'fair', 'average', 'least_misery', 'average_without_misery'] as const;
/** Filter sets a person would pick on the page; the empty set (the default view) most often. */
const FILTERS: Record<string, unknown>[] = [
  {},
  {},
  {},
  { ownership: 'none' },
  { ownership: 'all' },
  { ownership: 'some' },
  { modes: ['online_coop'] },
  { modes: ['local_coop', 'split_screen'], fitsGroupSize: true },
  { fitsGroupSize: true, maxPriceGbp: 15 },
  { platforms: ['linux'] },
  { freeOnly: true },
  { releaseYearFrom: 2015, minReviewScore: 0.8 },
  { excludeTags: ['Early Access'], ownership: 'none' },
  { hideAdultContent: false, includeTags: ['Co-op'] },
];
const LIMITS = [20, 20, 20, 10, 30, 50];
const FEEDBACK_KINDS = ['liked', 'dismissed', 'played_together'] as const;
/** Terms no game name contains, and non-ASCII ones: a search that finds nothing is traffic too. */
const ODD_TERMS = ['zzqxv', 'ö', 'スター', 'co-op', '2', 'the'];

export class LoadTraffic {
  private readonly random: Random;
  private readonly groupsSeen = new Set<string>();
  private readonly weights: number[];
  private readonly terms: string[];
  /** Recommendation requests by group size, 2 to 8. */
  readonly groupSizes: Record<number, number> = {};

  constructor(
    private readonly players: readonly Player[],
    gameNames: readonly string[],
    private readonly feedbackAppids: readonly number[],
    private readonly modelVersion: string,
    options: { seed: number; mix: readonly [number, number, number] },
  ) {
    if (players.length < 8) throw new Error(`need at least 8 sample players, got ${players.length}`);
    this.random = new Random(options.seed);
    const total = options.mix.reduce((a, b) => a + b, 0);
    this.weights = options.mix.map((w) => w / total);
    const words = gameNames.flatMap((name) => name.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3));
    this.terms = [...new Set(words)];
  }

  /** How many different member sets the recommendations used. */
  get distinctGroups(): number {
    return this.groupsSeen.size;
  }

  next(): TrafficRequest {
    const r = this.random.next();
    if (r < (this.weights[0] as number)) return this.recommendation();
    if (r < (this.weights[0] as number) + (this.weights[1] as number)) return this.search();
    return this.feedback();
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.random.nextInt(items.length)] as T;
  }

  /** `n` different players; for a group (`remember`), a member set not used before (a few retries, then any). */
  private distinctPlayers(n: number, remember: boolean): Player[] {
    let chosen: Player[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const ids = new Set<number>();
      while (ids.size < n) ids.add(this.random.nextInt(this.players.length));
      chosen = [...ids].map((i) => this.players[i] as Player);
      const key = chosen
        .map((p) => p.id)
        .sort()
        .join(',');
      if (!remember) break;
      if (!this.groupsSeen.has(key)) {
        this.groupsSeen.add(key);
        break;
      }
    }
    return chosen;
  }

  private recommendation(): TrafficRequest {
    const size = 2 + this.random.nextInt(7);
    this.groupSizes[size] = (this.groupSizes[size] ?? 0) + 1;
    const members = this.distinctPlayers(size, true).map((player) =>
      // Half the members arrive as pasted libraries, half as sample players the server looks up.
      this.random.next() < 0.5
        ? { name: `Player ${player.id}`, games: player.games }
        : { sampleUser: player.id },
    );
    const strategy = this.pick(STRATEGIES);
    const body = {
      members,
      limit: this.pick(LIMITS),
      filters: this.pick(FILTERS),
      ...(strategy ? { strategy } : {}),
    };
    return { kind: 'recommend', method: 'POST', path: '/api/v1/recommendations', body: JSON.stringify(body) };
  }

  private search(): TrafficRequest {
    let term: string;
    const r = this.random.next();
    if (r < 0.1) term = this.pick(ODD_TERMS);
    else if (r < 0.4) {
      const word = this.pick(this.terms);
      term = word.slice(0, 3 + this.random.nextInt(Math.max(1, word.length - 2)));
    } else if (r < 0.6) term = `${this.pick(this.terms)} ${this.pick(this.terms)}`;
    else term = this.pick(this.terms);
    const limit = this.random.next() < 0.8 ? 20 : 8;
    return {
      kind: 'search',
      method: 'GET',
      path: `/api/v1/games?search=${encodeURIComponent(term)}&limit=${limit}`,
    };
  }

  private feedback(): TrafficRequest {
    const size = 2 + this.random.nextInt(3);
    const members = this.distinctPlayers(size, false).map((p) => ({ sampleUser: p.id }));
    const body = {
      members,
      appid: this.pick(this.feedbackAppids),
      kind: this.pick(FEEDBACK_KINDS),
      modelVersion: this.modelVersion,
    };
    return { kind: 'feedback', method: 'POST', path: '/api/v1/feedback', body: JSON.stringify(body) };
  }
}
