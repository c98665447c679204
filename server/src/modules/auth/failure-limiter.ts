import {
  RateLimiterMemory,
  RateLimiterMySQL,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { sha256Hex } from '../../common/crypto';
import { isMysql } from '../../database/data-source';

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
 * Counts attempts per subject in a one-minute window. Counters live in MySQL when running on
 * MySQL, so replicas share them; in memory on SQLite. Every count is one atomic step of the
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
  ) {
    const options = { keyPrefix: prefix, points: pointsPerMinute, duration: 60 };
    this.limiter = isMysql(dataSource)
      ? new RateLimiterMySQL({
          ...options,
          storeClient: (dataSource.driver as unknown as { pool: unknown }).pool,
          storeType: 'pool',
          dbName: (dataSource.options as { database?: string }).database ?? databaseOf(dataSource),
          tableName: 'auth_rate_limits',
          tableCreated: true,
          clearExpiredByTimeout: true,
        })
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
   * Counts one attempt (or failure) before anything is evaluated; says whether the subject is
   * now over the limit, in which case the attempt must not be evaluated.
   */
  async consume(subject: LimiterSubject): Promise<LimitDecision> {
    try {
      await this.limiter.consume(subject, 1);
      return ALLOWED;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const ms = Math.max(1000, rejection.msBeforeNext);
      this.blockedUntil.set(subject, Date.now() + ms);
      if (this.blockedUntil.size > 100_000) this.prune();
      return { blocked: true, retryAfterSeconds: Math.ceil(ms / 1000) };
    }
  }

  /** Counts one failure; the same step as consume, named for counters of failures only. */
  fail(subject: LimiterSubject): Promise<LimitDecision> {
    return this.consume(subject);
  }

  /** Gives back the point of an attempt that succeeded. */
  async reward(subject: LimiterSubject): Promise<void> {
    await this.limiter.reward(subject, 1);
  }

  /** How many points the subject holds in the current window (one query on MySQL). */
  async count(subject: LimiterSubject): Promise<number> {
    const res = await this.limiter.get(subject);
    return res?.consumedPoints ?? 0;
  }

  /** Forget a subject's count (after a successful admin sign-in, for its email). */
  async reset(subject: LimiterSubject): Promise<void> {
    this.blockedUntil.delete(subject);
    await this.limiter.delete(subject);
  }

  private prune(now = Date.now()): void {
    for (const [subject, until] of this.blockedUntil)
      if (until <= now) this.blockedUntil.delete(subject);
  }

  get limit(): number {
    return this.pointsPerMinute;
  }
}

function databaseOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url ?? '';
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
