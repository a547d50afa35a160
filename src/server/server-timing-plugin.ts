import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Every answer says how long the server spent on it, in the standard Server-Timing header
 * (`app;dur=1.93`, milliseconds from the request's arrival to its serialised answer): browsers show it in
 * their network panel, and a load test can tell the server's share of a latency from the network's and the
 * client's (npm run bench reads it).
 */
export const serverTimingPlugin = fp(
  (async (app) => {
    // A callback hook: an async one costs a promise per request.
    app.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
      done(null, payload);
    });
  }) satisfies FastifyPluginAsync,
  { name: 'coplay-server-timing' },
);
