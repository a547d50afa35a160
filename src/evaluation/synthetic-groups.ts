import { Random } from '../core/random.ts';

/** How a synthetic group is drawn: uniformly at random, or around one user's taste. */
export const GROUP_KINDS = ['random', 'taste-similar'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** A group of test users, by their index in the user list given to buildSyntheticGroups. */
export interface SyntheticGroup {
  readonly kind: GroupKind;
  readonly size: number;
  readonly members: number[];
}

export interface SyntheticGroupOptions {
  readonly seed: number;
  /** Group sizes to draw; default 2–8 (Coplay's supported range). */
  readonly sizes?: readonly number[];
  readonly groupsPerSize: number;
  readonly kinds?: readonly GroupKind[];
}

/**
 * Draws `groupsPerSize` groups of every size and kind from users known by their (fold-in) libraries.
 *
 * - random: `size` distinct users drawn uniformly — friends with unrelated tastes, the hard case.
 * - taste-similar: one user drawn uniformly, plus the size − 1 other users most similar to them by the
 *   cosine of binary library vectors, |A ∩ B| / √(|A|·|B|) (ties to the lower index) — a group of friends
 *   who already play alike. Cosine rather than Jaccard so a collector's huge library does not make them
 *   everyone's nearest neighbour.
 *
 * Deterministic for a seed; members within a group are distinct and listed in draw order.
 */
export function buildSyntheticGroups(
  libraries: readonly (readonly number[])[],
  options: SyntheticGroupOptions,
): SyntheticGroup[] {
  const { seed, sizes = [2, 3, 4, 5, 6, 7, 8], groupsPerSize, kinds = GROUP_KINDS } = options;
  const users = libraries.length;
  if (!Number.isInteger(groupsPerSize) || groupsPerSize < 1)
    throw new RangeError(`groupsPerSize must be an integer ≥ 1, got ${groupsPerSize}`);
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`group size must be an integer ≥ 1, got ${size}`);
    if (size > users) throw new RangeError(`cannot draw groups of ${size} from ${users} users`);
  }
  const random = new Random(seed);
  const similarity = kinds.includes('taste-similar') ? new LibrarySimilarity(libraries) : undefined;
  const everyone = Array.from({ length: users }, (_, u) => u);
  const groups: SyntheticGroup[] = [];
  for (const kind of kinds) {
    for (const size of sizes) {
      for (let g = 0; g < groupsPerSize; g++) {
        if (kind === 'random') {
          // A partial Fisher–Yates over a fresh copy: the first `size` entries are a uniform draw.
          const pool = everyone.slice();
          for (let i = 0; i < size; i++) {
            const j = i + random.nextInt(users - i);
            [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
          }
          groups.push({ kind, size, members: pool.slice(0, size) });
        } else {
          const anchor = random.nextInt(users);
          const nearest = (similarity as LibrarySimilarity).nearest(anchor, size - 1);
          groups.push({ kind, size, members: [anchor, ...nearest] });
        }
      }
    }
  }
  return groups;
}

/** Cosine similarity of binary library vectors, with an inverted index so one query costs Σ item degrees. */
export class LibrarySimilarity {
  readonly #libraries: (readonly number[])[];
  readonly #usersOf = new Map<number, number[]>();

  constructor(libraries: readonly (readonly number[])[]) {
    this.#libraries = libraries.map((library) => [...new Set(library)]);
    this.#libraries.forEach((library, u) => {
      for (const appid of library) {
        let list = this.#usersOf.get(appid);
        if (!list) this.#usersOf.set(appid, (list = []));
        list.push(u);
      }
    });
  }

  /** cos(a, b) in [0, 1]; 0 when either library is empty. */
  between(a: number, b: number): number {
    const la = this.#libraries[a] as number[];
    const lb = new Set(this.#libraries[b]);
    if (la.length === 0 || lb.size === 0) return 0;
    let shared = 0;
    for (const appid of la) if (lb.has(appid)) shared++;
    return shared / Math.sqrt(la.length * lb.size);
  }

  /** The `count` users most similar to `user` (never `user` itself), most similar first. */
  nearest(user: number, count: number): number[] {
    const shared = new Map<number, number>();
    for (const appid of this.#libraries[user] as number[]) {
      for (const other of this.#usersOf.get(appid) as number[])
        if (other !== user) shared.set(other, (shared.get(other) ?? 0) + 1);
    }
    const size = (this.#libraries[user] as number[]).length;
    const ranked = [...shared].map(([other, n]) => ({
      other,
      sim: n / Math.sqrt(size * (this.#libraries[other] as number[]).length),
    }));
    ranked.sort((x, y) => y.sim - x.sim || x.other - y.other);
    const picked = ranked.slice(0, count).map((r) => r.other);
    // Users sharing nothing with `user` fill the group in index order, so every group reaches its size.
    for (let other = 0; picked.length < count && other < this.#libraries.length; other++) {
      if (other !== user && !shared.has(other)) picked.push(other);
    }
    return picked;
  }

  /** Mean cosine over all member pairs (1 for a single member). */
  meanPairwise(members: readonly number[]): number {
    if (members.length < 2) return 1;
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        sum += this.between(members[i] as number, members[j] as number);
        pairs++;
      }
    }
    return sum / pairs;
  }
}
