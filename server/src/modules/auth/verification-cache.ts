import { LRUCache } from 'lru-cache';
import { compileAllowList } from '@keyhold/shared';
import { epochMs, systemClock, type Clock } from '../../common/clock';
import { isDatabaseUnavailable } from '../../database/unavailable';
import type { KeyRecord } from '../../common/principal';
import type { ApiKeyEntity } from '../api-keys';

export type { KeyRecord };

/** Where the cache reads a key from: the api-keys module's public lookup. */
export interface KeyLookup {
  findByKey(key: string): Promise<ApiKeyEntity | null>;
}

const MISSING = Symbol('missing');

function toRecord(entity: ApiKeyEntity): KeyRecord {
  return {
    id: entity.id,
    key: entity.key,
    secretDigest: Buffer.from(entity.secretDigest, 'hex'),
    previousSecretDigest: entity.previousSecretDigest
      ? Buffer.from(entity.previousSecretDigest, 'hex')
      : null,
    previousSecretExpiresAt: entity.previousSecretExpiresAt?.getTime() ?? null,
    active: entity.active,
    expiresAt: entity.expiresAt?.getTime() ?? null,
    scopes: entity.scopes,
    rateLimit:
      entity.rateLimit !== null && entity.rateLimitWindowSeconds !== null
        ? { limit: entity.rateLimit, windowSeconds: entity.rateLimitWindowSeconds }
        : null,
    ipAllowed: compileAllowList(entity.allowedIps),
  };
}

/**
 * Keys by public key, so a hot key costs a digest and a compare but no query. Entries are
 * dropped by the change feed (at once locally, within a poll elsewhere); the TTL is only a
 * backstop. Unknown keys are remembered too, so guessing costs the database nothing.
 *
 * While the database does not answer, an entry past its TTL is still used: keys verified before
 * an outage keep working through it. That is safe because no key can change while the database
 * is down, and a change made just before it was dropped from here by the change feed.
 */
export class VerificationCache {
  private readonly cache: LRUCache<string, KeyRecord | typeof MISSING>;
  private readonly inflight = new Map<string, Promise<KeyRecord | null>>();
  private generation = 0;
  /** Loads from the database; exposed for the benchmark's query count. */
  loads = 0;

  constructor(
    private readonly repository: KeyLookup,
    ttlMs = 5 * 60_000,
    clock: Clock = systemClock,
  ) {
    // Stale entries stay (until evicted or invalidated) so an outage can fall back on them.
    // The TTL runs on the injected clock, so tests move past it instead of waiting.
    this.cache = new LRUCache({
      max: 50_000,
      ttl: ttlMs,
      noDeleteOnStaleGet: true,
      perf: { now: () => epochMs(clock) },
    });
  }

  /** The record, and whether this call had to read it from the database. */
  async get(key: string): Promise<{ record: KeyRecord | null; loaded: boolean }> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return { record: cached === MISSING ? null : cached, loaded: false };
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.load(key).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return { record: await pending, loaded: true };
  }

  /** Reads the key from the database again, whatever is in memory. */
  reload(key: string): Promise<KeyRecord | null> {
    return this.load(key);
  }

  /** Returns the record only when it is in memory: used where a query is not worth it. */
  peek(key: string): KeyRecord | null {
    const cached = this.cache.get(key);
    return cached === undefined || cached === MISSING ? null : cached;
  }

  invalidate(key: string): void {
    this.generation++;
    this.cache.delete(key);
    this.inflight.delete(key);
  }

  private async load(key: string): Promise<KeyRecord | null> {
    this.loads++;
    const generation = this.generation;
    let entity: ApiKeyEntity | null;
    try {
      entity = await this.repository.findByKey(key);
    } catch (err) {
      const stale = isDatabaseUnavailable(err)
        ? this.cache.get(key, { allowStale: true })
        : undefined;
      if (stale === undefined) throw err;
      return stale === MISSING ? null : stale;
    }
    // Exact match only, whatever the database's collation says: the cache is keyed by the
    // stored spelling, which is the one that a change invalidates.
    const record = entity && entity.key === key ? toRecord(entity) : null;
    // A change that landed while this load ran may not be in what it read: do not keep it.
    if (generation === this.generation) this.cache.set(key, record ?? MISSING);
    return record;
  }
}
