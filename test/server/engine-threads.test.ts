import { truncateSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendGroup, type GroupQuery } from '../../src/group/recommend-group.ts';
import { loadModelVersion, loadVersionParts } from '../../src/pipeline/load-model.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { EngineThreads, PASSING_KEPT } from '../../src/server/engine-threads.ts';
import { ModelRegistry, runGroup } from '../../src/server/model-registry.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import {
  pipelineLibraries,
  seedPipelineStore,
  smallSettings,
  tempArtifacts,
} from '../pipeline/pipeline-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-stores.ts';
import { until } from '../faults/until.ts';

describe('EngineThreads', () => {
  let database: TestDatabase;
  let store: Store;
  const temp = tempArtifacts();
  let threads: EngineThreads;
  let version: string;

  beforeAll(async () => {
    database = createTestDatabase('sqlite');
    store = await openStore(database.url, database.options);
    await seedPipelineStore(store);
    const run = await runPipeline({ store, artifacts: temp.artifacts, settings: smallSettings() });
    version = String(run.tasks.find((t) => t.task === 'publish')?.metrics?.version);
    threads = EngineThreads.start(2, (v) => loadVersionParts(store, temp.artifacts, v));
  }, 60_000);

  afterAll(async () => {
    await threads?.close();
    await store?.close();
    await database?.drop();
    temp.cleanup();
  });

  const queries = (): GroupQuery[] => {
    const libraries = [...pipelineLibraries().values()];
    return [2, 3, 4].flatMap((size) =>
      (['fair', 'average', 'least_misery'] as const).map((strategy) => ({
        members: libraries.slice(0, size).map((games, i) => ({ label: `M${i}`, games })),
        strategy,
        limit: 5,
      })),
    );
  };

  it('answers exactly what recommendGroup answers on this thread, on either engine thread', async () => {
    const served = await threads.load(version);
    expect(served.info.version).toBe(version);
    expect(served.groupModel).toBeUndefined();
    const inline = await loadModelVersion(store, temp.artifacts, version);
    // Twice as many requests as threads at once, so both threads answer some.
    const all = queries();
    const answers = await Promise.all(all.map((query) => runGroup(served, query)));
    all.forEach((query, i) => {
      const expected = recommendGroup(inline.groupModel, query);
      expect(answers[i]).toEqual(expected);
      expect(expected.items.length).toBeGreaterThan(0);
    });
  });

  it('keeps answering as filter sets come and go (each thread holds a bounded set of filtered pools)', async () => {
    const served = await threads.load(version);
    const inline = await loadModelVersion(store, temp.artifacts, version);
    const base = queries()[3] as GroupQuery;
    // More distinct filter sets than a thread keeps (PASSING_KEPT), each new one followed by one asked 15
    // sets before (still cached on the main thread, so named by id only).
    const prices = Array.from({ length: PASSING_KEPT + 10 }, (_, i) => [
      1 + i,
      1 + Math.max(0, i - 15),
    ]).flat();
    for (const maxPriceGbp of prices) {
      const query = { ...base, filters: { maxPriceGbp } };
      expect(await runGroup(served, query)).toEqual(recommendGroup(inline.groupModel, query));
    }
  }, 60_000);

  it('drops a version once a registry swaps it out, after the requests already sent for it', async () => {
    const first = await threads.load(version);
    const registry = new ModelRegistry(first);
    const query = queries()[0] as GroupQuery;
    const inFlight = runGroup(first, query);
    // A second version: the same artifact registered under another name is enough for the threads.
    const again = await runPipeline({
      store,
      artifacts: temp.artifacts,
      settings: smallSettings({ gateTolerance: 1 }),
    });
    const next = String(again.tasks.find((t) => t.task === 'publish')?.metrics?.version);
    expect(next).not.toBe(version);
    registry.swap(await threads.load(next));
    await expect(inFlight).resolves.toMatchObject({ strategy: 'fair' });
    await expect(runGroup(first, query)).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
    await expect(runGroup(registry.current(), query)).resolves.toMatchObject({ strategy: 'fair' });
    version = next;
  }, 60_000);

  it('refuses a corrupt artifact with ARTIFACT_CORRUPT and keeps serving the loaded version', async () => {
    const served = await threads.load(version);
    const broken = await runPipeline({
      store,
      artifacts: temp.artifacts,
      settings: smallSettings({ gateTolerance: 1 }),
    });
    const brokenVersion = String(broken.tasks.find((t) => t.task === 'publish')?.metrics?.version);
    truncateSync(temp.artifacts.pathOf(brokenVersion), 100);
    await expect(threads.load(brokenVersion)).rejects.toMatchObject({ code: 'ARTIFACT_CORRUPT' });
    await expect(runGroup(served, queries()[1] as GroupQuery)).resolves.toMatchObject({
      strategy: 'average',
    });
  }, 60_000);

  /** `count` threads running a stand-in module of test/fixtures, and the exits they report. */
  const standIn = (count: number, fixture: string) => {
    const exits: { exitCode: number; replaced: boolean; running: number }[] = [];
    const started = EngineThreads.start(count, (v) => loadVersionParts(store, temp.artifacts, v), {
      entry: new URL(`../fixtures/${fixture}`, import.meta.url),
      onThreadExit: (event) => exits.push(event),
    });
    return { threads: started, exits };
  };

  it('fails only the request a thread died on, replaces the thread, and answers again once it holds the model', async () => {
    const { threads: crashing, exits } = standIn(1, 'crashing-engine-thread.ts');
    try {
      const served = await crashing.load(version);
      const inline = await loadModelVersion(store, temp.artifacts, version);
      const query = queries()[3] as GroupQuery;
      expect(await runGroup(served, query)).toEqual(recommendGroup(inline.groupModel, query));
      await expect(runGroup(served, { ...query, limit: 13 })).rejects.toMatchObject({
        code: 'INTERNAL',
        message: 'an engine thread stopped',
      });
      expect(exits).toEqual([{ exitCode: 3, replaced: true, running: 1 }]);
      // Until the replacement has built the model, requests are refused as not ready, never sent to it.
      const answer = await until('the replacement thread to answer', () =>
        runGroup(served, query).catch((error: { code?: string }) => {
          expect(error.code).toBe('MODEL_NOT_READY');
          return undefined;
        }),
      );
      expect(answer).toEqual(recommendGroup(inline.groupModel, query));
    } finally {
      await crashing.close();
    }
  }, 60_000);

  it('gives up threads that die as they start, and then fails at once instead of waiting on them', async () => {
    const { threads: dead, exits } = standIn(2, 'dead-engine-thread.ts');
    try {
      await until('both threads to be given up', () => (dead.size === 0 ? true : undefined));
      // The first three quick deaths are replaced; after that each thread that dies is taken out.
      expect(exits.map((e) => e.replaced)).toEqual([true, true, true, false, false]);
      expect(exits.every((e) => e.exitCode === 4)).toBe(true);
      await expect(dead.load(version)).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringMatching(/no engine thread is running/),
      });
    } finally {
      await dead.close();
    }
  }, 60_000);

  it('refuses a query for a version no thread holds, and a custom strategy object', async () => {
    await expect(
      threads.recommend('20990101-000000-ease-none', queries()[0] as GroupQuery),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_READY',
    });
    const custom = {
      ...(queries()[0] as GroupQuery),
      strategy: { name: 'fair', rank: () => ({ positions: new Int32Array(), scores: new Float32Array() }) },
    } as unknown as GroupQuery;
    await expect(threads.recommend(version, custom)).rejects.toThrow(/by name/);
  });
});
