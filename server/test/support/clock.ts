import type { Clock } from '../../src/common/clock';

/**
 * A clock the test moves by hand. Frozen by default; `TestClock.running()` follows real time
 * from an offset, for tests where requests must still be ordered in time but an expiry or grace
 * period is passed with `advance` instead of a sleep.
 */
export class TestClock implements Clock {
  private offset = 0;

  constructor(
    private at = Date.now(),
    private readonly runs = false,
  ) {}

  static running(): TestClock {
    return new TestClock(Date.now(), true);
  }

  now(): Date {
    return new Date((this.runs ? Date.now() : this.at) + this.offset);
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  /** Moves the clock to `epochMs` unless it is already past it. */
  advanceTo(epochMs: number): void {
    const behind = epochMs - this.now().getTime();
    if (behind > 0) this.advance(behind);
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}
