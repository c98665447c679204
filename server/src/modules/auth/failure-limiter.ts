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

// The MySQL counter table's keys are ASCII and at most 255 bytes; a subject the client chose
// (a key or email with other bytes, or an overlong one) is counted under its digest instead.
function storable(subject: string): string {
  return /^[\x21-\x7e]{1,200}$/.test(subject) ? subject : `sha256:${sha256Hex(subject)}`;
}

/**
 * Counts failures (only failures) per subject in a one-minute window. Counters live in MySQL
 * when running on MySQL, so replicas share them; in memory on SQLite. Once a subject is over
 * the limit this replica remembers the block in memory, so checking a request costs no query.
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
  check(subject: string, now = Date.now()): LimitDecision {
    subject = storable(subject);
    const until = this.blockedUntil.get(subject);
    if (until === undefined) return ALLOWED;
    if (until <= now) {
      this.blockedUntil.delete(subject);
      return ALLOWED;
    }
    return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  /** Counts one failure; says whether the subject is now over the limit. */
  async fail(subject: string): Promise<LimitDecision> {
    subject = storable(subject);
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

  /** Forget a subject's failures (after a successful admin sign-in, for its email). */
  async reset(subject: string): Promise<void> {
    subject = storable(subject);
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
