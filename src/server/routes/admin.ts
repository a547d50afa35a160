import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../contract/errors.ts';
import { CoplayError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';

const ModelSchema = z.object({
  version: z.string(),
  algorithm: z.string(),
  createdAt: z.string(),
  status: z.string(),
  live: z.boolean(),
  hasArtifact: z.boolean(),
  metrics: z.record(z.string(), z.unknown()),
});

const TaskSchema = z.object({
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

const RunSchema = z.object({
  id: z.number(),
  status: z.string(),
  trigger: z.string(),
  snapshotId: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  tasks: z.array(TaskSchema),
});

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Refuses a request without `Authorization: Bearer <ADMIN_TOKEN>`; hashes first so the compare is constant-time. */
function checkToken(request: FastifyRequest, adminToken: string | undefined): void {
  if (adminToken === undefined)
    throw new CoplayError('UNAUTHORIZED', 'admin routes are disabled: set ADMIN_TOKEN on the server');
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (!timingSafeEqual(digest(given), digest(adminToken)))
    throw new CoplayError('UNAUTHORIZED', 'send the admin token as "Authorization: Bearer <ADMIN_TOKEN>"');
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** GET /api/v1/models and GET /api/v1/pipeline/runs: model versions and pipeline history, for admins only. */
export const adminRoutes: FastifyPluginAsyncZod<{ store: Store; adminToken?: string | undefined }> = async (
  app,
  { store, adminToken },
) => {
  app.addHook('onRequest', async (request) => checkToken(request, adminToken));
  const errors = { 401: ErrorResponseSchema };
  app.get(
    '/api/v1/models',
    {
      schema: {
        summary: 'Model versions, newest first, with their metrics and the live one marked',
        tags: ['admin'],
        response: { 200: z.object({ live: z.string().nullable(), models: z.array(ModelSchema) }), ...errors },
      },
    },
    async () => {
      const live = (await store.modelVersions.getLive())?.version ?? null;
      const models = (await store.modelVersions.list()).map((m) => ({
        version: m.version,
        algorithm: m.algorithm,
        createdAt: m.createdAt.toISOString(),
        status: m.status,
        live: m.version === live,
        hasArtifact: m.hasStoredArtifact || m.artifactPath !== null,
        metrics: m.metrics,
      }));
      return { live, models };
    },
  );
  app.get(
    '/api/v1/pipeline/runs',
    {
      schema: {
        summary: 'Recent pipeline runs with each task’s status, duration, log tail and metrics',
        tags: ['admin'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: z.object({ runs: z.array(RunSchema) }), ...errors },
      },
    },
    async (request) => {
      const runs = await store.pipelineRuns.listRuns(request.query.limit);
      return {
        runs: runs.map((run) => ({
          id: run.id,
          status: run.status,
          trigger: run.trigger,
          snapshotId: run.snapshotId,
          startedAt: run.startedAt.toISOString(),
          finishedAt: iso(run.finishedAt),
          tasks: run.tasks.map((t) => ({
            task: t.task,
            status: t.status,
            attempt: t.attempt,
            startedAt: iso(t.startedAt),
            finishedAt: iso(t.finishedAt),
            durationMs: t.startedAt && t.finishedAt ? t.finishedAt.getTime() - t.startedAt.getTime() : null,
            logTail: t.logTail,
            metrics: t.metrics,
            error: t.error,
          })),
        })),
      };
    },
  );
};
