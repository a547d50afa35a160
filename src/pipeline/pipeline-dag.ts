import type { Config } from '../config.ts';
import type { ModelConfig } from '../model/trainers.ts';
import type { SteamClient } from '../steam/steam-client.ts';
import type { ArtifactFiles } from '../store/artifact-files.ts';
import type { Store } from '../store/store.ts';
import type { DatasetPaths } from './import-datasets.ts';
import { evaluate } from './steps/evaluate.ts';
import { gate } from './steps/gate.ts';
import { ingest } from './steps/ingest.ts';
import { publish } from './steps/publish.ts';
import { train } from './steps/train.ts';
import { validate } from './steps/validate.ts';

/** The pipeline's tasks in run order. */
export const PIPELINE_TASKS = ['ingest', 'validate', 'train', 'evaluate', 'gate', 'publish'] as const;
export type PipelineTaskName = (typeof PIPELINE_TASKS)[number];

/** What a task hands to the tasks that need it; stored (with `outcome`) as the task's metrics JSON. */
export type TaskOutput = Record<string, unknown>;

/** A finished task: a one-line outcome for people, its output for later tasks, or a reasoned stop. */
export interface TaskResult {
  outcome: string;
  output: TaskOutput;
  /** Ends the run successfully here, skipping the remaining tasks (the gate refusing a candidate). */
  stop?: boolean;
}

/** Knobs of one run, from the configuration; tests make them small. */
export interface PipelineSettings {
  model: ModelConfig;
  gateTolerance: number;
  keepVersions: number;
  /** Evaluation protocol shared by candidate and live model. */
  evaluation: {
    seed: number;
    k: number;
    groupsPerSize: number;
    groupSizes: readonly number[];
    minPlayedMultiplayer: number;
    maxTestUsers: number;
  };
  validation: {
    minUsers: number;
    maxUnmatchedShare: number;
    maxAbsurdUserShare: number;
    maxCatalogShrink: number;
  };
  /** Steam players fetched within this many days have their libraries refreshed by ingest. */
  steamRefreshDays: number;
}

/** Everything a task may use: the store, artifacts, settings, optional sources, earlier tasks' outputs. */
export interface TaskContext {
  store: Store;
  artifacts: ArtifactFiles;
  settings: PipelineSettings;
  /** Dataset files to re-import; ingest skips the import when absent. */
  datasetPaths?: DatasetPaths;
  steam?: SteamClient;
  runId: number;
  /** Outputs of the tasks this task needs (from this run, or reused from an earlier one). */
  inputs: Partial<Record<PipelineTaskName, TaskOutput>>;
  log(line: string): void;
}

/** A node of the DAG: its name, the tasks whose outputs it needs, and the idempotent work. */
export interface PipelineTaskDefinition {
  name: PipelineTaskName;
  needs: readonly PipelineTaskName[];
  run(context: TaskContext): Promise<TaskResult>;
}

/** The retraining DAG. A re-run task redoes its work from its inputs, never from partial state. */
export const PIPELINE_DAG: readonly PipelineTaskDefinition[] = Object.freeze([
  { name: 'ingest', needs: [], run: ingest },
  { name: 'validate', needs: ['ingest'], run: validate },
  { name: 'train', needs: ['validate'], run: train },
  { name: 'evaluate', needs: ['ingest', 'train'], run: evaluate },
  { name: 'gate', needs: ['evaluate'], run: gate },
  { name: 'publish', needs: ['train', 'gate'], run: publish },
]);

/** Checks that every task needs only tasks listed before it, so run order is a topological order. */
export function checkDag(dag: readonly PipelineTaskDefinition[]): void {
  const seen = new Set<string>();
  for (const task of dag) {
    for (const need of task.needs)
      if (!seen.has(need))
        throw new RangeError(`task ${task.name} needs ${need}, which does not run before it`);
    seen.add(task.name);
  }
}

/** Whether `name` is a task of the pipeline. */
export function isPipelineTask(name: string): name is PipelineTaskName {
  return (PIPELINE_TASKS as readonly string[]).includes(name);
}

/** Settings from the configuration, with the tuned model and the documented evaluation defaults. */
export function pipelineSettings(config: Config, model: ModelConfig): PipelineSettings {
  return {
    model,
    gateTolerance: config.PIPELINE_GATE_TOLERANCE,
    keepVersions: config.PIPELINE_KEEP_VERSIONS,
    evaluation: {
      seed: 42,
      k: 20,
      groupsPerSize: 10,
      groupSizes: [2, 4, 6],
      minPlayedMultiplayer: 5,
      maxTestUsers: 300,
    },
    validation: { minUsers: 10, maxUnmatchedShare: 0.5, maxAbsurdUserShare: 0.01, maxCatalogShrink: 0.1 },
    steamRefreshDays: 30,
  };
}
