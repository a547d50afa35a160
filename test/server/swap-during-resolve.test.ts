import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecommendationRequest } from '../../src/contract/recommendations.ts';
import { CoplayError } from '../../src/errors.ts';
import { MemberResolver } from '../../src/server/member-resolver.ts';
import { ModelRegistry, runGroup, type ServedModel } from '../../src/server/model-registry.ts';
import { recommendForRequest } from '../../src/server/recommend-for-request.ts';
import type { Store } from '../../src/store/store.ts';
import { seedServerData } from '../faults/fault-app.ts';
import { openTestStore } from '../store/test-stores.ts';
import { testServedModel } from './test-app.ts';

/**
 * A served model as engine threads hold it: once a registry swaps it out and releases it, it answers
 * MODEL_NOT_READY, as EngineThreads does for a version it has dropped.
 */
function releasable(model: ServedModel, version: string): ServedModel & { released: boolean } {
  const served = {
    info: { ...model.info, version },
    released: false,
    run: async (query: Parameters<typeof runGroup>[1]) => {
      if (served.released) throw new CoplayError('MODEL_NOT_READY', `model ${version} is not loaded`);
      return runGroup(model, query);
    },
    release: () => {
      served.released = true;
    },
  };
  return served;
}

/** Resolves members, then runs `meanwhile`: a model swap while a Steam member is being looked up. */
class ResolverThatWaits extends MemberResolver {
  meanwhile: () => void = () => {};
  override async resolveAll(...args: Parameters<MemberResolver['resolveAll']>) {
    const resolved = await super.resolveAll(...args);
    this.meanwhile();
    return resolved;
  }
}

describe('a model swapped in while the members are being resolved', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore('sqlite');
    await seedServerData(store);
  });
  afterAll(async () => store?.close());

  it('serves the request from the new model, not the released one', async () => {
    const model = await testServedModel();
    const before = releasable(model, 'v-before');
    const after = releasable(model, 'v-after');
    const models = new ModelRegistry(before);
    const members = new ResolverThatWaits(store, undefined);
    members.meanwhile = () => models.swap(after);
    const request = {
      members: [{ sampleUser: '2' }, { sampleUser: '3' }],
      limit: 5,
    } as RecommendationRequest;
    const response = await recommendForRequest(models, members, request);
    expect(before.released).toBe(true);
    expect(response.model.version).toBe('v-after');
    expect(response.items.length).toBeGreaterThan(0);
  });

  it('still answers MODEL_NOT_READY before resolving anyone when no model is served', async () => {
    const members = new ResolverThatWaits(store, undefined);
    let resolved = false;
    members.meanwhile = () => void (resolved = true);
    await expect(
      recommendForRequest(new ModelRegistry(), members, {
        members: [{ sampleUser: '2' }, { sampleUser: '3' }],
      } as RecommendationRequest),
    ).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
    expect(resolved).toBe(false);
  });
});
