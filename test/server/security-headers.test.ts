/**
 * The security plugin sends, byte for byte on the wire, the headers @fastify/helmet sends with the same
 * options (same names, casing, values and order), on answers, errors and 404s alike.
 */
import { connect } from 'node:net';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoplayError } from '../../src/errors.ts';
import { errorHandler } from '../../src/server/error-handler.ts';
import { HELMET_OPTIONS, securityPlugin } from '../../src/server/security-plugin.ts';

/** A small app with helmet's headers from `security`, then a few routes of each kind. */
async function listening(security: (app: FastifyInstance) => PromiseLike<unknown>): Promise<FastifyInstance> {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  await security(app);
  app.get('/ok', async () => ({ ok: true }));
  app.get('/text', async (_request, reply) => reply.type('text/html').send('<p>hi</p>'));
  app.get('/coded', async () => {
    throw new CoplayError('MODEL_NOT_READY', 'No model yet');
  });
  app.post('/echo', async (request) => request.body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** The status line and headers as sent, with the Date header's value blanked. */
function rawHead(app: FastifyInstance, request: string): Promise<string> {
  const { port } = app.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text.split('\r\n\r\n')[0]!.replace(/\r\nDate: [^\r]*/, '\r\nDate: -')));
    socket.on('error', reject);
    socket.end(request);
  });
}

describe('security headers', () => {
  let ours: FastifyInstance;
  let theirs: FastifyInstance;
  beforeAll(async () => {
    ours = await listening((app) => app.register(securityPlugin, {}));
    theirs = await listening((app) => app.register(fastifyHelmet, HELMET_OPTIONS));
  });
  afterAll(async () => {
    await Promise.all([ours.close(), theirs.close()]);
  });

  const requests = [
    'GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /text HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'HEAD /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /coded HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n{"a"',
    'POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/xml\r\nContent-Length: 2\r\n\r\n<a',
  ];

  it('are the ones @fastify/helmet sends, byte for byte', async () => {
    for (const request of requests) {
      const [a, b] = await Promise.all([rawHead(ours, request), rawHead(theirs, request)]);
      expect(a, request).toBe(b);
      expect(a, request).toContain("\r\nContent-Security-Policy: default-src 'self';");
      expect(a, request).toContain('\r\nX-Content-Type-Options: nosniff');
    }
  });
});
