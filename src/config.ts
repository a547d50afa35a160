import { z } from 'zod';
import { CoplayError } from './errors.ts';

/**
 * The whole configuration, read from the environment once (by a composition root in src/cli) and frozen.
 * Defaults make `npm start` work on one machine: SQLite under var/, the bundled data under data/.
 */
const ConfigSchema = z.object({
  /** sqlite:<path> (default) or postgres://… */
  DATABASE_URL: z.string().min(1).default('sqlite:var/coplay.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder holding the bundled data files. */
  DATA_DIR: z.string().min(1).default('data'),
  /** Folder where model artifacts are written. */
  ARTIFACT_DIR: z.string().min(1).default('var/models'),
  STEAM_API_KEY: z.string().min(1).optional(),
  STEAM_API_BASE_URL: z.string().url().default('https://api.steampowered.com'),
  STEAM_STORE_BASE_URL: z.string().url().default('https://store.steampowered.com'),
  /** Token bucket for Steam calls: CAPACITY calls per INTERVAL_MS (Steam's store allows about 200 per 5 minutes). */
  STEAM_RATE_LIMIT_CAPACITY: z.coerce.number().int().min(1).default(200),
  STEAM_RATE_LIMIT_INTERVAL_MS: z.coerce.number().int().min(1).default(300_000),
  STEAM_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(4),
  STEAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  ADMIN_TOKEN: z.string().min(1).optional(),
  /** embedded: the pipeline runs inside `coplay start`; distributed: `coplay worker` processes run it on pg-boss (PostgreSQL). */
  PIPELINE_MODE: z.enum(['embedded', 'distributed']).default('embedded'),
  /** When a pipeline run starts (cron, server local time; held by pg-boss in distributed mode); "off" disables it. */
  PIPELINE_CRON: z.string().min(1).default('0 4 * * *'),
  /** How much worse (relative, 0.02 = 2 %) than the live model a candidate may score and still be published. */
  PIPELINE_GATE_TOLERANCE: z.coerce.number().min(0).max(1).default(0.02),
  /** Model versions whose artifacts the publish task keeps (older ones are pruned, never the live one). */
  PIPELINE_KEEP_VERSIONS: z.coerce.number().int().min(1).default(5),
  /** How often an API server checks the live pointer for a newly published model. */
  MODEL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/** Validates an environment-like record into a frozen Config; empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoplayError(
      'CONFIG_INVALID',
      `${String(issue?.path.join('.'))}: ${issue?.message ?? 'invalid value'}`,
    );
  }
  return Object.freeze(parsed.data);
}
