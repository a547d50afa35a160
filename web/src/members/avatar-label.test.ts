import { describe, expect, it } from 'vitest';
import { avatarHue, avatarLabel } from './avatar-label.ts';

describe('avatarLabel', () => {
  it('shows initials of the first two words', () => {
    expect(avatarLabel('Alice')).toBe('A');
    expect(avatarLabel('alice cooper smith')).toBe('AC');
    expect(avatarLabel('dark_knight-99x')).toBe('DK');
  });

  it('tells numbered names apart by their last two digits', () => {
    expect(avatarLabel('Player 10507')).toBe('07');
    expect(avatarLabel('Player 11499')).toBe('99');
    expect(avatarLabel('Player 7')).toBe('7');
    expect(avatarLabel('10507')).toBe('1');
  });

  it('keeps a leading emoji whole, and shows ? for a blank name', () => {
    expect(avatarLabel('🎮 gamer')).toBe('🎮G');
    expect(avatarLabel('  ')).toBe('?');
  });
});

describe('avatarHue', () => {
  it('is a stable hue that differs between names', () => {
    expect(avatarHue('Player 10507')).toBe(avatarHue('Player 10507'));
    expect(avatarHue('Player 10507')).not.toBe(avatarHue('Player 11499'));
    for (const name of ['', 'a', 'Player 3951', '🎮']) {
      expect(avatarHue(name)).toBeGreaterThanOrEqual(0);
      expect(avatarHue(name)).toBeLessThan(360);
    }
  });
});
