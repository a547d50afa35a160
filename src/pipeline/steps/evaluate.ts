import { CoplayError, isCoplayError } from '../../errors.ts';
import { scoreGroups } from '../../evaluation/score-groups.ts';
import { splitLibraries, type HeldOutUser } from '../../evaluation/split-libraries.ts';
import { buildSyntheticGroups, type SyntheticGroup } from '../../evaluation/synthetic-groups.ts';
import type { GroupModel } from '../../group/recommend-group.ts';
import { DEFAULT_STRATEGY, STRATEGIES } from '../../group/strategies.ts';
import { loadLiveModel, loadModelVersion } from '../load-model.ts';
import type { TaskContext, TaskResult } from '../pipeline-dag.ts';
import { loadTrainingData } from '../training-data.ts';

/** Group metrics of one model on the run's split. */
export interface GroupMetrics {
  version: string;
  groups: number;
  meanNdcg: number;
  worstNdcg: number;
}

function measure(
  version: string,
  groupModel: GroupModel,
  users: readonly HeldOutUser[],
  groups: readonly SyntheticGroup[],
  k: number,
): GroupMetrics {
  const scores = scoreGroups(groupModel, users, groups, [STRATEGIES[DEFAULT_STRATEGY]], { k });
  const n = Math.max(1, scores.length);
  return {
    version,
    groups: scores.length,
    meanNdcg: scores.reduce((sum, s) => sum + s.meanNdcg, 0) / n,
    worstNdcg: scores.reduce((sum, s) => sum + s.worstNdcg, 0) / n,
  };
}

/**
 * Scores the candidate and the live model on the same seeded split of the snapshot: synthetic groups of
 * test users get a list from each artifact through the one recommendation path (the served strategy), and
 * each member's held-out multiplayer games score it by NDCG@k. Both artifacts are compared as served; the
 * candidate saw the held-out games in training (the live one usually too), so the figures compare models
 * rather than estimate live quality — `coplay evaluate` is the unbiased protocol. Metrics land on the
 * candidate's version row.
 */
export async function evaluate(context: TaskContext): Promise<TaskResult> {
  const { store, artifacts, settings } = context;
  const version = context.inputs.train?.version;
  if (typeof version !== 'string')
    throw new CoplayError('NOT_FOUND', 'evaluate needs the version train registered');
  const protocol = settings.evaluation;
  const data = await loadTrainingData(store);
  const multiplayer = new Set(data.games.filter((g) => g.multiplayer.isMultiplayer).map((g) => g.appid));
  const split = splitLibraries(data.libraries, multiplayer, {
    seed: protocol.seed,
    minPlayedMultiplayer: protocol.minPlayedMultiplayer,
    maxTestUsers: protocol.maxTestUsers,
  });
  const sizes = protocol.groupSizes.filter((size) => size <= split.test.length);
  if (sizes.length === 0) {
    throw new CoplayError(
      'NOT_ENOUGH_DATA',
      `the evaluation split has ${split.test.length} test users, too few for groups of ${protocol.groupSizes.join(', ')}`,
    );
  }
  const groups = buildSyntheticGroups(
    split.test.map((u) => u.foldIn.map((e) => e.appid)),
    { seed: protocol.seed + 1, sizes, groupsPerSize: protocol.groupsPerSize },
  );
  const candidateModel = await loadModelVersion(store, artifacts, version);
  const candidate = measure(version, candidateModel.groupModel, split.test, groups, protocol.k);
  // A live version whose artifact is corrupt or gone (a file deleted by hand, a lost volume) cannot be scored,
  // and servers refuse it: treat it as no live model, or no candidate could ever replace it.
  let liveUnreadable: string | undefined;
  const liveModel = await loadLiveModel(store, artifacts).catch((error: unknown) => {
    if (!isCoplayError(error)) throw error;
    if (error.code === 'ARTIFACT_CORRUPT') liveUnreadable = 'corrupt';
    else if (error.code === 'ARTIFACT_NOT_FOUND') liveUnreadable = 'missing';
    else throw error;
    return undefined;
  });
  const live = liveModel
    ? measure(liveModel.info.version, liveModel.groupModel, split.test, groups, protocol.k)
    : null;
  const evaluation = {
    snapshotId: context.inputs.ingest?.snapshotId ?? null,
    seed: protocol.seed,
    k: protocol.k,
    strategy: DEFAULT_STRATEGY,
    testUsers: split.test.length,
    groups: candidate.groups,
    meanNdcg: candidate.meanNdcg,
    worstNdcg: candidate.worstNdcg,
    comparedWith: live,
  };
  await store.modelVersions.setMetrics(version, { pipelineEvaluation: evaluation });
  const liveText = live
    ? `live ${live.version} ${live.meanNdcg.toFixed(4)} / ${live.worstNdcg.toFixed(4)}`
    : liveUnreadable
      ? `live model not compared: its artifact is ${liveUnreadable}`
      : 'no live model';
  return {
    outcome: `group NDCG@${protocol.k} mean / worst: candidate ${candidate.meanNdcg.toFixed(4)} / ${candidate.worstNdcg.toFixed(4)}, ${liveText} (${candidate.groups} groups)`,
    output: { candidate, live },
  };
}
