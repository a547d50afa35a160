import { setFlagsFromString } from 'node:v8';
import type { Config } from '../config.ts';
import type { AppDeps } from '../server/build-app.ts';

/** The app options that come from the settings alone (the rest are the process's own parts). */
export type ConfigAppOptions = Pick<
  AppDeps,
  'logger' | 'bodyLimitBytes' | 'rateLimit' | 'corsOrigins' | 'trustProxy' | 'adminToken'
>;

/**
 * What a process about to serve the API does to itself, and the app options it takes from the settings:
 * `coplay start` calls it, and so does the benchmark's memoised-engine server, which must be the same server
 * but for the engine.
 *
 * The heap: V8 collects once the heap has grown by a fifth, where its own factor lets a busy server's heap run
 * far past what it holds. On 2 cores this kept RSS ~60 MB lower under the group benchmark at the same
 * throughput, and engine threads within the memory budget (README → Benchmarks). V8 reads the flag when it
 * sizes the heap after each collection, so it applies from here on, to every thread of the process (the
 * embedded pipeline's training too).
 */
export function prepareServing(config: Config): ConfigAppOptions {
  setFlagsFromString('--heap-growing-percent=20');
  return {
    logger: { level: config.LOG_LEVEL, secrets: [config.STEAM_API_KEY, config.ADMIN_TOKEN] },
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS },
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}),
  };
}
