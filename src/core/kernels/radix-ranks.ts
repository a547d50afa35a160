import { KernelMemory } from './kernel-memory.ts';

const SCORES = 0;
const KEYS = 1;
const ORDER = 2;
const SPARE_KEYS = 3;
const SPARE_ORDER = 4;
const COUNTS = 5;
const OUT = 6;

/**
 * The exact rank percentiles of rank-percentiles.ts (rankPercentilesInto's radix sort) in WebAssembly: the
 * same steps and the same f64 arithmetic, so every output float is identical to the JavaScript form's
 * (~2× faster for the ~2,000 CF scores a group member's request ranks, copies in and out included). Scores
 * and results are copied through a memory of the kernel's own.
 */
export class RadixRanks {
  readonly #memory: KernelMemory;
  readonly #capacity: number;

  private constructor(memory: KernelMemory, capacity: number) {
    this.#memory = memory;
    this.#capacity = capacity;
  }

  /**
   * The kernel, able to rank n scores, or undefined where this engine cannot run it (the caller then ranks
   * in JavaScript). One instance is kept, replaced by a larger one as larger inputs come; nothing here calls
   * out while using it.
   */
  static forSize(n: number): RadixRanks | undefined {
    if (!KernelMemory.available()) return undefined;
    const held = shared;
    if (held !== undefined && n <= held.#capacity) return held;
    // A quarter more than asked, so slowly growing inputs do not re-create the memory on each call.
    const capacity = Math.max(held === undefined ? 0 : held.#capacity, Math.ceil(n * 1.25));
    const bytes = capacity * 4;
    const memory = KernelMemory.create([bytes, bytes, bytes, bytes, bytes, 4 * 256 * 4, bytes]);
    if (memory === undefined) return undefined;
    shared = new RadixRanks(memory, capacity);
    return shared;
  }

  /**
   * out[i] = the rank percentile of scores[i] (2 ≤ n ≤ the capacity asked for; out may be scores itself).
   * Returns the first i with scores[i] NaN, out then untouched, or −1.
   */
  ranksInto(scores: Float32Array, out: Float32Array): number {
    const n = scores.length;
    if (n < 2 || n > this.#capacity) throw new RangeError(`${n} scores for a kernel of ${this.#capacity}`);
    if (out.length !== n) throw new RangeError('scores and out differ in length');
    this.#memory.float32(SCORES, n).set(scores);
    const memory = this.#memory;
    const at = (region: number): number => memory.offset(region);
    const nan = memory.kernels.radixRanks(
      at(SCORES),
      n,
      at(KEYS),
      at(ORDER),
      at(SPARE_KEYS),
      at(SPARE_ORDER),
      at(COUNTS),
      at(OUT),
    );
    if (nan < 0) out.set(this.#memory.float32(OUT, n));
    return nan;
  }
}

let shared: RadixRanks | undefined;
