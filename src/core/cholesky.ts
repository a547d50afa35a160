/**
 * Cholesky factorisation A = LLᵀ of symmetric positive definite matrices stored row-major in a
 * Float64Array: the reference solver for the k×k normal equations, and the engine of EASE's n×n inverse.
 *
 * All three O(n³) loops (factor, triangular inverse, LᵀL product) are written as dot products of
 * contiguous row segments and process four rows at once, so each streamed row is read once per four
 * output rows and the four running sums are independent (no add latency chain).
 */

/**
 * Overwrites the lower triangle (diagonal included) of A with L, where A = LLᵀ; only the lower triangle of
 * A is read and the strict upper triangle is left untouched. Throws RangeError if A is not positive definite.
 */
export function choleskyInPlace(A: Float64Array, n: number): void {
  checkSquare(A, n);
  const invDiag = new Float64Array(n);
  factorLower(A, n, invDiag);
}

/** Solves LLᵀx = b for the factor L from choleskyInPlace, overwriting b with x. */
export function choleskySolveInPlace(L: Float64Array, n: number, b: Float64Array): void {
  checkSquare(L, n);
  if (b.length < n) throw new RangeError(`right-hand side has ${b.length} entries, needs ${n}`);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[row + k] * b[k];
    b[i] = s / L[row + i];
  }
  // Back substitution with Lᵀ in axpy form, so it walks rows of L instead of columns.
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    const xi = b[i] / L[row + i];
    b[i] = xi;
    for (let k = 0; k < i; k++) b[k] -= L[row + k] * xi;
  }
}

/**
 * Replaces the symmetric positive definite A (lower triangle read) by its inverse, full and symmetric:
 * A = LLᵀ, T = L⁻ᵀ (upper triangle), A⁻¹ = TTᵀ. Throws RangeError if A is not positive definite.
 */
export function invertSpdInPlace(A: Float64Array, n: number): void {
  checkSquare(A, n);
  const invDiag = new Float64Array(n);
  factorLower(A, n, invDiag);
  invertFactorToUpper(A, n, invDiag);
  multiplyUpperByTranspose(A, n);
}

function checkSquare(A: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 0 || A.length < n * n) {
    throw new RangeError(`expected a ${n}x${n} matrix, got ${A.length} entries`);
  }
}

function notPositiveDefinite(i: number, pivot: number): RangeError {
  return new RangeError(`matrix is not positive definite (pivot ${i} is ${pivot})`);
}

/**
 * The shared inner kernel: the eight dot products of rows r0..r3 with rows ra and rb of A over columns
 * [from, to), into out[0..3] (with ra) and out[4..7] (with rb). Two streamed rows per pass keep eight
 * independent sums in registers: measured ~1.5x faster here than one streamed row at a time.
 */
function dot4x2(
  A: Float64Array,
  r0: number,
  r1: number,
  r2: number,
  r3: number,
  ra: number,
  rb: number,
  from: number,
  to: number,
  out: Float64Array,
): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let k = from; k < to; k++) {
    const va = A[ra + k];
    const vb = A[rb + k];
    const x0 = A[r0 + k];
    const x1 = A[r1 + k];
    const x2 = A[r2 + k];
    const x3 = A[r3 + k];
    a0 += x0 * va;
    a1 += x1 * va;
    a2 += x2 * va;
    a3 += x3 * va;
    b0 += x0 * vb;
    b1 += x1 * vb;
    b2 += x2 * vb;
    b3 += x3 * vb;
  }
  out[0] = a0;
  out[1] = a1;
  out[2] = a2;
  out[3] = a3;
  out[4] = b0;
  out[5] = b1;
  out[6] = b2;
  out[7] = b3;
}

/** Row offsets of a block of up to four rows; missing rows alias row i0 (their results are never written). */
function blockRows(i0: number, nb: number, n: number, rows: Int32Array): void {
  const r0 = i0 * n;
  rows[0] = r0;
  rows[1] = nb > 1 ? r0 + n : r0;
  rows[2] = nb > 2 ? r0 + 2 * n : r0;
  rows[3] = nb > 3 ? r0 + 3 * n : r0;
}

