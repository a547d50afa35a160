import { setTimeout as delay } from 'node:timers/promises';

/** Time as the Steam client sees it: a port so rate limiting and backoff can be tested without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock: Date.now and a timer. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => delay(Math.max(0, ms)),
};
