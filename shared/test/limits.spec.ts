import {
  isWholeNumberIn,
  MAX_LIFETIME_DAYS,
  MAX_RATE_LIMIT,
  MAX_REMINDER_DAYS,
  MAX_UNUSED_DAYS,
  RATE_LIMIT_BOUNDS,
  RATE_LIMIT_WINDOW_CHOICES,
} from '../src';

describe('bounds shared by the server and the web form', () => {
  it('checks whole numbers within bounds, both ends included', () => {
    const bounds = RATE_LIMIT_BOUNDS.limit;
    expect(isWholeNumberIn(bounds.min, bounds)).toBe(true);
    expect(isWholeNumberIn(bounds.max, bounds)).toBe(true);
    expect(isWholeNumberIn(bounds.min - 1, bounds)).toBe(false);
    expect(isWholeNumberIn(bounds.max + 1, bounds)).toBe(false);
    expect(isWholeNumberIn(1.5, bounds)).toBe(false);
    expect(isWholeNumberIn(Number.NaN, bounds)).toBe(false);
    expect(MAX_RATE_LIMIT).toBe(1_000_000);
  });

  it('offers per second, minute, hour and day, each a window the server accepts', () => {
    expect(RATE_LIMIT_WINDOW_CHOICES.map((w) => w.seconds)).toEqual([1, 60, 3600, 86_400]);
    for (const w of RATE_LIMIT_WINDOW_CHOICES) {
      expect(isWholeNumberIn(w.seconds, RATE_LIMIT_BOUNDS.windowSeconds)).toBe(true);
    }
  });

  it('keeps the policy bounds ordered: reminders within the unused and lifetime limits', () => {
    expect(MAX_REMINDER_DAYS).toBeLessThanOrEqual(MAX_UNUSED_DAYS);
    expect(MAX_UNUSED_DAYS).toBeLessThanOrEqual(MAX_LIFETIME_DAYS);
  });
});
