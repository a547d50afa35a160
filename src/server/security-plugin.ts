import { createRequire } from 'node:module';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type helmetModule from 'helmet';
import { CoplayError } from '../errors.ts';

/**
 * The helmet that @fastify/helmet wraps, resolved from that plugin's own folder (it is its dependency, not
 * ours), so the headers are the ones the plugin would send.
 */
const require = createRequire(import.meta.url);
const helmet = (
  createRequire(require.resolve('@fastify/helmet'))('helmet') as { default: typeof helmetModule }
).default;

export interface SecurityPluginOptions {
  /** Requests per client address per window; absent or max 0 = no limit. */
  rateLimit?: { max: number; windowMs: number } | undefined;
  /** Origins allowed to call the API from a browser; empty = no CORS headers at all (same origin only). */
  corsOrigins?: readonly string[] | undefined;
}

/** Probes and the scrape are never limited: an orchestrator or Prometheus must always get through. */
const NOT_LIMITED = new Set(['/healthz', '/readyz', '/metrics']);

/** Where the page's images come from: game capsules and avatars on Steam's CDNs. */
const STEAM_IMAGE_HOSTS = ['https://*.steamstatic.com', 'https://media.steampowered.com'];

/** helmet's options: its default headers, with a Content-Security-Policy that fits the built page. */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      // The Vite build loads only its own hashed script and stylesheet files: no inline code is needed.
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      // React's style={…} goes through the CSSOM, which style-src does not restrict; no inline <style>.
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:', ...STEAM_IMAGE_HOSTS],
      'connect-src': ["'self'"],
      'font-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      // The server itself speaks plain HTTP (127.0.0.1:3000 by default): upgrading would make a browser on
      // http://<lan-ip>:3000 fetch the page's own files over https and fail. A TLS proxy can add it.
      'upgrade-insecure-requests': null,
    },
  },
} satisfies Parameters<typeof helmetModule>[0];

/**
 * Security headers (helmet, with a Content-Security-Policy that fits the built page), optional CORS and a
 * per-address rate limit whose 429 is an ordinary RATE_LIMITED error with Retry-After. Registered at the
 * root before the routes (the rate limiter attaches to routes as they are added).
 */
export const securityPlugin = fp<SecurityPluginOptions>(
  (async (app, options) => {
    // @fastify/helmet builds helmet's middleware anew for every request (parsing the CSP each time); the
    // options never change, so it is built once here and run as is: the same headers, set the same way.
    const setSecurityHeaders = helmet(HELMET_OPTIONS);
    app.addHook('onRequest', (request, reply, done) =>
      // helmet passes on only what a CSP directive function throws: there are none here.
      setSecurityHeaders(request.raw, reply.raw, done as (error?: unknown) => void),
    );
    if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
      await app.register(cors, {
        origin: [...options.corsOrigins],
        methods: ['GET', 'HEAD', 'POST', 'DELETE'],
        allowedHeaders: ['content-type', 'authorization'],
        maxAge: 600,
      });
    }
    const limit = options.rateLimit;
    if (limit !== undefined && limit.max > 0) {
      await app.register(rateLimit, {
        max: limit.max,
        timeWindow: limit.windowMs,
        allowList: (request) => NOT_LIMITED.has(request.routeOptions.url ?? ''),
        // Thrown into the app's error handler, so the 429 has the usual { code, message } body.
        errorResponseBuilder: (_request, context) => {
          const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
          return new CoplayError(
            'RATE_LIMITED',
            `Too many requests from your address (${context.max} per ${Math.round(limit.windowMs / 1000)} s): ` +
              `try again in ${retryAfterSeconds} s.`,
            { details: { retryAfterSeconds } },
          );
        },
      });
    }
  }) satisfies FastifyPluginAsync<SecurityPluginOptions>,
  { name: 'coplay-security' },
);
