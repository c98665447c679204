import { utcDay } from '../../src/modules/usage/usage.service';

describe('utcDay (computed once per day, answered from the last call otherwise)', () => {
  it('turns at UTC midnight, forwards and backwards, and is the ISO date every time', () => {
    const start = Date.UTC(2026, 10, 29, 23, 59, 59, 998);
    const instants = [0, 1, 2, 3, 86_400_000, -86_400_000, 2, -1, 1].map((d) => start + d);
    for (const at of instants) {
      expect(utcDay(new Date(at))).toBe(new Date(at).toISOString().slice(0, 10));
    }
    expect(utcDay(new Date(start + 1))).toBe('2026-11-29');
    expect(utcDay(new Date(start + 2))).toBe('2026-11-30');
    expect(utcDay(new Date(Date.UTC(1969, 11, 31, 12)))).toBe('1969-12-31');
    expect(utcDay(new Date(Date.UTC(1970, 0, 1)))).toBe('1970-01-01');
  });

  it('still refuses an invalid date', () => {
    expect(() => utcDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
