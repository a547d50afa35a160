import { describe, expect, it } from 'vitest';
import { collectingProgress } from '../../pipeline/progress-reporter.ts';
import { parseNameList, parseWholeNumber, progressAdapter } from './evaluate.ts';

describe('evaluate command arguments', () => {
  it('parses comma lists of known names and rejects unknown ones', () => {
    expect(parseNameList(' ials, ease ,ials', ['ials', 'ease', 'content'], '--models')).toEqual([
      'ials',
      'ease',
    ]);
    expect(() => parseNameList('ials,svd', ['ials', 'ease'], '--models')).toThrow(/unknown name "svd"/);
    expect(() => parseNameList(' , ', ['ials'], '--models')).toThrow(/at least one/);
  });

  it('parses bounded whole numbers', () => {
    expect(parseWholeNumber('25', '--groups-per-size', 1, 100)).toBe(25);
    for (const bad of ['0', '2.5', 'x', '101'])
      expect(() => parseWholeNumber(bad, '--groups-per-size', 1, 100)).toThrow(/--groups-per-size/);
  });
});

describe('progressAdapter', () => {
  it('turns phase events into start/advance/finish calls', () => {
    const calls: string[] = [];
    const reporter = {
      ...collectingProgress(),
      start: (phase: string, total?: number) => calls.push(`start ${phase} ${total}`),
      advance: (n: number) => calls.push(`advance ${n}`),
      finish: (phase: string, done: number) => calls.push(`finish ${phase} ${done}`),
    };
    const listener = progressAdapter(reporter);
    listener({ phase: 'ials: fit', done: 1, total: 3 });
    listener({ phase: 'ials: fit', done: 3, total: 3 });
    listener({ phase: 'ials: users', done: 10, total: 10 });
    listener.close();
    expect(calls).toEqual([
      'start ials: fit 3',
      'advance 1',
      'advance 2',
      'finish ials: fit 3',
      'start ials: users 10',
      'advance 10',
      'finish ials: users 10',
    ]);
  });
});
