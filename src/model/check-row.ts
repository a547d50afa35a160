import type { SparseRow } from './recommender.ts';

/** Rejects rows a model cannot read: mismatched lengths, indices outside [0, items), bad confidences. */
export function checkRow(row: SparseRow, items: number): void {
  const { indices, values } = row;
  if (indices.length !== values.length) {
    throw new RangeError(`row has ${indices.length} indices but ${values.length} values`);
  }
  for (let t = 0; t < indices.length; t++) {
    const j = indices[t];
    if (j < 0 || j >= items) throw new RangeError(`row index ${j} is outside the model's ${items} items`);
    const c = values[t];
    if (!(c >= 0) || c === Infinity)
      throw new RangeError(`row value ${c} at item ${j} is not a finite confidence ≥ 0`);
  }
}

/** Rejects an item that is not one of a model's columns 0 … items − 1. */
export function checkItem(item: number, items: number): void {
  if (!Number.isInteger(item) || item < 0 || item >= items)
    throw new RangeError(`item ${item} is not a column of this model`);
}
