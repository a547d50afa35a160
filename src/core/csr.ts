/**
 * Compressed sparse row matrix: row r's entries are indices/data[indptr[r] .. indptr[r+1]).
 * Column indices within a row are sorted ascending and unique (builders guarantee it).
 */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float32Array;
}

/** Builds a CSR matrix from (row, col, value) triples; duplicate (row, col) pairs are summed. */
export function csrFromTriples(
  rows: number,
  cols: number,
  rowIdx: ArrayLike<number>,
  colIdx: ArrayLike<number>,
  values: ArrayLike<number>,
): Csr {
  const n = rowIdx.length;
  if (colIdx.length !== n || values.length !== n) throw new RangeError('triple arrays differ in length');
  const counts = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) {
    const r = rowIdx[k] as number;
    const c = colIdx[k] as number;
    if (r < 0 || r >= rows || c < 0 || c >= cols)
      throw new RangeError(`entry (${r}, ${c}) outside ${rows}x${cols}`);
    counts[r + 1]++;
  }
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r];
  const order = new Int32Array(n);
  const cursor = counts.slice(0, rows);
  for (let k = 0; k < n; k++) order[cursor[rowIdx[k] as number]++] = k;

  // Sort each row's entries by column, then merge duplicates.
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(n);
  const data = new Float32Array(n);
  let nnz = 0;
  for (let r = 0; r < rows; r++) {
    const start = counts[r];
    const end = counts[r + 1];
    const slice = Array.from(order.subarray(start, end)).sort(
      (a, b) => (colIdx[a] as number) - (colIdx[b] as number),
    );
    for (const k of slice) {
      const c = colIdx[k] as number;
      if (nnz > indptr[r] && indices[nnz - 1] === c) data[nnz - 1] += values[k] as number;
      else {
        indices[nnz] = c;
        data[nnz] = values[k] as number;
        nnz++;
      }
    }
    indptr[r + 1] = nnz;
  }
  return { rows, cols, indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) };
}

/** The transpose, also in CSR form (i.e. the CSC form of the input). */
export function transposeCsr(m: Csr): Csr {
  const counts = new Int32Array(m.cols + 1);
  for (let k = 0; k < m.indices.length; k++) counts[m.indices[k] + 1]++;
  for (let c = 0; c < m.cols; c++) counts[c + 1] += counts[c];
  const cursor = counts.slice(0, m.cols);
  const indices = new Int32Array(m.indices.length);
  const data = new Float32Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      const at = cursor[m.indices[k]]++;
      indices[at] = r;
      data[at] = m.data[k];
    }
  }
  return { rows: m.cols, cols: m.rows, indptr: counts, indices, data };
}
