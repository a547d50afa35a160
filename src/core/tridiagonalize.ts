/**
 * Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ with Q orthogonal. iALS uses
 * it to change the basis of both factor matrices so that YᵀY becomes tridiagonal: every CG product with
 * YᵀY then costs 3k instead of k², and scores xᵀy and norms ‖x‖ are unchanged by an orthogonal basis change.
 * Unlike an eigendecomposition it needs no iteration: about (2/3)n³ + n³ multiply-adds in all.
 */

/**
 * Reduces the symmetric n×n row-major A (destroyed) to T = QᵀAQ. Writes T's diagonal to diagonal (n),
 * T[i][i+1] to offDiagonal[i] (n; the last entry is 0) and Qᵀ to basis (n×n row-major): a vector x becomes
 * Qᵀx in the new basis, i.e. its i-th new coordinate is (row i of basis)·x.
 */
export function tridiagonalizeInPlace(
  A: Float64Array,
  n: number,
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  basis: Float64Array,
): void {
  if (A.length < n * n || basis.length < n * n || diagonal.length < n || offDiagonal.length < n) {
    throw new RangeError(`tridiagonalizeInPlace needs ${n}x${n} matrices and ${n}-vectors`);
  }
  basis.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) basis[i * n + i] = 1;
  const v = new Float64Array(n);
  const q = new Float64Array(n);
  const w = new Float64Array(n);
  for (let j = 0; j + 2 < n; j++) {
    // Householder vector for x = A[j][j+1..] (= column j below the diagonal): H = I − β·v·vᵀ maps x to α·e₁.
    const first = j + 1;
    const m = n - first;
    let sigma2 = 0;
    for (let i = 0; i < m; i++) {
      const xi = A[j * n + first + i];
      v[i] = xi;
      sigma2 += xi * xi;
    }
    const x0 = v[0];
    const tail2 = sigma2 - x0 * x0;
    if (tail2 === 0) continue; // already tridiagonal in this column: H = I
    const sigma = Math.sqrt(sigma2);
    // α takes the sign opposite to x0 so that v0 = x0 − α adds magnitudes instead of cancelling.
    const alpha = x0 >= 0 ? -sigma : sigma;
    v[0] = x0 - alpha;
    const beta = 2 / (v[0] * v[0] + tail2);

    // Trailing block B ← H·B·H = B − v·qᵀ − q·vᵀ with p = β·B·v, q = p − (β/2)(pᵀv)·v.
    let pv = 0;
    for (let i = 0; i < m; i++) {
      const row = (first + i) * n + first;
      let s = 0;
      for (let l = 0; l < m; l++) s += A[row + l] * v[l];
      q[i] = beta * s;
      pv += q[i] * v[i];
    }
    const half = 0.5 * beta * pv;
    for (let i = 0; i < m; i++) q[i] -= half * v[i];
    for (let i = 0; i < m; i++) {
      const row = (first + i) * n + first;
      const vi = v[i];
      const qi = q[i];
      for (let l = 0; l < m; l++) A[row + l] -= vi * q[l] + qi * v[l];
    }
    A[j * n + first] = alpha;
    A[first * n + j] = alpha;

    // Qᵀ ← H·Qᵀ: only rows first.. change, by −β·v·(vᵀ·Qᵀ[first..]).
    w.fill(0);
    for (let i = 0; i < m; i++) {
      const row = (first + i) * n;
      const vi = v[i];
      for (let c = 0; c < n; c++) w[c] += vi * basis[row + c];
    }
    for (let i = 0; i < m; i++) {
      const row = (first + i) * n;
      const bvi = beta * v[i];
      for (let c = 0; c < n; c++) basis[row + c] -= bvi * w[c];
    }
  }
  for (let i = 0; i < n; i++) {
    diagonal[i] = A[i * n + i];
    offDiagonal[i] = i + 1 < n ? A[i * n + i + 1] : 0;
  }
}
