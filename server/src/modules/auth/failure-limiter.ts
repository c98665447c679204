import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { sha256Hex } from '../../common/crypto';
import type { RedisHub } from '../../common/redis';
import { createStoreLimiter } from './limiter-store';

export interface LimitDecision {
  blocked: boolean;
  retryAfterSeconds: number;
}

const ALLOWED: LimitDecision = { blocked: false, retryAfterSeconds: 0 };

// Subjects are keys, emails and addresses that a client chose; one may even be a secret pasted
// into the wrong field. Only their digest is ever kept (in memory or in the counter table).
function stored(subject: string): string {
  return sha256Hex(subject);
}

/**
 * Counts attempts per subject in a one-minute window. Counters live in Redis when REDIS_URL is
 * set (memory while it is away), else in MySQL when running on MySQL, so replicas share them;
 * in memory on SQLite. Every count is one atomic step of the
 * store (rate-limiter-flexible's consume), so requests that arrive together each take a point.
 * Once a subject is over the limit this replica remembers the block in memory, so refusing it
 * again costs no query.
 */
export class FailureLimiter {
  private readonly limiter: RateLimiterAbstract;
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    dataSource: DataSource,
    prefix: string,
    private readonly pointsPerMinute: number,
    redis: RedisHub | null = null,
  ) {
    this.limiter = createStoreLimiter(dataSource, redis, {
      keyPrefix: prefix,
      points: pointsPerMinute,
      duration: 60,
    });
  }

  /** Is the subject blocked right now (as far as this replica knows)? No I/O. */
  check(subject: string, now = Date.now()): LimitDecision {
    return this.checkStored(stored(subject), now);
  }

  /**
   * Counts one attempt (or failure) before anything is evaluated; says whether the subject is
   * now over the limit, in which case the attempt must not be evaluated.
   */
  async consume(subject: string): Promise<LimitDecision> {
    const key = stored(subject);
    try {
      await this.limiter.consume(key, 1);
      return ALLOWED;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const ms = Math.max(1000, rejection.msBeforeNext);
      this.blockedUntil.set(key, Date.now() + ms);
      if (this.blockedUntil.size > 100_000) this.prune();
      return { blocked: true, retryAfterSeconds: Math.ceil(ms / 1000) };
    }
  }

  /** Counts one failure; the same step as consume, named for counters of failures only. */
  fail(subject: string): Promise<LimitDecision> {
    return this.consume(subject);
  }

  /** Gives back the point of an attempt that succeeded. */
  async reward(subject: string): Promise<void> {
    await this.limiter.reward(stored(subject), 1);
  }

  /** How many points the subject holds in the current window (one query on MySQL). */
  async count(subject: string): Promise<number> {
    const res = await this.limiter.get(stored(subject));
    return res?.consumedPoints ?? 0;
  }

  /** Forget a subject's count (after a successful admin sign-in, for its email). */
  async reset(subject: string): Promise<void> {
    const key = stored(subject);
    this.blockedUntil.delete(key);
    await this.limiter.delete(key);
  }

  private checkStored(key: string, now: number): LimitDecision {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return ALLOWED;
    if (until <= now) {
      this.blockedUntil.delete(key);
      return ALLOWED;
    }
    return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  private prune(now = Date.now()): void {
    for (const [subject, until] of this.blockedUntil)
      if (until <= now) this.blockedUntil.delete(subject);
  }

  get limit(): number {
    return this.pointsPerMinute;
  }
}
