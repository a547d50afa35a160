import type { FastifyInstance } from 'fastify';

/** One request the traffic driver made, and what came back. */
export interface Exchange {
  kind: 'feedback' | 'recommend' | 'ready';
  /** performance.now() when it was sent and when the answer arrived. */
  started: number;
  ended: number;
  status: number;
  /** The error code of a non-2xx answer. */
  code?: string;
  retryAfter?: string;
  /** /readyz: whether it said the database was reachable. */
  database?: boolean;
  /** POST /api/v1/feedback answered 2xx: the stored event's id and the game it was about. */
  feedbackId?: number;
  appid?: number;
}

/** Requests in flight against an app until stop(): a few loops of feedback, recommendations and /readyz. */
export interface Traffic {
  readonly exchanges: Exchange[];
  /** Resolves once `count` more requests of `kind` have succeeded (2xx) after this call; fails after `timeoutMs`. */
  successes(kind: Exchange['kind'], count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const GROUP = [{ sampleUser: '2' }, { sampleUser: '3' }];

/**
 * Drives the app through `inject` (its real routes, plugins and error handler) from several concurrent loops,
 * recording every exchange. A loop that gets an error pauses a few ms, as a client backing off would, so an
 * outage does not turn into a busy loop on a 2-core machine.
 */
export function driveTraffic(app: FastifyInstance, loops = { feedback: 3, recommend: 1, ready: 1 }): Traffic {
  const exchanges: Exchange[] = [];
  let running = true;
  let sent = 0;
  const waiters: { kind: Exchange['kind']; left: number; done: () => void }[] = [];

  const record = (exchange: Exchange) => {
    exchanges.push(exchange);
    if (exchange.status >= 300) return;
    for (const waiter of waiters.filter((w) => w.kind === exchange.kind)) {
      waiter.left -= 1;
      if (waiter.left <= 0) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done();
      }
    }
  };

  const one = async (kind: Exchange['kind']): Promise<Exchange> => {
    const started = performance.now();
    if (kind === 'ready') {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      const body = res.json() as { database: boolean };
      return { kind, started, ended: performance.now(), status: res.statusCode, database: body.database };
    }
    const appid = 100 + (sent++ % 30);
    const res =
      kind === 'feedback'
        ? await app.inject({
            method: 'POST',
            url: '/api/v1/feedback',
            payload: { members: GROUP, appid, kind: 'liked' },
          })
        : await app.inject({
            method: 'POST',
            url: '/api/v1/recommendations',
            payload: { members: GROUP, limit: 5 },
          });
    const ended = performance.now();
    const body = res.json() as { code?: string; id?: number };
    const retryAfter = res.headers['retry-after'];
    return {
      kind,
      started,
      ended,
      status: res.statusCode,
      ...(res.statusCode >= 300 ? { code: body.code } : {}),
      ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
      ...(kind === 'feedback' && res.statusCode < 300 ? { feedbackId: body.id, appid } : {}),
    };
  };

  const loop = async (kind: Exchange['kind']) => {
    while (running) {
      const exchange = await one(kind);
      record(exchange);
      const pauseMs = exchange.status >= 300 ? 20 : kind === 'ready' ? 25 : 2;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const running$ = [
    ...Array.from({ length: loops.feedback }, () => loop('feedback')),
    ...Array.from({ length: loops.recommend }, () => loop('recommend')),
    ...Array.from({ length: loops.ready }, () => loop('ready')),
  ];

  return {
    exchanges,
    successes: (kind, count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fewer than ${count} successful ${kind} requests in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          kind,
          left: count,
          done: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    stop: async () => {
      running = false;
      await Promise.all(running$);
    },
  };
}
