import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from '../../database/dialect';
import type { Logger } from '../../common/logger';
import { transaction } from '../../database/transaction';
import { upsertRows } from '../../database/upsert';
import type { Clock } from '../../common/clock';
import { UsageDayEntity } from './usage-day.entity';
import {
  mergeInsight,
  recordAddress,
  recordScope,
  writeInsight,
  type AddressCount,
  type ScopeCount,
} from './usage-insight.writes';

export interface KeyUsage {
  lastUsedAt?: Date;
  lastUsedIp?: string | null;
  /** day -> [successes, failures] */
  days: Map<string, [number, number]>;
  /** "day|ip" -> attempts from that address that day */
  addresses: Map<string, AddressCount>;
  /** "day|scope" -> successful operations that needed the scope that day */
  scopes: Map<string, ScopeCount>;
}

export function emptyUsage(): KeyUsage {
  return { days: new Map(), addresses: new Map(), scopes: new Map() };
}

type Buffer = Map<string, KeyUsage>;

export type LastUseWriter = (
  manager: EntityManager,
  uses: { id: string; at: Date; ip: string | null }[],
) => Promise<void>;

/** The tables this module owns, each keyed by api_key_id. */
const USAGE_TABLES = ['api_key_usage_days', 'api_key_address_days', 'api_key_scope_days'];

export { MAX_USAGE_DAYS } from '@keyhold/shared';

export interface UsageDay {
  date: string;
  successCount: number;
  failureCount: number;
}

// The day of the last call: usage records a day per request, and a UTC day is 86,400,000 ms.
let lastDayNumber = Number.NaN;
let lastDay = '';

export function utcDay(date: Date): string {
  const dayNumber = Math.floor(date.getTime() / 86_400_000);
  if (dayNumber !== lastDayNumber) {
    lastDay = date.toISOString().slice(0, 10);
    lastDayNumber = dayNumber;
  }
  return lastDay;
}

/** Keys per write: each chunk is one transaction of a few statements, far below any bind limit. */
export const USAGE_CHUNK_KEYS = 1000;
/** Consecutive failed writes after which a flush stops trying and keeps the rest for the next. */
const GIVE_UP_AFTER_FAILURES = 3;

/**
 * Usage is counted in memory and written every flush interval and at shutdown: no database write
 * per request. The buffer is written in chunks of USAGE_CHUNK_KEYS keys, each in its own
 * transaction (daily counts upserted, last use moved forward), so the statement size stays
 * bounded however many keys were used. A chunk that fails is retried key by key, and only the
 * keys that still fail go back to the buffer for the next flush: counts are delayed, never lost,
 * and one bad key or chunk never holds back the rest. After a few failures in a row the
 * database is taken to be unavailable and the rest of the buffer waits for the next flush.
 */
