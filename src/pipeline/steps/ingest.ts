import { existsSync } from 'node:fs';
import { isCoplayError } from '../../errors.ts';
import { MAX_STALE_MS } from '../../steam/steam-fetcher.ts';
import type { TaskContext, TaskResult } from '../pipeline-dag.ts';
import { fetchMissingGames, type MissingGamesSummary } from '../fetch-missing-games.ts';
import { importDatasets } from '../import-datasets.ts';
import { collectingProgress } from '../progress-reporter.ts';
import { dataSnapshotId } from '../train-model.ts';
import { loadTrainingData } from '../training-data.ts';

const DAY_MS = 86_400_000;

/** Refreshes the stored libraries of Steam players seen within `days`; per-player failures are counted. */
async function refreshSteamLibraries(context: TaskContext): Promise<{ refreshed: number; failed: number }> {
  const { store, steam, settings } = context;
  if (!steam) return { refreshed: 0, failed: 0 };
  const since = new Date(Date.now() - settings.steamRefreshDays * DAY_MS);
  // Every stored player fetched recently; a list method would serve only this task.
  const players = await store.db.selectFrom('steam_players').select(['steam_id', 'fetched_at']).execute();
  let refreshed = 0;
  let failed = 0;
  for (const player of players) {
    if (new Date(player.fetched_at) < since) continue;
    try {
      const owned = await steam.getOwnedGames(player.steam_id);
      await store.libraries.replace(player.steam_id, owned.value.games, owned.fetchedAt);
      refreshed++;
    } catch (error) {
      // A private or vanished profile must not stop the run; its last stored library still trains.
      if (!isCoplayError(error)) throw error;
      failed++;
      context.log(`steam ${player.steam_id}: ${error.message}`);
    }
  }
  return { refreshed, failed };
}

/**
 * Re-imports the dataset files (upserts, so idempotent), refreshes recent Steam players' libraries and fetches
 * store details of owned games the catalog lacks when a Steam client is given, then records the snapshot id
 * of exactly what training will read.
 */
export async function ingest(context: TaskContext): Promise<TaskResult> {
  const { store, datasetPaths } = context;
  let imported = false;
  if (datasetPaths && Object.values(datasetPaths).every((path) => existsSync(path))) {
    const summary = await importDatasets(store, datasetPaths, collectingProgress());
    context.log(
      `imported ${summary.games} games, ${summary.interactions} interactions of ${summary.users} users (${summary.malformed.length} malformed rows skipped)`,
    );
    imported = true;
  } else {
    context.log('no dataset files to import: training on what the store holds');
  }
  const steam = await refreshSteamLibraries(context);
  let games: MissingGamesSummary | undefined;
  if (context.steam) {
    context.log(`refreshed ${steam.refreshed} Steam libraries (${steam.failed} failed)`);
    games = await fetchMissingGames(store, context.steam, context.log);
    context.log(
      `store details: ${games.missing} owned appids missing from the catalog, ${games.added} added, ${games.notGames} not games, ${games.failed} failed`,
    );
  }
  // Entries too old to be served even as stale answers (the client no longer would) only take up room.
  const steamCachePurged = await store.steamCache.purgeExpired(new Date(), MAX_STALE_MS);
  if (steamCachePurged > 0) context.log(`deleted ${steamCachePurged} Steam cache entries past serving`);
  const data = await loadTrainingData(store);
  const snapshotId = dataSnapshotId(data);
  await store.pipelineRuns.updateRun(context.runId, { snapshotId });
  let entries = 0;
  for (const library of data.libraries.values()) entries += library.length;
  const output = {
    snapshotId,
    imported,
    games: data.games.length,
    multiplayerGames: data.games.filter((g) => g.multiplayer.isMultiplayer).length,
    users: data.libraries.size,
    entries,
    feedbackEvents: await store.feedback.count(),
    steamRefreshed: steam.refreshed,
    steamFailed: steam.failed,
    storeGamesAdded: games?.added ?? 0,
    steamCachePurged,
  };
  return {
    outcome: `snapshot ${snapshotId}: ${output.games} games, ${output.users} users, ${entries} library entries, ${output.feedbackEvents} feedback events`,
    output,
  };
}
