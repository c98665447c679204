/** Where the server reads the time, so tests can move it instead of sleeping. */
export interface Clock {
  now(): Date;
  /** The time in epoch milliseconds, without a Date: `now().getTime()` when absent. */
  nowMs?(): number;
}

export const systemClock: Clock = { now: () => new Date(), nowMs: Date.now };

/** Epoch milliseconds from `clock` (hot paths: no Date allocated on the system clock). */
export function epochMs(clock: Clock): number {
  return clock.nowMs ? clock.nowMs() : clock.now().getTime();
}
