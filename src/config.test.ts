import { describe, expect, it } from 'vitest';
import { loadConfig, standardCron } from './config.ts';

describe('PIPELINE_CRON', () => {
  it('takes five-field expressions both schedulers read alike, and "off"', () => {
    for (const cron of ['0 4 * * *', '*/15 0-6 1,15 * 1-5', '30 2 * 1-12/2 0', 'off', 'OFF'])
      expect(loadConfig({ PIPELINE_CRON: cron }).PIPELINE_CRON).toBe(cron);
    expect(loadConfig({}).PIPELINE_CRON).toBe('0 4 * * *');
  });

  it('refuses, naming the variable, what one scheduler would read differently or not at all', () => {
    // A dropped field (pg-boss read it as monthly), an hour past 23, and croner-only syntax.
    for (const [cron, said] of [
      ['0 4 * *', /has 4 fields/],
      ['0 25 * * *', /"25" is not a valid hour/],
      ['0 4 15W * *', /"15W" is not a valid day of month/],
      ['0 4 * * MON', /"MON" is not a valid day of week/],
      ['0 4 * * */0', /"\*\/0" is not a valid day of week/],
      ['5-1 * * * *', /"5-1" is not a valid minute/],
    ] as const) {
      expect(() => loadConfig({ PIPELINE_CRON: cron }), cron).toThrow(/PIPELINE_CRON/);
      expect(standardCron(cron), cron).toMatch(said);
    }
    // An empty value is unset (the default), as for every variable; the check itself refuses it.
    expect(standardCron('')).toMatch(/has 1 fields/);
  });
});
