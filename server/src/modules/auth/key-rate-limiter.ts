import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../common/clock';
import type { RedisHub } from '../../common/redis';
import { isDatabaseUnavailable } from '../../database/unavailable';
import { createStoreLimiter } from './limiter-store';
import { memoryLimiter } from './memory-limiter';

export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}

/** What a limited key's request learns: allowed or not, and the RateLimit-* header values. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/**
 * Per-key rate limits (contract: "Per-key rate limits"). Each request of a key that has a limit
 * is one atomic consume in the shared store (Redis, else MySQL, else memory), so concurrent
 * requests cannot outrun it and replicas share one count. Keys without a limit cost nothing.
 */
export class KeyRateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  /** Stand-ins for the database's counters while it does not answer (MySQL without Redis). */
  private readonly outageLimiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisHub | null,
    /** Windows counted in memory (SQLite, a database outage) run on it; tests move it. */
    private readonly clock: Clock = systemClock,
  ) {}

  async consume(keyId: string, setting: RateLimitSetting): Promise<RateDecision> {
    try {
      return await this.consumeIn(this.limiterFor(setting), keyId, setting);
    } catch (err) {
      // Keys verified before a database outage keep authenticating through it (contract): their
      // counts go on in this replica's memory until the database answers again. Any other error
      // (a bug, a deadlock) is not hidden.
      if (!isDatabaseUnavailable(err)) throw err;
      return this.consumeIn(this.outageLimiterFor(setting), keyId, setting);
    }
  }

  private async consumeIn(
    limiter: RateLimiterAbstract,
    keyId: string,
    setting: RateLimitSetting,
  ): Promise<RateDecision> {
    try {
      const res = await limiter.consume(keyId, 1);
      return decision(true, setting, res);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return decision(false, setting, rejection);
    }
  }

  private outageLimiterFor({ limit, windowSeconds }: RateLimitSetting): RateLimiterAbstract {
    const id = `${limit}_${windowSeconds}`;
    let limiter = this.outageLimiters.get(id);
    if (!limiter) {
      limiter = memoryLimiter({ points: limit, duration: windowSeconds }, this.clock);
      this.outageLimiters.set(id, limiter);
    }
    return limiter;
  }

  private limiterFor({ limit, windowSeconds }: RateLimitSetting): RateLimiterAbstract {
    // A change of limit or window starts a fresh count under its own prefix.
    const id = `${limit}_${windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = createStoreLimiter(
        this.dataSource,
        this.redis,
        { keyPrefix: `key_rate_${id}`, points: limit, duration: windowSeconds },
        this.clock,
      );
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

function decision(allowed: boolean, setting: RateLimitSetting, res: RateLimiterRes): RateDecision {
  return {
    allowed,
    limit: setting.limit,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}
