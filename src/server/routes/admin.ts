import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ModelListResponseSchema,
  PipelineRunListResponseSchema,
  StartRunResponseSchema,
} from '../../contract/admin.ts';
import { ErrorResponseSchema, errorResponse, RATE_LIMITED_RESPONSES } from '../../contract/errors.ts';
import { CoplayError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import type { PipelineStarter } from '../pipeline-starter.ts';

/** What the admin plugin needs; without `pipeline`, POST /api/v1/pipeline/runs answers 503. */
export interface AdminRoutesOptions {
  store: Store;
  adminToken?: string | undefined;
  pipeline?: PipelineStarter | undefined;
}

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

/**
 * GET /api/v1/models, GET /api/v1/pipeline/runs and POST /api/v1/pipeline/runs: model versions, pipeline
 * history and starting a run, for admins only.
 */
export const adminRoutes: FastifyPluginAsyncZod<AdminRoutesOptions> = async (
  app,
  { store, adminToken, pipeline },
) => {
  // preParsing, not onRequest: the rate limit is a route-level onRequest hook, which runs after the plugin's
  // own, so a token check there answered every guess with 401 and never counted it. Still before any body is
  // read.
  app.addHook('preParsing', async (request, _reply, payload) => {
    checkToken(request, adminToken);
    return payload;
  });
  const errors = {
    401: errorResponse('UNAUTHORIZED: no "Authorization: Bearer <ADMIN_TOKEN>", or the wrong token'),
    ...RATE_LIMITED_RESPONSES,
  };
  app.get(
    '/api/v1/models',
    {
      schema: {
        summary: 'Model versions, newest first, with their metrics and the live one marked',
        tags: ['admin'],
        response: { 200: ModelListResponseSchema, ...errors },
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
        response: { 200: PipelineRunListResponseSchema, ...errors },
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
  app.post(
    '/api/v1/pipeline/runs',
    {
      schema: {
        summary: 'Start a pipeline run now (202), unless one is already going (409)',
        tags: ['admin'],
        response: {
          202: StartRunResponseSchema,
          409: ErrorResponseSchema,
          503: ErrorResponseSchema,
          ...errors,
        },
      },
    },
    async (_request, reply) => {
      if (pipeline === undefined)
        throw new CoplayError('PIPELINE_UNAVAILABLE', 'this server has no pipeline to start a run on');
      const result = await pipeline.requestRun('admin');
      if (!result.queued) throw new CoplayError('PIPELINE_BUSY', result.reason);
      return reply.status(202).send({
        queued: true as const,
        runId: result.runId ?? null,
        message: result.runId === undefined ? 'run requested' : `run ${result.runId} requested`,
      });
    },
  );
};
