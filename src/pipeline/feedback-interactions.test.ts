import { describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../store/feedback.repository.ts';
import { applyFeedback, FEEDBACK_MINUTES, trainingKeyOfMember } from './feedback-interactions.ts';

let nextId = 1;
function event(
  kind: FeedbackEvent['kind'],
  appid: number,
  memberKeys: string[],
  minute: number,
): FeedbackEvent {
  return {
    id: nextId++,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    memberKeys,
    groupKey: memberKeys.join('|'),
    appid,
    kind,
    modelVersion: null,
  };
}

describe('applyFeedback', () => {
  const libraries = new Map([
    [
      'steam200k:1',
      [
        { appid: 10, playtimeMinutes: 600 },
        { appid: 11, playtimeMinutes: 30 },
      ],
    ],
    ['steam:765', [{ appid: 10, playtimeMinutes: 5 }]],
  ]);

  it('maps sample players to their dataset user, keeps Steam players, and trains no one else', () => {
    expect(trainingKeyOfMember('sample:42')).toBe('steam200k:42');
    expect(trainingKeyOfMember('steam:765')).toBe('steam:765');
    expect(trainingKeyOfMember('inline:Ann')).toBeUndefined();
    expect(trainingKeyOfMember('inline:3f2a9c0d1e4b5a67')).toBeUndefined();
    expect(trainingKeyOfMember('vanity:gabelogannewell')).toBeUndefined();
    expect(trainingKeyOfMember('url:whatever')).toBeUndefined();
  });

  it('adds played_together and liked minutes to every member, creating rows for Steam players without a library', () => {
    const result = applyFeedback(libraries, [
      event('played_together', 20, ['sample:1', 'steam:765', 'steam:999'], 1),
      event('liked', 20, ['sample:1'], 2),
      event('liked', 11, ['sample:1'], 3),
    ]);
    expect(result.get('steam200k:1')).toEqual([
      { appid: 10, playtimeMinutes: 600 },
      { appid: 11, playtimeMinutes: 30 + FEEDBACK_MINUTES.liked },
      { appid: 20, playtimeMinutes: FEEDBACK_MINUTES.played_together + FEEDBACK_MINUTES.liked },
    ]);
    expect(result.get('steam:765')).toEqual([
      { appid: 10, playtimeMinutes: 5 },
      { appid: 20, playtimeMinutes: FEEDBACK_MINUTES.played_together },
    ]);
    expect(result.get('steam:999')).toEqual([
      { appid: 20, playtimeMinutes: FEEDBACK_MINUTES.played_together },
    ]);
    expect(libraries.get('steam:765')).toEqual([{ appid: 10, playtimeMinutes: 5 }]);
  });

  it('makes no training user of inline, vanity or unknown sample members, and still credits the others', () => {
    const result = applyFeedback(libraries, [
      // Two unrelated groups whose pasted member was called "Me" (how events were keyed before).
      event('liked', 20, ['inline:Me', 'sample:1'], 1),
      event('liked', 21, ['inline:Me', 'steam:765'], 2),
      event('played_together', 22, ['inline:3f2a9c0d1e4b5a67', 'vanity:gabelogannewell', 'sample:nobody'], 3),
    ]);
    expect([...result.keys()].sort()).toEqual(['steam200k:1', 'steam:765']);
    expect(result.get('steam200k:1')).toContainEqual({ appid: 20, playtimeMinutes: FEEDBACK_MINUTES.liked });
    expect(result.get('steam:765')).toContainEqual({ appid: 21, playtimeMinutes: FEEDBACK_MINUTES.liked });
  });

  it('removes a dismissed game from the members, in event order, dropping rows left empty', () => {
    const result = applyFeedback(libraries, [
      event('dismissed', 10, ['sample:1', 'steam:765'], 5),
      event('liked', 30, ['steam:888'], 6),
      event('dismissed', 30, ['steam:888'], 7),
      event('liked', 11, ['sample:1'], 1),
    ]);
    expect(result.get('steam200k:1')).toEqual([{ appid: 11, playtimeMinutes: 30 + FEEDBACK_MINUTES.liked }]);
    expect(result.has('steam:765')).toBe(false);
    expect(result.has('steam:888')).toBe(false);
  });

  it('lets a later like restore a dismissed game', () => {
    const result = applyFeedback(libraries, [
      event('liked', 10, ['steam:765'], 9),
      event('dismissed', 10, ['steam:765'], 8),
    ]);
    expect(result.get('steam:765')).toEqual([{ appid: 10, playtimeMinutes: FEEDBACK_MINUTES.liked }]);
  });
});
