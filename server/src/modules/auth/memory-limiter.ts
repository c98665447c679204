import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { systemClock, type Clock } from '../../common/clock';

interface MemoryRecord {
  value: number;
  /** Epoch ms, or null: never expires. */
  expiresAt: number | null;
  timeoutId?: NodeJS.Timeout;
}

/**
 * rate-limiter-flexible's memory storage (component/MemoryStorage, the four calls
 * RateLimiterMemory makes: incrby, set, get, delete) with its time read from a Clock instead of
 * Date.now(), so tests move a window's end with the test clock instead of sleeping through it.
 * With the system clock it behaves as the library's own. A record is dropped by a timer when its
 * window ends on the clock (checked again if the timer fires early), as the library's is.
 */
class ClockedMemoryStorage {
  private readonly storage = new Map<string, MemoryRecord>();

  constructor(private readonly clock: Clock) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  incrby(key: string, value: number, durationSec: number): RateLimiterRes {
    const record = this.storage.get(key);
    if (record) {
      const msBeforeExpires = record.expiresAt ? record.expiresAt - this.now() : -1;
      if (!record.expiresAt || msBeforeExpires > 0) {
        record.value += value;
        return new RateLimiterRes(0, msBeforeExpires, record.value, false);
      }
    }
    return this.set(key, value, durationSec);
  }

  set(key: string, value: number, durationSec: number): RateLimiterRes {
    const durationMs = durationSec * 1000;
    const existing = this.storage.get(key);
    if (existing?.timeoutId) clearTimeout(existing.timeoutId);
    const record: MemoryRecord = {
      value: Math.trunc(value),
      expiresAt: durationMs > 0 ? this.now() + durationMs : null,
    };
    this.storage.set(key, record);
    if (durationMs > 0) this.dropWhenExpired(key, record, durationMs);
    return new RateLimiterRes(0, durationMs === 0 ? -1 : durationMs, record.value, true);
  }

  get(key: string): RateLimiterRes | null {
    const record = this.storage.get(key);
    if (!record) return null;
    const msBeforeExpires = record.expiresAt ? record.expiresAt - this.now() : -1;
    return new RateLimiterRes(0, msBeforeExpires, record.value, false);
  }

  delete(key: string): boolean {
    const record = this.storage.get(key);
    if (!record) return false;
    if (record.timeoutId) clearTimeout(record.timeoutId);
    this.storage.delete(key);
    return true;
  }

  private dropWhenExpired(key: string, record: MemoryRecord, afterMs: number): void {
    record.timeoutId = setTimeout(() => {
      if (this.storage.get(key) !== record) return;
      const left = record.expiresAt! - this.now();
      if (left > 0) this.dropWhenExpired(key, record, left);
      else this.storage.delete(key);
    }, afterMs);
    record.timeoutId.unref();
  }
}

export interface MemoryLimiterOptions {
  keyPrefix?: string;
  points: number;
  /** Window, seconds. */
  duration: number;
}

/** A RateLimiterMemory whose windows run on `clock`. */
export function memoryLimiter(
  options: MemoryLimiterOptions,
  clock: Clock = systemClock,
): RateLimiterMemory {
  const limiter = new RateLimiterMemory(options);
  (limiter as unknown as { _memoryStorage: ClockedMemoryStorage })._memoryStorage =
    new ClockedMemoryStorage(clock);
  return limiter;
}
