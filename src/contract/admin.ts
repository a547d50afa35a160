import { z } from 'zod';

/** One model version as GET /api/v1/models lists it; `live` marks the version being served. */
export const ModelVersionSchema = z.object({
  version: z.string(),
  algorithm: z.string(),
  createdAt: z.string(),
  status: z.string(),
  live: z.boolean(),
  hasArtifact: z.boolean(),
  metrics: z.record(z.string(), z.unknown()),
});
export type ModelVersion = z.infer<typeof ModelVersionSchema>;

/** GET /api/v1/models: versions newest first and the live one (null before the first publish). */
export const ModelListResponseSchema = z.object({
  live: z.string().nullable(),
  models: z.array(ModelVersionSchema),
});
export type ModelListResponse = z.infer<typeof ModelListResponseSchema>;

/** One task of a pipeline run: its status, attempt, times, log tail and recorded outputs. */
export const PipelineTaskSchema = z.object({
  task: z.string(),
  status: z.string(),
  attempt: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  logTail: z.string().nullable(),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
});
export type PipelineTask = z.infer<typeof PipelineTaskSchema>;

/** One pipeline run with its tasks in DAG order. */
export const PipelineRunSchema = z.object({
  id: z.number(),
  status: z.string(),
  trigger: z.string(),
  snapshotId: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  tasks: z.array(PipelineTaskSchema),
});
export type PipelineRun = z.infer<typeof PipelineRunSchema>;

/** GET /api/v1/pipeline/runs: recent runs, newest first. */
export const PipelineRunListResponseSchema = z.object({ runs: z.array(PipelineRunSchema) });
export type PipelineRunListResponse = z.infer<typeof PipelineRunListResponseSchema>;

/** POST /api/v1/pipeline/runs (202): a run was queued; runId is known only when the queue created it. */
export const StartRunResponseSchema = z.object({
  queued: z.literal(true),
  runId: z.number().nullable(),
  message: z.string(),
});
export type StartRunResponse = z.infer<typeof StartRunResponseSchema>;
