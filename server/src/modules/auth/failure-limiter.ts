import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { sha256Hex } from '../../common/crypto';
import { isMysql } from '../../database/dialect';
import type { RedisHub } from '../../common/redis';
import { createStoreLimiter } from './limiter-store';

export interface LimitDecision {
  blocked: boolean;
  retryAfterSeconds: number;
}

const ALLOWED: LimitDecision = { blocked: false, retryAfterSeconds: 0 };

/**
 * What a limiter counts, as it is stored. Subjects are keys, emails and addresses that a client
 * chose; one may even be a secret pasted into the wrong field. Only their digest is ever kept
 * (in memory or in the counter table), computed once per request.
 */
export type LimiterSubject = string & { readonly __digest: unique symbol };

export function limiterSubject(text: string): LimiterSubject {
  return sha256Hex(text) as LimiterSubject;
}

/**
 * Counts per subject in a one-minute window, in the store that replicas share: Redis when
 * REDIS_URL is set (each replica's memory while it is away), else MySQL when running on MySQL;
 * memory on SQLite, where there is one process. An attempt is counted before it is evaluated,
 * in one atomic step of that store, so requests that arrive together, at one replica or at
 * several, each take a point; a success gives its point back, a failure keeps it. This costs
 * the hot path nothing: a secret that matches a key already verified in memory is answered
 * without counting (ApiKeyAuthenticator), so only guesses, first uses and sign-ins reach the
 * store. Once a subject is over the limit this replica remembers the block, so refusing it
 * again costs no query.
 */
export class FailureLimiter {
  private readonly store: RateLimiterAbstract;
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    dataSource: DataSource,
    prefix: string,
    private readonly pointsPerMinute: number,
    redis: RedisHub | null = null,
  ) {
    const options = { keyPrefix: prefix, points: pointsPerMinute, duration: 60 };
    this.store =
      redis || isMysql(dataSource)
        ? createStoreLimiter(dataSource, redis, options)
        : new RateLimiterMemory(options);
  }

  /** Is the subject blocked right now (as far as this replica knows)? No I/O. */
  check(subject: LimiterSubject, now = Date.now()): LimitDecision {
    const until = this.blockedUntil.get(subject);
    if (until === undefined) return ALLOWED;
    if (until <= now) {
      this.blockedUntil.delete(subject);
      return ALLOWED;
    }
    return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  /**
   * Counts one attempt before it is evaluated; a blocked answer means it must not be. Follow
   * with `succeeded` or `failed`.
   */
  attempt(subject: LimiterSubject): Promise<LimitDecision> {
    return this.take(this.store, subject);
  }

  /** The attempt succeeded: its point comes back. */
  async succeeded(subject: LimiterSubject): Promise<void> {
    await this.store.reward(subject, 1);
  }

  /** The attempt failed: its point, taken by `attempt`, stays. */
  async failed(_subject: LimiterSubject): Promise<LimitDecision> {
    return ALLOWED;
  }

  /** Counts one failure of a subject that counts failures only (a key, an email). */
  fail(subject: LimiterSubject): Promise<LimitDecision> {
    return this.take(this.store, subject);
  }

  /** How many failures the subject holds in the current window (one query on MySQL). */
  async count(subject: LimiterSubject): Promise<number> {
    const res = await this.store.get(subject);
    return res?.consumedPoints ?? 0;
  }

  /** Forget a subject's failures (after a successful admin sign-in, for its email). */
  async reset(subject: LimiterSubject): Promise<void> {
    this.blockedUntil.delete(subject);
    await this.store.delete(subject);
  }

  private async take(
    limiter: RateLimiterAbstract,
    subject: LimiterSubject,
  ): Promise<LimitDecision> {
    try {
      await limiter.consume(subject, 1);
      return ALLOWED;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const ms = Math.max(1000, rejection.msBeforeNext);
      this.blockedUntil.set(subject, Date.now() + ms);
      if (this.blockedUntil.size > 100_000) this.prune();
      return { blocked: true, retryAfterSeconds: Math.ceil(ms / 1000) };
    }
  }

  private prune(now = Date.now()): void {
    for (const [subject, until] of this.blockedUntil)
      if (until <= now) this.blockedUntil.delete(subject);
  }

  get limit(): number {
    return this.pointsPerMinute;
  }
}
