/**
 * Partial selection of the best-scoring indices in O(n log k): a size-k min-heap kept in the caller's
 * output buffer, then heap-sorted best first. Ties go to the lower index so results are deterministic.
 * NaN and −Infinity scores mean "cannot be ranked" and are never selected.
 */

/** Indices to leave out: a mask (mask[i] !== 0 excludes i) or a set of indices. */
export type Exclusion = Uint8Array | ReadonlySet<number>;

/** Writes the indices of the k highest scores (best first) into out and returns how many were written. */
export function topKInto(
  scores: Float32Array | Float64Array,
  k: number,
  out: Int32Array,
  exclude?: Exclusion,
): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  if (out.length < k) throw new RangeError(`output holds ${out.length} indices, k is ${k}`);
  const mask = exclude instanceof Uint8Array ? exclude : undefined;
  const set = exclude instanceof Uint8Array ? undefined : exclude;
  let size = 0;
  if (k === 0) return 0;
  // The heap's worst score, kept in a local once the heap is full: most scores lose to it, and reading it
  // through out[0] for every score cost about half of the scan.
  let threshold = Infinity;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (size === k && !(v > threshold)) continue;
    if (!(v > -Infinity)) continue;
    if (mask !== undefined && i < mask.length && mask[i] !== 0) continue;
    if (set !== undefined && set.has(i)) continue;
    if (size < k) {
      out[size] = i;
      siftUp(scores, out, size);
      size++;
      if (size === k) threshold = scores[out[0]];
    } else {
      // Equal scores keep the incumbent (skipped above): it has the lower index because indices arrive in order.
      out[0] = i;
      siftDown(scores, out, 0, size);
      threshold = scores[out[0]];
    }
  }
  for (let end = size - 1; end > 0; end--) {
    const worst = out[0];
    out[0] = out[end];
    out[end] = worst;
    siftDown(scores, out, 0, end);
  }
  return size;
}

/** The indices of the k highest scores, best first (fewer if fewer are rankable and not excluded). */
export function topK(scores: Float32Array | Float64Array, k: number, exclude?: Exclusion): Int32Array {
  const out = new Int32Array(Math.min(k, scores.length));
  const count = topKInto(scores, Math.min(k, scores.length), out, exclude);
  return out.subarray(0, count);
}

/** a ranks below b: lower score, or the same score and a higher index. */
function worse(scores: Float32Array | Float64Array, a: number, b: number): boolean {
  const sa = scores[a];
  const sb = scores[b];
  return sa < sb || (sa === sb && a > b);
}

function siftUp(scores: Float32Array | Float64Array, heap: Int32Array, at: number): void {
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!worse(scores, heap[child], heap[parent])) break;
    const t = heap[child];
    heap[child] = heap[parent];
    heap[parent] = t;
    child = parent;
  }
}

function siftDown(scores: Float32Array | Float64Array, heap: Int32Array, at: number, size: number): void {
  let parent = at;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= size) return;
    const right = left + 1;
    const child = right < size && worse(scores, heap[right], heap[left]) ? right : left;
    if (!worse(scores, heap[child], heap[parent])) return;
    const t = heap[child];
    heap[child] = heap[parent];
    heap[parent] = t;
    parent = child;
  }
}
