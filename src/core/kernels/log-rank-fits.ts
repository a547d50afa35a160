import { KernelMemory } from './kernel-memory.ts';

const VALUES = 0;
const TABLE = 1;
const LOW = 2;

/**
 * The log-rank pass of normalise-fits.ts in WebAssembly: percentiles turned into fits with the same f64
 * arithmetic in the same order, so the same floats, except the ranks the JavaScript takes Math.log1p of
 * (below 512: WebAssembly has no log1p), which it hands back for the caller to finish. Values are copied
 * through a memory of the kernel's own, with the log1p table for the last pool size.
 */
export class LogRankFits {
  readonly #memory: KernelMemory;
  readonly #capacity: number;
  readonly #tableCapacity: number;
  /** The table now in the memory (the caller's array, which it keeps for a pool size), or none. */
  #table: Float64Array | undefined;

  private constructor(memory: KernelMemory, capacity: number, tableCapacity: number) {
    this.#memory = memory;
    this.#capacity = capacity;
    this.#tableCapacity = tableCapacity;
  }

  /**
   * The kernel, able to take m values and a table of `tableLength` entries, or undefined where this engine
   * cannot run it. One instance is kept, replaced by a larger one as larger inputs come; nothing here calls
   * out while using it.
   */
  static forSizes(m: number, tableLength: number): LogRankFits | undefined {
    if (!KernelMemory.available()) return undefined;
    const held = shared;
    if (held !== undefined && m <= held.#capacity && tableLength <= held.#tableCapacity) return held;
    const capacity = Math.max(held === undefined ? 0 : held.#capacity, Math.ceil(m * 1.25));
    const tableCapacity = Math.max(
      held === undefined ? 0 : held.#tableCapacity,
      Math.ceil(tableLength * 1.25),
    );
    const memory = KernelMemory.create([capacity * 4, tableCapacity * 8, capacity * 4]);
    if (memory === undefined) return undefined;
    shared = new LogRankFits(memory, capacity, tableCapacity);
    return shared;
  }

  /**
   * Turns the percentiles in values into fits for pool size last + 1, where table[r] = log1p(r) for
   * r = 0 … last + 1 (the caller keeps the same array for the same pool size: it is copied in when it
   * changes). Returns the positions left as percentiles (a view of scratch, valid until the next call).
   */
  fitsInto(values: Float32Array, last: number, scale: number, table: Float64Array): Int32Array {
    const m = values.length;
    if (m > this.#capacity || table.length > this.#tableCapacity || table.length < last + 2)
      throw new RangeError(`${m} values and a table of ${table.length} for a kernel of ${this.#capacity}`);
    if (this.#table !== table) {
      this.#memory.float64(TABLE, table.length).set(table);
      this.#table = table;
    }
    const inMemory = this.#memory.float32(VALUES, m);
    inMemory.set(values);
    const memory = this.#memory;
    const count = memory.kernels.logRankFits(
      memory.offset(VALUES),
      m,
      last,
      scale,
      memory.offset(TABLE),
      memory.offset(LOW),
    );
    values.set(inMemory);
    return this.#memory.int32(LOW, count);
  }
}

let shared: LogRankFits | undefined;
