import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Game } from '../../src/catalog/game.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from '../../src/model/trainers.ts';
import { pipelineSettings, type PipelineSettings } from '../../src/pipeline/pipeline-dag.ts';
import { ArtifactFiles } from '../../src/store/artifact-files.ts';
import type { Store } from '../../src/store/store.ts';
import { makeGame } from '../fixtures/make-game.ts';
import { seedDatasetUsers } from '../fixtures/seed-dataset-users.ts';

/** 20 shooters (100–119), 20 farming games (200–219) and one single-player game. */
export const PIPELINE_GAMES: Game[] = [
  ...Array.from({ length: 20 }, (_, i) => makeGame(100 + i, { name: `Shooter ${i}`, tags: ['FPS'] })),
  ...Array.from({ length: 20 }, (_, i) => makeGame(200 + i, { name: `Farm ${i}`, tags: ['Farming Sim'] })),
  makeGame(300, { name: 'Solo Saga', modes: [] }),
];

/** 60 dataset users: even ones own 8 shooters, odd ones 8 farming games, with varied playtimes. */
export function pipelineLibraries(): Map<string, { appid: number; playtimeMinutes: number }[]> {
  const libraries = new Map<string, { appid: number; playtimeMinutes: number }[]>();
  for (let u = 1; u <= 60; u++) {
    const base = u % 2 === 0 ? 100 : 200;
    const picks = [...new Set([0, 1, 2, 3, 4, 5, 6, 7].map((k) => base + ((u * 7 + k * 3) % 20)))];
    libraries.set(
      String(u),
      picks.map((appid, k) => ({ appid, playtimeMinutes: 90 * (k + 1) })),
    );
  }
  return libraries;
}

/** Writes the catalog and the dataset users into a store, as `coplay import` would. */
export async function seedPipelineStore(store: Store): Promise<void> {
  await store.games.upsertMany(PIPELINE_GAMES);
  await seedDatasetUsers(store, pipelineLibraries());
}

/** The tuned configuration with limits suited to 60 users (EASE's tuned lambda is for ~10,000). */
export const SMALL_MODEL_CONFIG: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  algorithm: 'ease',
  hyperparameters: { ...DEFAULT_MODEL_CONFIG.hyperparameters, ease: { lambda: 2 } },
  minUsersForCf: 1,
  matrix: { ...DEFAULT_MODEL_CONFIG.matrix, minItemsPerUser: 1, minUsersPerItem: 1 },
};

/** Pipeline settings for the small data: a short evaluation, no dataset import. */
export function smallSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  const base = pipelineSettings(loadConfig({}), SMALL_MODEL_CONFIG);
  return {
    ...base,
    evaluation: { ...base.evaluation, groupsPerSize: 4, groupSizes: [2, 3], minPlayedMultiplayer: 3 },
    ...overrides,
  };
}

/** A temporary artifact folder; cleanup() deletes it. */
export function tempArtifacts(): { artifacts: ArtifactFiles; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'coplay-pipeline-'));
  return { artifacts: new ArtifactFiles(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
