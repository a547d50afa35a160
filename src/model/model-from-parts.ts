import { CoplayError } from '../errors.ts';
import { contentFromParts } from './content.ts';
import { Ease } from './ease.ts';
import { hybridFromParts } from './hybrid.ts';
import { Ials } from './ials.ts';
import { itemKnnFromParts } from './item-knn.ts';
import { popularityFromParts } from './popularity.ts';
import type { ModelParts, Recommender } from './recommender.ts';

/**
 * Rebuilds a fitted model from its parts (e.g. a decoded artifact). One entry per algorithm: adding a model
 * is one line here, `name: (parts) => Model.fromParts(parts)`.
 */
const FROM_PARTS: Readonly<Record<string, (parts: ModelParts) => Recommender>> = {
  ials: (parts) => Ials.fromParts(parts),
  ease: (parts) => Ease.fromParts(parts),
  popularity: (parts) => popularityFromParts(parts),
  'item-knn': (parts) => itemKnnFromParts(parts),
  content: (parts) => contentFromParts(parts),
  hybrid: (parts) => hybridFromParts(parts, modelFromParts),
};

/** The algorithms modelFromParts can rebuild. */
export const LOADABLE_ALGORITHMS: readonly string[] = Object.keys(FROM_PARTS);

/** The Recommender for a model's parts; throws CoplayError('ARTIFACT_CORRUPT') if they cannot be loaded. */
export function modelFromParts(parts: ModelParts): Recommender {
  const build = Object.hasOwn(FROM_PARTS, parts.algorithm) ? FROM_PARTS[parts.algorithm] : undefined;
  if (build === undefined) {
    throw new CoplayError(
      'ARTIFACT_CORRUPT',
      `The model artifact holds algorithm '${parts.algorithm}', which this build cannot load (known: ${LOADABLE_ALGORITHMS.join(', ')}).`,
    );
  }
  try {
    return build(parts);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new CoplayError(
      'ARTIFACT_CORRUPT',
      `The '${parts.algorithm}' model artifact is inconsistent: ${error.message}.`,
      {
        cause: error,
      },
    );
  }
}
