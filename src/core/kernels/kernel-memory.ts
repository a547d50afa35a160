import { SIMD_KERNELS_BASE64 } from './simd-kernels.generated.ts';

/** The exports of simd-kernels.wat; every pointer is a byte offset into the memory they run over. */
export interface SimdKernels {
  sparseDots4(
    indptr: number,
    indices: number,
    data: number,
    rows: number,
    profile: number,
    scales: number,
    out: number,
  ): void;
  sparseDots8(
    indptr: number,
    indices: number,
    data: number,
    rows: number,
    profile: number,
    scales: number,
    out: number,
  ): void;
  denseRowSums(b: number, n: number, rows: number, weights: number, count: number, out: number): void;
  /** Least and greatest finite scores into range[0..1]; returns the index of the first NaN, or −1. */
  finiteRange(scores: number, n: number, range: number): number;
  percentileBins(
    scores: number,
    n: number,
    lo: number,
    scale: number,
    top: number,
    binOf: number,
    counts: number,
    stride: number,
  ): void;
  percentilesAll(
    scores: number,
    n: number,
    lo: number,
    scale: number,
    inv: number,
    binOf: number,
    counts: number,
    out: number,
  ): void;
  /** Returns the first p whose position is not one of the n scores, or −1. */
  percentilesAt(
    scores: number,
    n: number,
    at: number,
    m: number,
    lo: number,
    scale: number,
    inv: number,
    binOf: number,
    counts: number,
    out: number,
  ): number;
  /** Returns the first i with a NaN score, or −1. */
  radixRanks(
    scores: number,
    n: number,
    keys: number,
    order: number,
    spareKeys: number,
    spareOrder: number,
    counts: number,
    out: number,
  ): number;
  /** Returns how many positions (written at `low`) were left for the caller to finish. */
  logRankFits(values: number, m: number, last: number, scale: number, table: number, low: number): number;
  /** The content percentile of each pool game blended with its CF percentile (pool-fits.ts). */
  blendAt(
    scores: number,
    at: number,
    m: number,
    lo: number,
    scale: number,
    inv: number,
    binOf: number,
    counts: number,
    flat: number,
    cfOf: number,
    cfPct: number,
    weight: number,
    unknown: number,
    rest: number,
    out: number,
  ): void;
  /** blendAt two positions at a time (not for flat scores; an odd last position is left to blendAt). */
  blendAt2(
    scores: number,
    at: number,
    m: number,
    lo: number,
    scale: number,
    inv: number,
    binOf: number,
    counts: number,
    cfOf: number,
    cfPct: number,
    weight: number,
    unknown: number,
    rest: number,
    out: number,
  ): void;
  /** Percentiles at the positions turned into log-rank fits; returns how many were left at `low`. */
  fitsAt(
    scores: number,
    at: number,
    m: number,
    lo: number,
    scale: number,
    inv: number,
    binOf: number,
    counts: number,
    last: number,
    logScale: number,
    table: number,
    low: number,
    out: number,
  ): number;
  /** Bounds on the fits of each pool-histogram bin (pool-fits.ts). */
  binFitBounds(
    counts: number,
    bins: number,
    inv: number,
    last: number,
    logScale: number,
    table: number,
    eps: number,
    hi: number,
    lo: number,
  ): void;
  /** Bounds on each position's mean fit: upper into ub, lower counted in a 1,024-bin histogram. */
  meanBounds(
    members: number,
    binOf: number,
    hi: number,
    lo: number,
    memberBytes: number,
    boundBytes: number,
    at: number,
    m: number,
    inv: number,
    ub: number,
    lbCounts: number,
  ): void;
  /** f64 dot products of listed rows with 8 interleaved dense targets (Content's explanations). */
  rowDots(
    indptr: number,
    indices: number,
    data: number,
    rows: number,
    count: number,
    profile: number,
    out: number,
  ): void;
  /** The first of m positions outside 0 … n − 1, or −1. */
  firstOutside(at: number, m: number, n: number): number;
  /** The positions whose upper bound reaches the threshold; returns how many. */
  atLeast(ub: number, m: number, threshold: number, at: number, picked: number, pickedAt: number): number;
}

