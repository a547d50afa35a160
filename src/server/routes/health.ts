import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Store } from '../../store/store.ts';
import type { ModelRegistry } from '../model-registry.ts';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadySchema = z.object({
  ready: z.boolean(),
  database: z.boolean(),
  model: z.object({ version: z.string(), algorithm: z.string(), trainedAt: z.string() }).nullable(),
  message: z.string(),
});

/** A probe answers within this even when the database hangs (a black-holed network, a full pool). */
const DATABASE_CHECK_TIMEOUT_MS = 2_000;

/** True when one round trip to the database succeeds in time. */
async function databaseReachable(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_CHECK_TIMEOUT_MS);
  });
  // `select 1` rather than a table read: the probe runs every few seconds and should cost nothing.
  const roundTrip = sql`select 1`.execute(store.db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([roundTrip, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function readinessMessage(database: boolean, models: ModelRegistry): string {
  if (!database)
    return 'database unreachable: requests that need it answer 503 DATABASE_UNAVAILABLE until it is back';
  const refused = models.refused;
  if (!models.ready) {
    return refused
      ? `the published model ${refused.version} was refused (${refused.reason}); publish another`
      : 'no model published yet: this server loads one as soon as it is published ' +
          '("coplay train", "coplay pipeline run", or the scheduled pipeline)';
  }
  return refused
    ? `ready; the published model ${refused.version} was refused (${refused.reason}), still serving ${models.info?.version}`
    : 'ready';
}

/** Liveness (the process answers) and readiness (database reachable and a model loaded). */
export const healthRoutes: FastifyPluginAsyncZod<{ store: Store; models: ModelRegistry }> = async (
  app,
  { store, models },
) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    { schema: { tags: ['operations'], response: { 200: ReadySchema, 503: ReadySchema } } },
    async (_request, reply) => {
      const database = await databaseReachable(store);
      const ready = database && models.ready;
      return reply
        .status(ready ? 200 : 503)
        .send({ ready, database, model: models.info ?? null, message: readinessMessage(database, models) });
    },
  );
};
