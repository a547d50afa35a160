import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './test-app.ts';

describe('Server-Timing', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp('sqlite');
  });
  afterAll(() => test.close());

  it('tells on every answer, errors included, how long the server spent on it', async () => {
    const answers = await Promise.all([
      test.app.inject({ method: 'GET', url: '/healthz' }),
      test.app.inject({ method: 'GET', url: '/api/v1/games?search=game' }),
      test.app.inject({ method: 'POST', url: '/api/v1/recommendations', payload: { members: [] } }),
      test.app.inject({ method: 'GET', url: '/api/v1/nowhere' }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 400, 404]);
    for (const answer of answers) {
      const timing = /^app;dur=(\d+\.\d\d)$/.exec(String(answer.headers['server-timing']));
      expect(timing, String(answer.headers['server-timing'])).not.toBeNull();
      expect(Number(timing?.[1])).toBeGreaterThanOrEqual(0);
      expect(Number(timing?.[1])).toBeLessThan(10_000);
    }
  });
});
