import { z } from 'zod';
import { CoplayError } from './errors.ts';

/**
 * The whole configuration, read from the environment once (by a composition root in src/cli) and frozen.
 * Defaults make `npm start` work on one machine: SQLite under var/, the bundled data under data/.
 */
/** "true"/"false" (also 1/0, yes/no) from the environment; z.coerce.boolean would read "false" as true. */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Field ranges of a five-field cron expression: minute, hour, day of month, month, day of week (0 or 7 = Sunday). */
const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;
const CRON_ITEM = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

/**
 * Why `value` is not a five-field cron expression of numbers, ranges, lists and steps (`*`, `n`, `n-m`, `a,b`,
 * `x/step`), or undefined when it is one. The embedded scheduler (croner) and pg-boss (cron-parser) read
 * other syntax differently (a missing field, `15W`, names): past this check both fire at the same times.
 */
export function standardCron(value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5)
    return `"${value}" has ${fields.length} fields; a cron expression here has five (minute hour day month weekday), e.g. "0 4 * * *", or is "off"`;
  for (const [i, field] of fields.entries()) {
    const { name, min, max } = CRON_FIELDS[i] as (typeof CRON_FIELDS)[number];
    for (const item of (field as string).split(',')) {
      const match = CRON_ITEM.exec(item);
      const [from, to, step] = [match?.[2], match?.[3], match?.[4]].map((n) =>
        n === undefined ? undefined : Number(n),
      );
      const outside =
        [from, to, step].some((n) => n !== undefined && !Number.isSafeInteger(n)) ||
        (from !== undefined && (from < min || from > max)) ||
        (to !== undefined && (to < (from as number) || to > max)) ||
        (step !== undefined && step < 1);
      if (!match || outside)
        return `"${item}" is not a valid ${name} in "${value}" (numbers ${min}–${max}, *, ranges a-b, lists a,b and steps /n)`;
    }
  }
  return undefined;
}

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
  /**
   * When a pipeline run starts: a five-field cron expression in the process's local time (held by pg-boss in
   * distributed mode), or "off". Only the syntax both schedulers read alike is accepted (see standardCron).
   */
  PIPELINE_CRON: z
    .string()
    .default('0 4 * * *')
    .superRefine((value, ctx) => {
      const problem = value.trim().toLowerCase() === 'off' ? undefined : standardCron(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** How much worse (relative, 0.02 = 2 %) than the live model a candidate may score and still be published. */
  PIPELINE_GATE_TOLERANCE: z.coerce.number().min(0).max(1).default(0.02),
  /** Model versions whose artifacts the publish task keeps (older ones are pruned, never the live one). */
  PIPELINE_KEEP_VERSIONS: z.coerce.number().int().min(1).default(5),
  /**
   * Worker threads that rank groups beside the main thread ("auto": one per core, at most 4); 0 (default)
   * ranks them on the main thread. Each thread holds its own copy of the numeric model (about 35 MB), and
   * under load the server's memory passes the 300 MB budget with them: see the README's benchmarks.
   */
  ENGINE_THREADS: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(64)]).default(0),
  /** How often an API server checks the live pointer for a newly published model. */
  MODEL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** Serve Prometheus metrics at GET /metrics (unauthenticated, like most scrape targets). */
  METRICS_ENABLED: flag(true),
  /** Requests one client address may make per RATE_LIMIT_WINDOW_MS; 0 turns the limit off. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(300),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Origins allowed to call the API from a browser, comma-separated; empty = no CORS headers (same origin only). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    )
    .pipe(z.array(z.url()))
    // Browsers send an origin without path or trailing slash; compare in that form.
    .transform((origins) => origins.map((origin) => new URL(origin).origin)),
  /** Largest accepted request body; a 20,000-game inline library is about 1 MB. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For, so per-address limits see clients. */
  TRUST_PROXY: flag(false),
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