export class UsageService {
  private pending: Buffer = new Map();
  private writing: Buffer = new Map();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly flushSeconds: number,
    readonly clock: Clock,
    /** Writes keys' last use in the flush's transaction: `api_keys` belongs to the api-keys module. */
    private readonly writeLastUse: LastUseWriter,
  ) {}

  /** Deletes a key's usage rows, inside the caller's transaction (the key's deletion). */
  async deleteForKey(manager: EntityManager, apiKeyId: string): Promise<void> {
    for (const table of USAGE_TABLES) {
      await manager.query(`DELETE FROM ${table} WHERE api_key_id = ?`, [apiKeyId]);
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.flushSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    // Nothing comes after this flush: whatever it could not write is lost, and says so.
    if (this.pending.size) {
      this.logger.error(
        { keys: this.pending.size },
        'usage of these keys could not be written at shutdown',
      );
    }
  }

  record(apiKeyId: string, success: boolean, ip: string | null, at = this.clock.now()): void {
    const usage = this.buffer(apiKeyId);
    if (success && (!usage.lastUsedAt || usage.lastUsedAt <= at)) {
      usage.lastUsedAt = at;
      usage.lastUsedIp = ip;
    }
    const day = utcDay(at);
    const counts = usage.days.get(day) ?? [0, 0];
    counts[success ? 0 : 1]++;
    usage.days.set(day, counts);
    if (ip !== null) recordAddress(usage, day, ip, success, at);
  }

  /** Scopes that operations of a request needed and that succeeded with the key. */
  recordScopes(apiKeyId: string, scopes: Iterable<string>, at = this.clock.now()): void {
    const usage = this.buffer(apiKeyId);
    for (const scope of scopes) recordScope(usage, utcDay(at), scope, at);
  }

  private buffer(apiKeyId: string): KeyUsage {
    let usage = this.pending.get(apiKeyId);
    if (!usage) {
      usage = emptyUsage();
      this.pending.set(apiKeyId, usage);
    }
    return usage;
  }

  /** What is counted for these keys but not yet written (being written first). */
  buffered(apiKeyId: string): KeyUsage[] {
    return [this.writing.get(apiKeyId), this.pending.get(apiKeyId)].filter(
      (u): u is KeyUsage => u !== undefined,
    );
  }

  /** Writes everything buffered so far. Concurrent calls share one write. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (!this.pending.size) return;
    this.writing = this.pending;
    this.pending = new Map();
    // In id order, so replicas flushing at once lock shared keys in the same order.
    const entries = [...this.writing].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let failedKeys = 0;
    // Consecutive failed writes: past a few, the database itself is the problem (down, locked),
    // and the rest waits for the next flush instead of failing key by key.
    let failures = 0;
    const attempt = async (chunk: [string, KeyUsage][]): Promise<void> => {
      if (failures < GIVE_UP_AFTER_FAILURES && (await this.tryWrite(chunk))) {
        failures = 0;
        return;
      }
      failures++;
      if (chunk.length > 1 && failures < GIVE_UP_AFTER_FAILURES) {
        for (const entry of chunk) await attempt([entry]);
        return;
      }
      failedKeys += chunk.length;
      this.merge(chunk);
      for (const [id] of chunk) this.writing.delete(id);
    };
    for (let i = 0; i < entries.length; i += USAGE_CHUNK_KEYS) {
      await attempt(entries.slice(i, i + USAGE_CHUNK_KEYS));
    }
    this.writing = new Map();
    if (failedKeys) {
      this.logger.error(
        { keys: failedKeys },
        'writing usage failed; counts kept for the next flush',
      );
    }
  }

  /** Writes one chunk in its own transaction; true when it committed. */
  private async tryWrite(chunk: [string, KeyUsage][]): Promise<boolean> {
    try {
      await transaction(this.dataSource, (manager) => this.writeChunk(manager, chunk));
    } catch (err) {
      this.logger.warn({ err, keys: chunk.length }, 'writing a usage chunk failed');
      return false;
    }
    // Written: readers now find these counts in the database, not in the buffer.
    for (const [id] of chunk) this.writing.delete(id);
    return true;
  }

  /**
   * Last use first, then the daily counts: a key's row before its usage rows, the order in which
   * deleting a key locks them too, so the two never wait on each other in a cycle.
   */
  private async writeChunk(manager: EntityManager, chunk: [string, KeyUsage][]): Promise<void> {
    const mysql = isMysql(this.dataSource);
    await this.writeLastUse(
      manager,
      chunk
        .filter(([, usage]) => usage.lastUsedAt)
        .map(([id, u]) => ({ id, at: u.lastUsedAt!, ip: u.lastUsedIp ?? null })),
    );
    const counts = chunk.flatMap(([id, usage]) =>
      [...usage.days].map(([day, [ok, failed]]) => [id, day, ok, failed] as const),
    );
    const upsert = mysql
      ? 'ON DUPLICATE KEY UPDATE success_count = success_count + VALUES(success_count), ' +
        'failure_count = failure_count + VALUES(failure_count)'
      : 'ON CONFLICT (api_key_id, day) DO UPDATE SET ' +
        'success_count = success_count + excluded.success_count, ' +
        'failure_count = failure_count + excluded.failure_count';
    await upsertRows(
      manager,
      'api_key_usage_days',
      ['api_key_id', 'day', 'success_count', 'failure_count'],
      counts,
      upsert,
    );
    await writeInsight(manager, mysql, chunk);
  }

  private merge(batch: Iterable<[string, KeyUsage]>): void {
    for (const [id, usage] of batch) {
      const target = this.buffer(id);
      for (const [day, [ok, failed]] of usage.days) {
        const counts = target.days.get(day) ?? [0, 0];
        target.days.set(day, [counts[0] + ok, counts[1] + failed]);
      }
      if (usage.lastUsedAt && (!target.lastUsedAt || target.lastUsedAt < usage.lastUsedAt)) {
        target.lastUsedAt = usage.lastUsedAt;
        target.lastUsedIp = usage.lastUsedIp;
      }
      mergeInsight(target, usage);
    }
  }

  /**
   * One row per UTC day, oldest first, for each key, including counts not yet written; one query
   * per USAGE_CHUNK_KEYS keys.
   */
  async usageOf(
    apiKeyIds: readonly string[],
    days: number,
    now = this.clock.now(),
  ): Promise<Map<string, UsageDay[]>> {
    const dates: string[] = [];
    for (let i = days - 1; i >= 0; i--)
      dates.push(utcDay(new Date(now.getTime() - i * 86_400_000)));
    const byKey = new Map<string, Map<string, [number, number]>>(
      apiKeyIds.map((id) => [id, new Map()]),
    );
    const unique = [...byKey.keys()];
    for (let i = 0; i < unique.length; i += USAGE_CHUNK_KEYS) {
      const rows = await this.dataSource.manager
        .createQueryBuilder(UsageDayEntity, 'u')
        .where('u.api_key_id IN (:...ids) AND u.day >= :from', {
          ids: unique.slice(i, i + USAGE_CHUNK_KEYS),
          from: dates[0],
        })
        .getMany();
      for (const r of rows) byKey.get(r.apiKeyId)!.set(r.day, [r.successCount, r.failureCount]);
    }
    const result = new Map<string, UsageDay[]>();
    for (const [id, byDay] of byKey) {
      for (const buffer of [this.writing, this.pending]) {
        for (const [day, [ok, failed]] of buffer.get(id)?.days ?? []) {
          const counts = byDay.get(day) ?? [0, 0];
          byDay.set(day, [counts[0] + ok, counts[1] + failed]);
        }
      }
      result.set(
        id,
        dates.map((date) => ({
          date,
          successCount: byDay.get(date)?.[0] ?? 0,
          failureCount: byDay.get(date)?.[1] ?? 0,
        })),
      );
    }
    return result;
  }

  /**
   * A per-request loader: every `usage` field resolved in one request (a page of keys) is read
   * with one query per distinct `days` argument instead of one per key.
   */
  createLoader(): DataLoader<{ apiKeyId: string; days: number }, UsageDay[], string> {
    return new DataLoader(
      async (requests) => {
        const now = this.clock.now();
        const byDays = new Map<number, string[]>();
        for (const { apiKeyId, days } of requests) {
          byDays.set(days, [...(byDays.get(days) ?? []), apiKeyId]);
        }
        const answers = new Map<number, Map<string, UsageDay[]>>();
        for (const [days, ids] of byDays) answers.set(days, await this.usageOf(ids, days, now));
        return requests.map(({ apiKeyId, days }) => answers.get(days)!.get(apiKeyId)!);
      },
      { cacheKeyFn: ({ apiKeyId, days }) => `${days}:${apiKeyId}` },
    );
  }

  /** Last use not yet written, so readers see it before the flush. */
  pendingLastUse(apiKeyId: string): { at: Date; ip: string | null } | null {
    for (const buffer of [this.pending, this.writing]) {
      const usage = buffer.get(apiKeyId);
      if (usage?.lastUsedAt) return { at: usage.lastUsedAt, ip: usage.lastUsedIp ?? null };
    }
    return null;
  }
}
