import { describe, expect, it } from 'vitest';
import { CallBudgetExceeded, RateLimiter } from './rate-limiter.ts';
import { VirtualClock } from './virtual-clock.ts';

describe('RateLimiter', () => {
  it('lets a full bucket through without waiting', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 3, intervalMs: 3_000 });
    for (let i = 0; i < 3; i += 1) await limiter.schedule(async () => i);
    expect(clock.sleeps).toEqual([]);
    expect(limiter.stats()).toMatchObject({ calls: 3, waits: 0, waitMs: 0 });
  });

  it('waits on the clock for the next token once the bucket is empty', async () => {
    const clock = new VirtualClock();
    // 2 tokens per 10 s: one token every 5 s.
    const limiter = new RateLimiter({ clock, capacity: 2, intervalMs: 10_000 });
    const startedAt: number[] = [];
    const start = clock.now();
    for (let i = 0; i < 4; i += 1) {
      await limiter.schedule(async () => {
        startedAt.push(clock.now() - start);
      });
    }
    expect(startedAt).toEqual([0, 0, 5_000, 10_000]);
    expect(limiter.stats()).toMatchObject({ calls: 4, waits: 2, waitMs: 10_000 });
  });

  it('refills while idle, but never above capacity', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 2, intervalMs: 10_000 });
    await limiter.schedule(async () => undefined);
    await limiter.schedule(async () => undefined);
    clock.advance(60_000);
    expect(limiter.stats().tokens).toBe(2);
    await limiter.schedule(async () => undefined);
    await limiter.schedule(async () => undefined);
    expect(clock.sleeps).toEqual([]);
  });

  it('serves concurrent waiters one token each, in order', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 1, intervalMs: 1_000, maxConcurrent: 10 });
    const start = clock.now();
    const order: Array<[number, number]> = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) => limiter.schedule(async () => void order.push([i, clock.now() - start]))),
    );
    expect(order).toEqual([
      [0, 0],
      [1, 1_000],
      [2, 2_000],
      [3, 3_000],
    ]);
  });

  it('caps the calls in flight', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 100, maxConcurrent: 2 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.schedule(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setImmediate(r));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(limiter.stats()).toMatchObject({ calls: 6, inFlight: 0, queued: 0 });
  });

  it('defaults to 200 calls per 5 minutes', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, maxConcurrent: 50 });
    await Promise.all(Array.from({ length: 201 }, () => limiter.schedule(async () => undefined)));
    // The 201st call waits for one token: 300 000 ms / 200.
    expect(clock.sleeps).toEqual([1_500]);
  });

  it('serves interactive calls before background ones that queued first', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 1, intervalMs: 1_000, maxConcurrent: 10 });
    await limiter.schedule(async () => undefined);
    const order: string[] = [];
    const call = (name: string, priority: 'interactive' | 'background') =>
      limiter.schedule(async () => void order.push(name), { priority });
    await Promise.all([
      call('b1', 'background'),
      call('b2', 'background'),
      call('i1', 'interactive'),
      call('i2', 'interactive'),
    ]);
    expect(order).toEqual(['i1', 'i2', 'b1', 'b2']);
  });

  it('refuses a call whose turn is further off than maxWaitMs, without taking a token', async () => {
    const clock = new VirtualClock();
    // One token every 1.5 s once the 2 are spent.
    const limiter = new RateLimiter({ clock, capacity: 2, intervalMs: 3_000, maxConcurrent: 10 });
    await limiter.schedule(async () => undefined);
    await limiter.schedule(async () => undefined);
    let ran = 0;
    const queued = limiter.schedule(async () => void (ran += 1));
    const refused = await limiter.schedule(async () => void (ran += 1), { maxWaitMs: 2_000 }).catch((e) => e);
    expect(refused).toBeInstanceOf(CallBudgetExceeded);
    // Behind the one already queued: two tokens short, 3 s.
    expect((refused as CallBudgetExceeded).retryAfterMs).toBe(3_000);
    await queued;
    expect(ran).toBe(1);
    // One that fits its wait goes through; background calls also count those interactive calls ahead.
    await expect(limiter.schedule(async () => 'ok', { maxWaitMs: 1_500 })).resolves.toBe('ok');
    expect(limiter.stats()).toMatchObject({ calls: 4, refused: 1 });
  });

  it('holds every call back until a pause Steam asked for is over', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 10, maxConcurrent: 10 });
    const start = clock.now();
    limiter.pauseUntil(start + 2_000);
    limiter.pauseUntil(start + 1_000); // a shorter pause does not shorten the longer one
    const sentAt: number[] = [];
    await Promise.all(
      [0, 1, 2].map(() => limiter.schedule(async () => void sentAt.push(clock.now() - start))),
    );
    expect(sentAt).toEqual([2_000, 2_000, 2_000]);
    await expect(limiter.schedule(async () => 'x', { maxWaitMs: 0 })).resolves.toBe('x');
  });

  it('lets a call given up while it queues leave without a token, and the next one take it', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 1, intervalMs: 1_000, maxConcurrent: 10 });
    await limiter.schedule(async () => undefined);
    const giveUp = new AbortController();
    let ran = false;
    const queued = limiter.schedule(async () => void (ran = true), { signal: giveUp.signal });
    const next = limiter.schedule(async () => 'next');
    giveUp.abort(new Error('the group failed'));
    await expect(queued).rejects.toThrow('the group failed');
    await expect(next).resolves.toBe('next');
    expect(ran).toBe(false);
    // One token for the first call, one for `next`; the one given up took none.
    expect(limiter.stats()).toMatchObject({ calls: 2, queued: 0 });
    expect(clock.sleeps).toEqual([1_000]);
    await expect(limiter.schedule(async () => 1, { signal: giveUp.signal })).rejects.toThrow(
      'the group failed',
    );
  });

  it('rejects settings that cannot work', () => {
    const clock = new VirtualClock();
    expect(() => new RateLimiter({ clock, capacity: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ clock, intervalMs: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ clock, maxConcurrent: 0 })).toThrow(RangeError);
  });
});
