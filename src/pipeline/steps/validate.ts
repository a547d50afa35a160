import { CoplayError } from '../../errors.ts';
import { toNumber } from '../../store/to-number.ts';
import type { TaskContext, TaskResult } from '../pipeline-dag.ts';
import { loadTrainingData } from '../training-data.ts';

/** Steam opened on 12 September 2003: no one can have played one game for longer than it has existed. */
const STEAM_LAUNCH = Date.UTC(2003, 8, 12);

interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

const percent = (share: number): string => `${(share * 100).toFixed(2)} %`;

/** The games count recorded by the newest earlier run whose ingest succeeded, if any. */
async function previousCatalogSize(context: TaskContext): Promise<number | undefined> {
  for (const run of await context.store.pipelineRuns.listRuns(50)) {
    if (run.id === context.runId) continue;
    const ingest = run.tasks.find((t) => t.task === 'ingest' && t.status === 'succeeded');
    const games = ingest?.metrics?.games;
    if (typeof games === 'number') return games;
  }
  return undefined;
}

/**
 * Checks the snapshot before anything trains on it: enough users, few unmatched dataset titles, few users
 * with impossible playtimes, and no sudden catalog shrinkage. Any failed check fails the task with the
 * whole report, so the run stops before a bad snapshot can produce a model.
 */
export async function validate(context: TaskContext): Promise<TaskResult> {
  const { store, settings } = context;
  const limits = settings.validation;
  const data = await loadTrainingData(store);
  const checks: Check[] = [];

  checks.push({
    name: 'rows',
    passed: data.games.length > 0 && data.libraries.size >= limits.minUsers,
    detail: `${data.games.length} catalog games, ${data.libraries.size} training users (minimum ${limits.minUsers})`,
  });

  const counts = await store.db
    .selectFrom('dataset_interactions')
    .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.count('appid').as('matched')])
    .executeTakeFirstOrThrow();
  const rows = toNumber(counts.rows);
  const unmatchedShare = rows === 0 ? 0 : (rows - toNumber(counts.matched)) / rows;
  checks.push({
    name: 'unmatched appids',
    passed: unmatchedShare <= limits.maxUnmatchedShare,
    detail: `${percent(unmatchedShare)} of ${rows} dataset rows match no catalog game (maximum ${percent(limits.maxUnmatchedShare)})`,
  });

  const impossibleMinutes = (Date.now() - STEAM_LAUNCH) / 60_000;
  let absurdUsers = 0;
  for (const library of data.libraries.values())
    if (library.some((entry) => entry.playtimeMinutes > impossibleMinutes)) absurdUsers++;
  const absurdShare = data.libraries.size === 0 ? 0 : absurdUsers / data.libraries.size;
  checks.push({
    name: 'absurd playtime',
    passed: absurdShare <= limits.maxAbsurdUserShare,
    detail: `${absurdUsers} users (${percent(absurdShare)}) list a game played longer than Steam has existed (maximum ${percent(limits.maxAbsurdUserShare)})`,
  });

  const previous = await previousCatalogSize(context);
  const shrink = previous === undefined || previous === 0 ? 0 : (previous - data.games.length) / previous;
  checks.push({
    name: 'catalog shrinkage',
    passed: shrink <= limits.maxCatalogShrink,
    detail:
      previous === undefined
        ? 'no earlier snapshot to compare with'
        : `${previous} → ${data.games.length} games (${percent(Math.max(0, shrink))} fewer; maximum ${percent(limits.maxCatalogShrink)})`,
  });

  const report = checks.map((c) => `${c.passed ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`).join('\n');
  context.log(report);
  const failed = checks.filter((c) => !c.passed);
  if (failed.length > 0) {
    throw new CoplayError(
      'NOT_ENOUGH_DATA',
      `validation failed (${failed.map((c) => c.name).join(', ')}):\n${report}`,
    );
  }
  return {
    outcome: `${checks.length} checks passed`,
    output: {
      users: data.libraries.size,
      games: data.games.length,
      unmatchedShare,
      absurdUsers,
      previousGames: previous ?? null,
    },
  };
}