/** L[i][j] = (A[i][j] − Σ_{k<j} L[i][k]·L[j][k]) / L[j][j]; invDiag[j] = 1 / L[j][j]. */
function factorLower(A: Float64Array, n: number, invDiag: Float64Array): void {
  const rows = new Int32Array(4);
  const s = new Float64Array(8);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const nb = Math.min(4, n - i0);
    blockRows(i0, nb, n, rows);
    for (let j = 0; j < i0; j += 2) {
      const pair = j + 1 < i0;
      const ra = j * n;
      const rb = pair ? ra + n : ra;
      dot4x2(A, rows[0], rows[1], rows[2], rows[3], ra, rb, 0, j, s);
      for (let t = 0; t < nb; t++) {
        const rt = rows[t];
        const lj = (A[rt + j] - s[t]) * invDiag[j];
        A[rt + j] = lj;
        // Row j+1's sum also needs the k = j term, which uses the entry just computed.
        if (pair) A[rt + j + 1] = (A[rt + j + 1] - s[4 + t] - lj * A[rb + j]) * invDiag[j + 1];
      }
    }
    for (let i = i0; i < i0 + nb; i++) {
      const ri = i * n;
      for (let j = i0; j <= i; j++) {
        const rj = j * n;
        let v = A[ri + j];
        for (let k = 0; k < j; k++) v -= A[ri + k] * A[rj + k];
        if (j < i) {
          A[ri + j] = v * invDiag[j];
        } else {
          if (!(v > 0)) throw notPositiveDefinite(i, v);
          const d = Math.sqrt(v);
          A[ri + i] = d;
          invDiag[i] = 1 / d;
        }
      }
    }
  }
}

/**
 * With L in the strict lower triangle and 1/L[i][i] in invDiag, writes T = L⁻ᵀ into the upper triangle:
 * T[j][i] = −(Σ_{k=j}^{i−1} L[i][k]·T[j][k]) / L[i][i] for j < i, T[i][i] = 1 / L[i][i].
 */
function invertFactorToUpper(A: Float64Array, n: number, invDiag: Float64Array): void {
  const rows = new Int32Array(4);
  const s = new Float64Array(8);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const nb = Math.min(4, n - i0);
    blockRows(i0, nb, n, rows);
    for (let t = 0; t < nb; t++) A[(i0 + t) * n + i0 + t] = invDiag[i0 + t];
    for (let j = 0; j < i0; j += 2) {
      const pair = j + 1 < i0;
      const ra = j * n;
      const rb = pair ? ra + n : ra;
      // Row j's range starts at k = j, row j+1's at k = j+1: share [j+1, i0), add row j's k = j term.
      dot4x2(A, rows[0], rows[1], rows[2], rows[3], ra, rb, j + 1, i0, s);
      const tjj = A[ra + j];
      for (let t = 0; t < 4; t++) s[t] += A[rows[t] + j] * tjj;
      finishInverseColumn(A, ra, i0, nb, rows, s, 0, invDiag);
      if (pair) finishInverseColumn(A, rb, i0, nb, rows, s, 4, invDiag);
    }
    for (let i = i0 + 1; i < i0 + nb; i++) {
      const ri = i * n;
      for (let j = i0; j < i; j++) {
        const rj = j * n;
        let v = 0;
        for (let k = j; k < i; k++) v += A[ri + k] * A[rj + k];
        A[rj + i] = -v * invDiag[i];
      }
    }
  }
}

/** Terms with k inside the block use the T[j][i0..] entries computed just before, in order. */
function finishInverseColumn(
  A: Float64Array,
  rj: number,
  i0: number,
  nb: number,
  rows: Int32Array,
  s: Float64Array,
  at: number,
  invDiag: Float64Array,
): void {
  for (let t = 0; t < nb; t++) {
    const rt = rows[t];
    let v = s[at + t];
    for (let k = i0; k < i0 + t; k++) v += A[rt + k] * A[rj + k];
    A[rj + i0 + t] = -v * invDiag[i0 + t];
  }
}

/**
 * With T in the upper triangle (diagonal included), overwrites A with TTᵀ: (TTᵀ)[i][j] = Σ_{k≥j} T[i][k]·T[j][k]
 * for j ≥ i. Results go to the dead lower triangle first, the diagonal to a side buffer, then mirror up.
 */
function multiplyUpperByTranspose(A: Float64Array, n: number): void {
  const diag = new Float64Array(n);
  const rows = new Int32Array(4);
  const s = new Float64Array(8);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const nb = Math.min(4, n - i0);
    for (let i = i0; i < i0 + nb; i++) {
      const ri = i * n;
      for (let j = i; j < i0 + nb; j++) {
        const rj = j * n;
        let v = 0;
        for (let k = j; k < n; k++) v += A[ri + k] * A[rj + k];
        if (j === i) diag[i] = v;
        else A[rj + i] = v;
      }
    }
    // A short block is the last one: no rows remain below it.
    if (nb < 4) continue;
    blockRows(i0, nb, n, rows);
    for (let j = i0 + 4; j < n; j += 2) {
      const pair = j + 1 < n;
      const ra = j * n;
      const rb = pair ? ra + n : ra;
      dot4x2(A, rows[0], rows[1], rows[2], rows[3], ra, rb, j + 1, n, s);
      const tjj = A[ra + j];
      for (let t = 0; t < 4; t++) A[ra + i0 + t] = s[t] + A[rows[t] + j] * tjj;
      if (pair) for (let t = 0; t < 4; t++) A[rb + i0 + t] = s[4 + t];
    }
  }
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    A[ri + i] = diag[i];
    for (let j = i + 1; j < n; j++) A[ri + j] = A[j * n + i];
  }
}
