import type { Csr } from '../core/csr.ts';
import { gramInto, matVecInto } from '../core/dense.ts';
import type { Dense } from '../core/dense.ts';
import { fitIals } from './ials-fit.ts';
import { IalsFoldIn } from './ials-fold-in.ts';
import type { IalsFoldInModel } from './ials-fold-in.ts';
import type { RegularizationScaling } from './ials-sweep.ts';
import type { ModelParts, ProgressListener, Recommender, SparseRow, Trainer } from './recommender.ts';

/**
 * iALS: implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008) by alternating least squares with
 * a few warm-started CG steps per row (Takács, Pilászy & Tikk 2011).
 *
 * Input: a users × items CSR whose entries are confidences c_ui for observed pairs (preference p_ui = 1);
 * every pair not in the matrix has c = 1 and p = 0. The objective is
 *   Σ_u Σ_i c_ui·(p_ui − x_uᵀy_i)² + Σ_u λ_u‖x_u‖² + Σ_i λ_i‖y_i‖²
 * with λ_u = λ_i = λ unless frequency scaling is on (see RegularizationScaling). The confidence scale α of
 * Hu et al. (c = 1 + α·f(playtime)) is applied upstream by the confidence transform (confidence.ts), so it
 * is not an option here; record it with the artifact's hyperparameters.
 */

/** iALS hyperparameters; every field has a default. */
export interface IalsOptions {
  /** Latent dimension k. */
  readonly factors?: number;
  readonly iterations?: number;
  /** λ. */
  readonly regularization?: number;
  /** ν of Rendle et al.'s frequency-scaled regularisation; 0 = plain λ. */
  readonly regularizationExponent?: number;
  /**
   * α₀ of the same scaling, and only there: it sets how much the count of unobserved pairs adds to a row's
   * regularisation (with ν = 0 it does nothing). The loss itself keeps Hu et al.'s weight 1 for unobserved
   * pairs (the Gramian is not scaled), so this is not a weight on them in the objective.
   */
  readonly unobservedWeight?: number;
  /** CG steps per row solve. */
  readonly cgSteps?: number;
  readonly seed?: number;
  /** Standard deviation of the normal initial factors. */
  readonly initScale?: number;
  /** Threads for the row solves (1 = main thread only); factors are bitwise identical for any value. */
  readonly threads?: number;
}

const DEFAULTS: Required<IalsOptions> = {
  factors: 64,
  iterations: 15,
  regularization: 0.1,
  regularizationExponent: 0,
  unobservedWeight: 1,
  cgSteps: 3,
  seed: 42,
  initScale: 0.01,
  threads: 1,
};

/**
 * A fitted iALS model: item factors, scored for any library by fold-in. Training leaves the factors in an
 * orthonormal basis of its choosing (see ials-fit.ts); only products xᵀy and norms mean anything.
 */
export class Ials implements Recommender, IalsFoldInModel {
  readonly algorithm = 'ials';
  readonly itemCount: number;
  /** Y, items × k. */
  readonly itemFactors: Dense;
  /** Trained user factors (same basis as Y): present right after fit, absent in a model rebuilt from parts. */
  readonly userFactors: Dense | undefined;
  readonly gram: Float64Array;
  readonly scaling: RegularizationScaling;
  readonly options: Required<IalsOptions>;
  private readonly foldIn: IalsFoldIn;
  private readonly userVector: Float64Array;

  constructor(itemFactors: Dense, options: Required<IalsOptions>, userFactors?: Dense) {
    this.itemFactors = itemFactors;
    this.itemCount = itemFactors.rows;
    this.userFactors = userFactors;
    this.options = options;
    this.scaling = scalingOf(options);
    this.gram = new Float64Array(itemFactors.cols * itemFactors.cols);
    gramInto(itemFactors, this.gram);
    this.foldIn = new IalsFoldIn(this);
    this.userVector = new Float64Array(itemFactors.cols);
  }

  /** Rebuilds a model from toParts() output; throws RangeError on inconsistent parts. */
  static fromParts(parts: ModelParts): Ials {
    if (parts.algorithm !== 'ials') throw new RangeError(`parts are for '${parts.algorithm}', not 'ials'`);
    const options = resolveOptions(parts.params as IalsOptions);
    const data = parts.blocks.itemFactors;
    const itemCount = parts.params.itemCount;
    if (!(data instanceof Float32Array)) throw new RangeError('ials parts lack a float32 itemFactors block');
    if (typeof itemCount !== 'number' || data.length !== itemCount * options.factors) {
      throw new RangeError(
        `itemFactors has ${data.length} values, expected ${String(itemCount)} × ${options.factors}`,
      );
    }
    return new Ials({ rows: itemCount, cols: options.factors, data }, options);
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    if (out.length < this.itemCount)
      throw new RangeError(`out holds ${out.length} scores, need ${this.itemCount}`);
    this.foldIn.solve(row, this.userVector);
    matVecInto(this.itemFactors, this.userVector, out);
  }

  explain(row: SparseRow, item: number): Float32Array {
    const out = new Float32Array(row.indices.length);
    this.foldIn.solve(row, this.userVector);
    this.foldIn.explainInto(row, item, out);
    return out;
  }

  toParts(): ModelParts {
    return {
      algorithm: this.algorithm,
      params: { ...this.options, itemCount: this.itemCount },
      blocks: { itemFactors: this.itemFactors.data },
    };
  }
}

/** Trains iALS models. */
export class IalsTrainer implements Trainer {
  readonly algorithm = 'ials';
  readonly options: Required<IalsOptions>;

  constructor(options: IalsOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** Fits on a users × items confidence matrix; reports each iteration's objective and time. */
  async fit(matrix: Csr, onProgress?: ProgressListener): Promise<Ials> {
    checkMatrix(matrix);
    const o = this.options;
    const { userFactors, itemFactors } = await fitIals(matrix, { ...o, scaling: scalingOf(o) }, onProgress);
    return new Ials(itemFactors, o, userFactors);
  }
}

function resolveOptions(options: IalsOptions): Required<IalsOptions> {
  const resolved = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof IalsOptions)[]) {
    const value = options[key];
    if (value !== undefined) resolved[key] = value;
  }
  const positiveInt = ['factors', 'iterations', 'cgSteps', 'threads'] as const;
  for (const key of positiveInt) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1) {
      throw new RangeError(`iALS ${key} must be a positive integer, got ${resolved[key]}`);
    }
  }
  const nonNegative = ['regularization', 'regularizationExponent', 'unobservedWeight', 'initScale'] as const;
  for (const key of nonNegative) {
    if (!(resolved[key] >= 0) || !Number.isFinite(resolved[key])) {
      throw new RangeError(`iALS ${key} must be a finite number ≥ 0, got ${resolved[key]}`);
    }
  }
  if (!Number.isInteger(resolved.seed))
    throw new RangeError(`iALS seed must be an integer, got ${resolved.seed}`);
  return resolved;
}

function scalingOf(options: Required<IalsOptions>): RegularizationScaling {
  return {
    lambda: options.regularization,
    exponent: options.regularizationExponent,
    unobservedWeight: options.unobservedWeight,
  };
}

function checkMatrix(matrix: Csr): void {
  if (matrix.rows < 1 || matrix.cols < 1) {
    throw new RangeError(`iALS needs at least one user and one item, got ${matrix.rows}x${matrix.cols}`);
  }
  for (let e = 0; e < matrix.data.length; e++) {
    const c = matrix.data[e];
    if (!(c >= 0) || c === Infinity)
      throw new RangeError(`confidence ${c} at entry ${e} is not a finite number ≥ 0`);
  }
}
