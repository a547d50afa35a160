import { PoolFits } from '../core/kernels/pool-fits.ts';
import { Content } from '../model/content.ts';
import { Hybrid } from '../model/hybrid.ts';
import type { Recommender } from '../model/recommender.ts';

// One PoolFits per served model and pool, made on first use (a copy of the content features, a few MB)
// and freed with the model.
const made = new WeakMap<Recommender, WeakMap<Int32Array, PoolFits | null>>();

/**
 * The WebAssembly group path for a hybrid model with content over this pool (catalog columns), or
 * undefined where it does not apply (another model, no SIMD, a small catalog): recommendGroup then takes the
 * JavaScript path, which gives the same fits.
 */
export function poolFitsOf(model: Recommender, pool: Int32Array): PoolFits | undefined {
  let byPool = made.get(model);
  if (byPool === undefined) made.set(model, (byPool = new WeakMap()));
  let found = byPool.get(pool);
  if (found === undefined) {
    found = null;
    if (model instanceof Hybrid && model.content instanceof Content) {
      found =
        PoolFits.create({
          features: model.content.features,
          pool,
          cfOfPool: Int32Array.from(pool, (c) => model.cfColumnOf[c] as number),
          cfCount: model.cf.itemCount,
          weight: model.weight,
          unknownCfPercentile: model.unknownCfPercentile,
        }) ?? null;
    }
    byPool.set(pool, found);
  }
  return found ?? undefined;
}
