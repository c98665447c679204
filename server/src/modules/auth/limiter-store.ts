import {
  RateLimiterMemory,
  RateLimiterMySQL,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../common/clock';
import type { RedisHub } from '../../common/redis';
import { isMysql } from '../../database/dialect';
import { memoryLimiter } from './memory-limiter';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  /** Window, seconds. */
  duration: number;
}

/**
 * A memory limiter that counts its uses as fallbacks: it stands in for Redis while Redis is
 * away (rate-limiter-flexible's insurance limiter).
 */
class FallbackMemoryLimiter extends RateLimiterMemory {
  constructor(
    options: LimiterOptions,
    private readonly hub: RedisHub,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.hub.fellBack();
    return super.consume(...args);
  }

  override reward(...args: Parameters<RateLimiterMemory['reward']>) {
    this.hub.fellBack();
    return super.reward(...args);
  }

  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.hub.fellBack();
    return super.get(...args);
  }
}

/**
 * Where counters live: Redis when configured (with each replica's memory as insurance while it
 * is away), else MySQL so replicas share them, else (SQLite: one process) memory. Every store
 * counts atomically: a Lua script on Redis, an upsert in a transaction on MySQL, one thread in
 * memory. Memory windows run on `clock` (tests move it); the other stores keep their own time.
 */
export function createStoreLimiter(
  dataSource: DataSource,
  redis: RedisHub | null,
  options: LimiterOptions,
  clock: Clock = systemClock,
): RateLimiterAbstract {
  if (redis) {
    return new RateLimiterRedis({
      ...options,
      keyPrefix: `keyhold:${options.keyPrefix}`,
      storeClient: redis.client,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new FallbackMemoryLimiter(options, redis),
    });
  }
  if (isMysql(dataSource)) {
    return new RateLimiterMySQL({
      ...options,
      storeClient: (dataSource.driver as unknown as { pool: unknown }).pool,
      storeType: 'pool',
      dbName: (dataSource.options as { database?: string }).database ?? databaseOf(dataSource),
      tableName: 'auth_rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: true,
    });
  }
  return memoryLimiter(options, clock);
}

function databaseOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url ?? '';
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
