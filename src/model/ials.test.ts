import { describe, expect, it } from 'vitest';
import { describeRecommender, blockFixture } from '../../test/recommender-contract.ts';
import { matVecInto } from '../core/dense.ts';
import type { Dense } from '../core/dense.ts';
import { foldInUser } from './ials-fold-in.ts';
import { rowRegularization } from './ials-sweep.ts';
import { Ials, IalsTrainer } from './ials.ts';
import type { IalsOptions } from './ials.ts';
import type { Recommender } from './recommender.ts';

function trainedScores(model: Recommender, user: number): Float32Array {
  const ials = model as Ials;
  const X = ials.userFactors as Dense;
  const out = new Float32Array(ials.itemCount);
  matVecInto(ials.itemFactors, X.data.subarray(user * X.cols, (user + 1) * X.cols), out);
  return out;
}

describeRecommender('ials', () => new IalsTrainer({ factors: 8, iterations: 15, seed: 1 }), {
  trainedScores,
});

const fixture = blockFixture();

async function fit(options: IalsOptions): Promise<{ model: Ials; losses: number[] }> {
  const losses: number[] = [];
  const model = await new IalsTrainer(options).fit(fixture.matrix, (event) =>
    losses.push(event.loss ?? Number.NaN),
  );
  return { model, losses };
}

/** Σ_u Σ_i c_ui (p_ui − x_uᵀy_i)² + λ(‖X‖² + ‖Y‖²), by brute force over every (user, item) pair. */
function objective(model: Ials, lambda: number): number {
  const X = model.userFactors as Dense;
  const Y = model.itemFactors;
  const k = Y.cols;
  const m = fixture.matrix;
  let total = 0;
  for (let u = 0; u < m.rows; u++) {
    const confidence = new Float64Array(Y.rows).fill(1);
    const preference = new Float64Array(Y.rows);
    for (let e = m.indptr[u]; e < m.indptr[u + 1]; e++) {
      confidence[m.indices[e]] = m.data[e];
      preference[m.indices[e]] = 1;
    }
    for (let i = 0; i < Y.rows; i++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += X.data[u * k + a] * Y.data[i * k + a];
      total += confidence[i] * (preference[i] - s) ** 2;
    }
  }
  for (const v of X.data) total += lambda * v * v;
  for (const v of Y.data) total += lambda * v * v;
  return total;
}