// The part of the WebAssembly global used here (the project's TypeScript libs do not declare it).
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}

const PAGE_BYTES = 65536;
/** Regions past 2 GiB would need unsigned pointer care in the kernels: such a model keeps the JS kernels. */
const MAX_BYTES = 2 ** 31;

// Compiled on first use; null when this engine has no WebAssembly or no SIMD. Validating the kernels
// themselves is the feature test: an engine without SIMD rejects their v128 instructions.
let compiled: object | null | undefined;

function kernelsModule(): { api: WasmApi; module: object } | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (compiled === undefined) {
    const bytes = Uint8Array.from(atob(SIMD_KERNELS_BASE64), (c) => c.charCodeAt(0));
    compiled = api !== undefined && api.validate(bytes) ? new api.Module(bytes) : null;
  }
  return compiled === null || api === undefined ? null : { api, module: compiled };
}

/**
 * A WebAssembly memory of its own with an instance of the SIMD kernels over it, laid out once: each owner
 * (one model's kernels) asks for all its regions up front, so the memory never grows and typed-array views
 * of it stay valid for its whole life (growing would detach them). It is freed with its owner, by the
 * garbage collector: two models alive at once (a hot swap) never share or overwrite each other's data.
 */
export class KernelMemory {
  readonly kernels: SimdKernels;
  /** offsets[k]: the byte offset of region k, 16-byte aligned. */
  readonly offsets: readonly number[];
  readonly #buffer: ArrayBuffer;

  private constructor(kernels: SimdKernels, buffer: ArrayBuffer, offsets: number[]) {
    this.kernels = kernels;
    this.#buffer = buffer;
    this.offsets = offsets;
  }

  /** True when this engine runs the SIMD kernels. */
  static available(): boolean {
    return kernelsModule() !== null;
  }

  /**
   * A memory holding regions of the given byte lengths, or undefined when the kernels cannot run here (no
   * WebAssembly SIMD, more than 2 GiB asked, or the engine refuses the memory): the caller then uses its
   * JavaScript kernels.
   */
  static create(regionBytes: readonly number[]): KernelMemory | undefined {
    const found = kernelsModule();
    if (found === null) return undefined;
    const offsets: number[] = [];
    let end = 0;
    for (const bytes of regionBytes) {
      if (!(Number.isInteger(bytes) && bytes >= 0)) throw new RangeError(`region of ${bytes} bytes`);
      offsets.push(end);
      end += Math.ceil(bytes / 16) * 16;
    }
    if (end > MAX_BYTES) return undefined;
    const pages = Math.max(1, Math.ceil(end / PAGE_BYTES));
    let memory: { buffer: ArrayBuffer };
    try {
      memory = new found.api.Memory({ initial: pages, maximum: pages });
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
    const instance = new found.api.Instance(found.module, { env: { memory } });
    return new KernelMemory(instance.exports as SimdKernels, memory.buffer, offsets);
  }

  /** A Float32Array over region `region`, starting `from` floats in. */
  float32(region: number, length: number, from = 0): Float32Array {
    return new Float32Array(this.#buffer, this.offset(region) + from * 4, length);
  }

  int32(region: number, length: number, from = 0): Int32Array {
    return new Int32Array(this.#buffer, this.offset(region) + from * 4, length);
  }

  float64(region: number, length: number): Float64Array {
    return new Float64Array(this.#buffer, this.offset(region), length);
  }

  /** The byte offset of region `region`: the pointer a kernel takes. */
  offset(region: number): number {
    const offset = this.offsets[region];
    if (offset === undefined) throw new RangeError(`no region ${region}`);
    return offset;
  }
}
