import type { DataSource } from 'typeorm';
import { toDbTimestamp } from '../../database/columns';
import { isMysql } from '../../database/data-source';
import type { Logger } from '../../common/logger';
import { transaction } from '../../database/transaction';
import { UsageDayEntity } from './usage-day.entity';

interface KeyUsage {
  lastUsedAt?: Date;
  lastUsedIp?: string | null;
  /** day -> [successes, failures] */
  days: Map<string, [number, number]>;
}

type Buffer = Map<string, KeyUsage>;

export const MAX_USAGE_DAYS = 366;

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Usage is counted in memory and written in batches (one statement for the daily counts, one
 * for last-used) every flush interval and at shutdown: no database write per request. A batch
 * that fails to write is merged back, so counts are delayed, not lost.
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
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.flushSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(apiKeyId: string, success: boolean, ip: string | null, at = new Date()): void {
    let usage = this.pending.get(apiKeyId);
    if (!usage) {
      usage = { days: new Map() };
      this.pending.set(apiKeyId, usage);
    }
    if (success) {
      usage.lastUsedAt = at;
      usage.lastUsedIp = ip;
    }
    const day = utcDay(at);
    const counts = usage.days.get(day) ?? [0, 0];
    counts[success ? 0 : 1]++;
    usage.days.set(day, counts);
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
    try {
      await transaction(this.dataSource, async (manager) => {
        const counts = [...this.writing].flatMap(([id, usage]) =>
          [...usage.days].map(([day, [ok, failed]]) => [id, day, ok, failed] as const),
        );
        if (counts.length) {
          const upsert = isMysql(this.dataSource)
            ? 'ON DUPLICATE KEY UPDATE success_count = success_count + VALUES(success_count), ' +
              'failure_count = failure_count + VALUES(failure_count)'
            : 'ON CONFLICT (api_key_id, day) DO UPDATE SET ' +
              'success_count = success_count + excluded.success_count, ' +
              'failure_count = failure_count + excluded.failure_count';
          await manager.query(
            `INSERT INTO api_key_usage_days (api_key_id, day, success_count, failure_count) VALUES ${counts
              .map(() => '(?, ?, ?, ?)')
              .join(', ')} ${upsert}`,
            counts.flat(),
          );
        }
        const used = [...this.writing].filter(([, usage]) => usage.lastUsedAt);
        if (used.length) {
          const newAt = `(CASE id ${used.map(() => 'WHEN ? THEN ?').join(' ')} END)`;
          const newIp = `(CASE id ${used.map(() => 'WHEN ? THEN ?').join(' ')} END)`;
          const atParams = used.flatMap(([id, u]) => [id, toDbTimestamp(u.lastUsedAt!)]);
          const ipParams = used.flatMap(([id, u]) => [id, u.lastUsedIp ?? null]);
          // Only moves forward: another replica may already have written a later use.
          const newer = `(last_used_at IS NULL OR last_used_at < ${newAt})`;
          await manager.query(
            `UPDATE api_keys SET last_used_ip = CASE WHEN ${newer} THEN ${newIp} ELSE last_used_ip END, ` +
              `last_used_at = CASE WHEN ${newer} THEN ${newAt} ELSE last_used_at END ` +
              `WHERE id IN (${used.map(() => '?').join(', ')})`,
            [...atParams, ...ipParams, ...atParams, ...atParams, ...used.map(([id]) => id)],
          );
        }
      });
      this.writing = new Map();
    } catch (err) {
      this.logger.error({ err }, 'writing usage failed; counts kept for the next flush');
      this.merge(this.writing);
      this.writing = new Map();
    }
  }

  private merge(batch: Buffer): void {
    for (const [id, usage] of batch) {
      const target: KeyUsage = this.pending.get(id) ?? { days: new Map() };
      this.pending.set(id, target);
      for (const [day, [ok, failed]] of usage.days) {
        const counts = target.days.get(day) ?? [0, 0];
        target.days.set(day, [counts[0] + ok, counts[1] + failed]);
      }
      if (usage.lastUsedAt && (!target.lastUsedAt || target.lastUsedAt < usage.lastUsedAt)) {
        target.lastUsedAt = usage.lastUsedAt;
        target.lastUsedIp = usage.lastUsedIp;
      }
    }
  }

  /** One row per UTC day, oldest first, including counts not yet written. */
  async usage(
    apiKeyId: string,
    days: number,
    now = new Date(),
  ): Promise<{ date: string; successCount: number; failureCount: number }[]> {
    const dates: string[] = [];
    for (let i = days - 1; i >= 0; i--)
      dates.push(utcDay(new Date(now.getTime() - i * 86_400_000)));
    const rows = await this.dataSource.manager
      .createQueryBuilder(UsageDayEntity, 'u')
      .where('u.api_key_id = :apiKeyId AND u.day >= :from', { apiKeyId, from: dates[0] })
      .getMany();
    const byDay = new Map(rows.map((r) => [r.day, [r.successCount, r.failureCount]]));
    for (const buffer of [this.writing, this.pending]) {
      for (const [day, [ok, failed]] of buffer.get(apiKeyId)?.days ?? []) {
        const counts = byDay.get(day) ?? [0, 0];
        byDay.set(day, [counts[0]! + ok, counts[1]! + failed]);
      }
    }
    return dates.map((date) => ({
      date,
      successCount: byDay.get(date)?.[0] ?? 0,
      failureCount: byDay.get(date)?.[1] ?? 0,
    }));
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
