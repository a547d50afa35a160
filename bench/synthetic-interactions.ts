import { Random } from '../src/core/random.ts';

/**
 * Synthetic Steam-like playtime data for benchmarks: user activity is log-normal (many one-game users, a
 * long tail of collectors; σ = 1.5 gives ~30% of users below 2 games and a maximum near 1,000 at 10k users,
 * like the bundled steam-200k set), item popularity is Zipf (s = 1), and each user leans towards one of 20
 * taste groups so that factor models have structure to find. Values are hours played (log-normal).
 */

/** Parameters of the generator. */
export interface SyntheticOptions {
  readonly users: number;
  readonly items: number;
  /** Target mean of games per user (before de-duplication; the realised mean is a little lower). */
  readonly meanPerUser: number;
  readonly seed: number;
}

/** (user, item, hours) triples in parallel typed arrays, at most one per (user, item) pair. */
export interface SyntheticInteractions {
  readonly users: number;
  readonly items: number;
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly hours: Float32Array;
}

const GROUPS = 20;
const IN_GROUP = 0.6;

/** Generates interactions; memory is 12 bytes per pair plus O(items). */
export function syntheticPowerLaw(options: SyntheticOptions): SyntheticInteractions {
  const { users, items, meanPerUser, seed } = options;
  const random = new Random(seed);
  const sigma = 1.5;
  const mu = Math.log(meanPerUser) - (sigma * sigma) / 2;
  const cap = Math.max(1, Math.min(Math.floor(items / 2), 5000));
  const counts = new Int32Array(users);
  let total = 0;
  for (let u = 0; u < users; u++) {
    counts[u] = Math.min(cap, Math.max(1, Math.round(Math.exp(mu + sigma * random.normal()))));
    total += counts[u];
  }
  // Global Zipf over all items, and a Zipf over each group's items (item i is in group i mod GROUPS).
  const global = zipfCumulative(items);
  const perGroup = zipfCumulative(Math.ceil(items / GROUPS));
  const rows = new Int32Array(total);
  const cols = new Int32Array(total);
  const hours = new Float32Array(total);
  const seen = new Int32Array(items).fill(-1);
  let at = 0;
  for (let u = 0; u < users; u++) {
    const group = random.nextInt(GROUPS);
    const groupSize = Math.floor((items - 1 - group) / GROUPS) + 1;
    for (let t = 0; t < counts[u]; t++) {
      let item = -1;
      // Retry duplicates a few times; a user whose draws keep colliding simply ends up with fewer games.
      for (let attempt = 0; attempt < 8 && item < 0; attempt++) {
        const candidate =
          random.next() < IN_GROUP && groupSize > 0
            ? group + GROUPS * Math.min(groupSize - 1, sample(perGroup, random.next()))
            : sample(global, random.next());
        if (seen[candidate] !== u) item = candidate;
      }
      if (item < 0) continue;
      seen[item] = u;
      rows[at] = u;
      cols[at] = item;
      hours[at] = Math.exp(1.5 + 1.8 * random.normal());
      at++;
    }
  }
  return { users, items, rows: rows.slice(0, at), cols: cols.slice(0, at), hours: hours.slice(0, at) };
}

function zipfCumulative(n: number): Float64Array {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1);
    cumulative[i] = sum;
  }
  for (let i = 0; i < n; i++) cumulative[i] /= sum;
  return cumulative;
}

/** The first index whose cumulative probability exceeds u (binary search). */
function sample(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
