import { afterAll, describe, expect, it } from 'vitest';
import { recommendGroup, type GroupMember } from '../../src/group/recommend-group.ts';
import { loadModelVersion } from '../../src/pipeline/load-model.ts';
import { trainModel } from '../../src/pipeline/train-model.ts';
import { useTestStore } from '../store/test-stores.ts';
import {
  pipelineLibraries,
  seedPipelineStore,
  SMALL_MODEL_CONFIG,
  tempArtifacts,
} from './pipeline-fixture.ts';

/** Players 2, 4 and 6 (all shooter players) as a group, with their dataset libraries. */
const GROUP = ['2', '4', '6'];
const LIKED = 205; // a farming game none of them owns
const libraries = pipelineLibraries();
const members: GroupMember[] = GROUP.map((id) => ({ label: id, games: libraries.get(id) ?? [] }));
/** A shooter every member owns: a dismissal takes it out of their training rows. */
const DISMISSED = (libraries.get('2') ?? [])
  .map((e) => e.appid)
  .find((appid) => GROUP.every((id) => libraries.get(id)?.some((e) => e.appid === appid))) as number;

describe('feedback in training', () => {
  const store = useTestStore('sqlite');
  const temp = tempArtifacts();
  afterAll(() => temp.cleanup());

  async function ranks(version: string): Promise<{ liked: number; dismissed: number }> {
    const { groupModel } = await loadModelVersion(store(), temp.artifacts, version);
    const items = recommendGroup(groupModel, {
      members,
      limit: 100,
      explain: false,
      filters: { ownership: 'any' },
    }).items.map((item) => item.appid);
    return { liked: items.indexOf(LIKED), dismissed: items.indexOf(DISMISSED) };
  }

  it('ranks the liked game higher and the dismissed one lower for that group in the next model', async () => {
    expect(DISMISSED).toBeDefined();
    await seedPipelineStore(store());
    const before = await trainModel(store(), temp.artifacts, SMALL_MODEL_CONFIG, { publish: false });
    const memberKeys = GROUP.map((id) => `sample:${id}`);
    await store().feedback.record({ memberKeys, appid: LIKED, kind: 'liked' });
    await store().feedback.record({ memberKeys, appid: LIKED, kind: 'played_together' });
    await store().feedback.record({ memberKeys, appid: DISMISSED, kind: 'dismissed' });
    const after = await trainModel(store(), temp.artifacts, SMALL_MODEL_CONFIG, { publish: false });
    expect(after.dataSnapshotId).not.toBe(before.dataSnapshotId);

    const old = await ranks(before.version);
    const next = await ranks(after.version);
    expect(old.liked).toBeGreaterThanOrEqual(0);
    expect(old.dismissed).toBeGreaterThanOrEqual(0);
    expect(next.liked).toBeGreaterThanOrEqual(0);
    expect(next.liked).toBeLessThan(old.liked);
    expect(next.dismissed).toBeGreaterThan(old.dismissed);
  });
});
