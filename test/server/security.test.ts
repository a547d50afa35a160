import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { CoplayError } from '../../src/errors.ts';
import type { AppDeps } from '../../src/server/build-app.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

/** A stand-in for web/dist as Vite builds it: index.html loading hashed files from assets/, nothing inline. */
function fakeWebRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'coplay-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-abc123.js"></script>' +
      '<link rel="stylesheet" crossorigin href="/assets/index-abc123.css"></head>' +
      '<body><div id="root"></div></body></html>',
  );
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("coplay")');
  writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{margin:0}');
  return root;
}

/** The CSP header as directive → sources. */
function csp(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.close()));
});
async function app(deps: Omit<Partial<AppDeps>, 'store' | 'models' | 'steam'> = {}): Promise<TestApp> {
  const t = await buildTestApp('sqlite', { deps });
  apps.push(t);
  return t;
}

describe('security headers', () => {
  let webRoot: string;
  beforeAll(() => {
    webRoot = fakeWebRoot();
  });
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

  it('serves the page with a CSP that allows its own script and stylesheet and Steam images, and nothing inline', async () => {
    const t = await app({ webRoot });
    const page = await t.app.inject({ method: 'GET', url: '/?members=1' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/assets/index-abc123.js');
    const policy = csp(page.headers['content-security-policy']);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(
      expect.arrayContaining(["'self'", 'https://*.steamstatic.com', 'https://media.steampowered.com']),
    );
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    // Served over plain HTTP, the page must not be told to fetch its own files over https.
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    for (const source of policy.values()) {
      expect(source).not.toContain("'unsafe-inline'");
      expect(source).not.toContain("'unsafe-eval'");
    }
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(page.headers['x-powered-by']).toBeUndefined();

    for (const asset of ['/assets/index-abc123.js', '/assets/index-abc123.css']) {
      const res = await t.app.inject({ method: 'GET', url: asset });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/games/100' });
    expect(api.statusCode).toBe(200);
    expect(api.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
  });

  it('gives the API viewer at /api/docs its own policy, and its files load', async () => {
    const t = await app();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    const policy = csp(docs.headers['content-security-policy']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    const scripts = [...docs.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    expect(docs.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    for (const src of scripts) {
      const res = await t.app.inject({ method: 'GET', url: new URL(src, 'http://x/api/docs/').pathname });
      expect(res.statusCode, src).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200);
  });
});

describe('rate limit per client address', () => {
  const fromA = { remoteAddress: '203.0.113.7' };
  const fromB = { remoteAddress: '198.51.100.9' };

  it('answers 429 RATE_LIMITED with Retry-After past RATE_LIMIT_MAX, per address', async () => {
    const t = await app({ rateLimit: { max: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/games/100', ...fromA });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const limited = await t.app.inject({ method: 'GET', url: '/api/v1/games/100', ...fromA });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/json/);
    const body = limited.json();
    expect(body.code).toBe('RATE_LIMITED');
    expect(body.message).toMatch(/Too many requests/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Other routes share the address's budget; another address has its own.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/recommendations',
      payload: {},
      ...fromA,
    });
    expect(other.statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/games/100', ...fromB })).statusCode).toBe(200);
    // The 429s are counted like any other error response.
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics', ...fromA })).body;
    expect(metrics).toMatch(/^coplay_errors_total\{code="RATE_LIMITED"\} 2$/m);
  });

  it('never limits /healthz, /readyz or /metrics', async () => {
    const t = await app({ rateLimit: { max: 1, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      for (const url of ['/healthz', '/readyz', '/metrics']) {
        const res = await t.app.inject({ method: 'GET', url, ...fromA });
        expect(res.statusCode, url).toBe(200);
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/games/100', ...fromA })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/games/100', ...fromA })).statusCode).toBe(429);
  });

  it('is off without rateLimit, or with max 0 (RATE_LIMIT_MAX=0)', async () => {
    for (const t of [await app(), await app({ rateLimit: { max: 0, windowMs: 60_000 } })]) {
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'GET', url: '/api/v1/games/100', ...fromA });
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      }
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) => ({
    method: 'OPTIONS' as const,
    url: '/api/v1/recommendations',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

  it('sends no CORS headers by default: only the page itself (same origin) calls the API', async () => {
    const t = await app();
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/games/100',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await t.app.inject(preflight('https://evil.example'));
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('allows exactly the CORS_ORIGINS origins', async () => {
    const { CORS_ORIGINS } = loadConfig({ CORS_ORIGINS: 'https://friends.example/, http://localhost:5173' });
    expect(CORS_ORIGINS).toEqual(['https://friends.example', 'http://localhost:5173']);
    const t = await app({ corsOrigins: CORS_ORIGINS });
    const allowed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/games/100',
      headers: { origin: 'https://friends.example' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://friends.example');
    const pre = await t.app.inject(preflight('http://localhost:5173'));
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/games/100',
      headers: { origin: 'https://friends.example.evil.example' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('request bodies and unexpected errors', () => {
  it('refuses a body over BODY_LIMIT_BYTES with 413 PAYLOAD_TOO_LARGE as JSON', async () => {
    const t = await app({ bodyLimitBytes: 2048 });
    const games = Array.from({ length: 200 }, (_, i) => ({ appid: 100 + i, playtimeMinutes: 60 }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/recommendations',
      payload: {
        members: [
          { name: 'A', games },
          { name: 'B', games },
        ],
      },
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
    // Under the limit the same route answers normally.
    const small = await t.app.inject({
      method: 'POST',
      url: '/api/v1/recommendations',
      payload: {
        members: [
          { name: 'A', games: games.slice(0, 3) },
          { name: 'B', games: games.slice(5, 8) },
        ],
      },
    });
    expect(small.statusCode).toBe(200);
  });

  it('answers an unexpected error with a generic 500 INTERNAL: no message, stack or internals', async () => {
    const t = await app();
    t.app.get('/test/throws', async () => {
      const error = new Error('relation "secret_table" does not exist at /srv/coplay/src/store/x.ts:42');
      throw error;
    });
    t.app.get('/test/throws-typed', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'groupModel')");
    });
    t.app.get('/test/throws-coded', async () => {
      throw new CoplayError('MODEL_NOT_READY', 'No model is published yet');
    });
    for (const url of ['/test/throws', '/test/throws-typed']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        code: 'INTERNAL',
        message: 'Something went wrong on our side; please try again.',
      });
      expect(res.body).not.toMatch(/secret_table|\/srv\/|groupModel|stack|at /);
    }
    const coded = await t.app.inject({ method: 'GET', url: '/test/throws-coded' });
    expect(coded.statusCode).toBe(503);
    expect(coded.json()).toMatchObject({ code: 'MODEL_NOT_READY' });
  });
});

describe('configuration of the security and observability keys', () => {
  it('has safe defaults and rejects values it cannot use', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      METRICS_ENABLED: true,
      RATE_LIMIT_MAX: 300,
      RATE_LIMIT_WINDOW_MS: 60_000,
      CORS_ORIGINS: [],
      BODY_LIMIT_BYTES: 2 * 1024 * 1024,
      TRUST_PROXY: false,
    });
    expect(loadConfig({ METRICS_ENABLED: 'false', TRUST_PROXY: '1' })).toMatchObject({
      METRICS_ENABLED: false,
      TRUST_PROXY: true,
    });
    for (const env of [
      { METRICS_ENABLED: 'maybe' },
      { CORS_ORIGINS: 'not a url' },
      { RATE_LIMIT_MAX: '-1' },
      { BODY_LIMIT_BYTES: '10' },
    ]) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
    }
  });
});