describe('iALS', () => {
  it('folds a training user back in to (almost) its trained vector', async () => {
    // Plain λ, and frequency-scaled λ_u = λ·(|I_u| + |I|) (the fold-in must use the training formula).
    for (const [regularization, regularizationExponent] of [
      [1, 0],
      [0.05, 1],
    ]) {
      // cgSteps = k makes every CG solve exact, so only ALS's own convergence separates the two vectors.
      const { model } = await fit({
        factors: 8,
        iterations: 100,
        cgSteps: 8,
        regularization,
        seed: 3,
        regularizationExponent,
      });
      const X = model.userFactors as Dense;
      for (let u = 0; u < fixture.matrix.rows; u += 5) {
        const trained = X.data.subarray(u * 8, (u + 1) * 8);
        const folded = foldInUser(model, fixture.rowOf(u));
        let diff = 0;
        let norm = 0;
        for (let a = 0; a < 8; a++) {
          diff += (folded[a] - trained[a]) ** 2;
          norm += trained[a] ** 2;
        }
        expect(Math.sqrt(diff / norm), `user ${u}, ν = ${regularizationExponent}`).toBeLessThan(1e-4);
      }
    }
  });

  it('gives bitwise identical factors for a seed, on one thread or two, and different ones for another seed', async () => {
    const one = await fit({ factors: 8, iterations: 4, seed: 11, threads: 1 });
    const two = await fit({ factors: 8, iterations: 4, seed: 11, threads: 2 });
    const other = await fit({ factors: 8, iterations: 4, seed: 12, threads: 1 });
    expect(two.model.itemFactors.data).toEqual(one.model.itemFactors.data);
    expect((two.model.userFactors as Dense).data).toEqual((one.model.userFactors as Dense).data);
    expect(other.model.itemFactors.data).not.toEqual(one.model.itemFactors.data);
    for (let t = 0; t < 4; t++) expect(two.losses[t]).toBeCloseTo(one.losses[t], 6);
  });

  it('reports a non-increasing objective that brackets the exact objective of the final factors', async () => {
    const lambda = 0.1;
    const { model, losses } = await fit({ factors: 6, iterations: 8, seed: 5, regularization: lambda });
    const longer = await fit({ factors: 6, iterations: 9, seed: 5, regularization: lambda });
    for (let t = 1; t < losses.length; t++) expect(losses[t]).toBeLessThanOrEqual(losses[t - 1] * (1 + 1e-6));
    // Iteration t reports the objective at (X_t, Y_{t−1}); the item step that follows can only lower it.
    const exact = objective(model, lambda);
    expect(exact).toBeLessThanOrEqual(losses[7] * (1 + 1e-6));
    expect(exact).toBeGreaterThanOrEqual(longer.losses[8] * (1 - 1e-6));
  });

  it("explains a score as Hu et al.'s per-item contributions, which sum to the score", async () => {
    const { model } = await fit({ factors: 8, iterations: 10, seed: 2 });
    const row = fixture.rowOf(4);
    const scores = new Float32Array(model.itemCount);
    model.scoreInto(row, scores);
    for (const item of [0, 5, 13, 23]) {
      const parts = model.explain(row, item);
      const sum = parts.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(scores[item], 4);
    }
    // The user's own block dominates the explanation of a same-block item.
    const parts = model.explain(row, 2);
    const ownBlock = Array.from(row.indices).map((j, t) => (fixture.blockOfItem(j) === 0 ? parts[t] : 0));
    expect(ownBlock.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5 * parts.reduce((a, b) => a + b, 0));
  });

  it('rebuilds from parts without the user factors and scores identically', async () => {
    const { model } = await fit({ factors: 8, iterations: 5, seed: 9, regularizationExponent: 0.5 });
    const loaded = Ials.fromParts(model.toParts());
    expect(loaded.userFactors).toBeUndefined();
    const a = new Float32Array(model.itemCount);
    const b = new Float32Array(model.itemCount);
    model.scoreInto(fixture.rowOf(7), a);
    loaded.scoreInto(fixture.rowOf(7), b);
    expect(b).toEqual(a);
    expect(() =>
      Ials.fromParts({ ...model.toParts(), params: { ...model.toParts().params, itemCount: 5 } }),
    ).toThrow(RangeError);
  });

  it('scales regularisation as λ·(|I_u| + α₀·|I|)^ν', () => {
    const scaling = { lambda: 0.5, exponent: 1, unobservedWeight: 0.1 };
    expect(rowRegularization(scaling, 10, 200)).toBeCloseTo(0.5 * (10 + 20), 12);
    expect(rowRegularization({ ...scaling, exponent: 0.5 }, 5, 40)).toBeCloseTo(0.5 * Math.sqrt(9), 12);
    expect(rowRegularization({ ...scaling, exponent: 0 }, 10, 200)).toBe(0.5);
  });

  it('refuses bad options and matrices with a RangeError', async () => {
    expect(() => new IalsTrainer({ factors: 0 })).toThrow(RangeError);
    expect(() => new IalsTrainer({ regularization: -1 })).toThrow(RangeError);
    expect(() => new IalsTrainer({ threads: 1.5 })).toThrow(RangeError);
    const bad = { ...fixture.matrix, data: fixture.matrix.data.map((v, i) => (i === 3 ? Number.NaN : v)) };
    await expect(new IalsTrainer({ factors: 4 }).fit(bad)).rejects.toThrow(RangeError);
  });
});
