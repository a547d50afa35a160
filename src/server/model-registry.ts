import { CoplayError } from '../errors.ts';
import type { GroupModel } from '../group/recommend-group.ts';

export interface ModelInfo {
  version: string;
  algorithm: string;
  trainedAt: string;
}

/** A loaded model as requests use it: the group model plus what the API reports about it. */
export interface ServedModel {
  readonly groupModel: GroupModel;
  readonly info: ModelInfo;
}

/**
 * Holds the live model. A swap replaces one reference, so a request that already took `current()` finishes
 * on the model it started with while the next request sees the new one: no lock, no dropped request.
 */
export class ModelRegistry {
  #served: ServedModel | undefined;

  constructor(initial?: ServedModel) {
    this.#served = initial;
  }

  get ready(): boolean {
    return this.#served !== undefined;
  }

  get info(): ModelInfo | undefined {
    return this.#served?.info;
  }

  current(): ServedModel {
    if (!this.#served) {
      throw new CoplayError(
        'MODEL_NOT_READY',
        'No model is published yet: run "coplay train" (or wait for the first pipeline run)',
      );
    }
    return this.#served;
  }

  swap(next: ServedModel): void {
    this.#served = next;
  }
}
