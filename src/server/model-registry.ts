import { CoplayError } from '../errors.ts';
import {
  recommendGroup,
  type GroupModel,
  type GroupQuery,
  type GroupResult,
} from '../group/recommend-group.ts';

export interface ModelInfo {
  version: string;
  algorithm: string;
  trainedAt: string;
}

/**
 * A loaded model as requests use it, with what the API reports about it: either the group model itself, run
 * on the calling thread (the CLI, tests, ENGINE_THREADS=0), or a `run` that sends queries to where the model
 * is held (EngineThreads).
 */
export interface ServedModel {
  readonly info: ModelInfo;
  readonly groupModel?: GroupModel;
  /** Runs recommendGroup for this model elsewhere; used instead of groupModel when present. */
  readonly run?: (query: GroupQuery) => Promise<GroupResult>;
  /** Frees what holds the model elsewhere; a registry calls it when it swaps the model out. */
  readonly release?: () => void;
}

/** The one recommendation path (recommendGroup) on a served model, wherever the model is held. */
export async function runGroup(served: ServedModel, query: GroupQuery): Promise<GroupResult> {
  if (served.run) return served.run(query);
  if (!served.groupModel)
    throw new CoplayError('INTERNAL', `model ${served.info.version} has nothing to run on`);
  return recommendGroup(served.groupModel, query);
}

/** A published version this server would not serve, and why (e.g. its artifact failed its checksum). */
export interface RefusedModel {
  readonly version: string;
  readonly reason: string;
}

/**
 * Holds the live model. A swap replaces one reference, so a request that already took `current()` finishes
 * on the model it started with while the next request sees the new one: no lock, no dropped request.
 */
export class ModelRegistry {
  #served: ServedModel | undefined;
  #refused: RefusedModel | undefined;

  constructor(initial?: ServedModel) {
    this.#served = initial;
  }

  get ready(): boolean {
    return this.#served !== undefined;
  }

  get info(): ModelInfo | undefined {
    return this.#served?.info;
  }

  /** The last published version that was refused, while it is still the one published. */
  get refused(): RefusedModel | undefined {
    return this.#refused;
  }

  current(): ServedModel {
    if (!this.#served) {
      throw new CoplayError(
        'MODEL_NOT_READY',
        this.#refused
          ? `The published model ${this.#refused.version} was refused (${this.#refused.reason}) and no earlier ` +
              'one is loaded: publish another ("coplay model rollback" or a new "coplay train")'
          : 'No model is published yet: run "coplay train" (or wait for the first pipeline run)',
      );
    }
    return this.#served;
  }

  swap(next: ServedModel): void {
    const previous = this.#served;
    this.#served = next;
    // Requests that took the previous model already hold it (inline) or were sent to the threads before this
    // release, which the threads handle after them.
    if (previous && previous !== next && previous.info.version !== next.info.version) previous.release?.();
    this.#refused = undefined;
  }

  /** Records that the published `version` cannot be served; whatever was serving keeps serving. */
  refuse(version: string, reason: string): void {
    this.#refused = { version, reason };
  }

  /** Forgets a refusal once the live pointer has moved away from that version (e.g. a rollback). */
  clearRefused(): void {
    this.#refused = undefined;
  }
}
