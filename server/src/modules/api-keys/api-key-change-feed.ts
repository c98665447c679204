import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../../common/logger';
import type { RedisHub } from '../../common/redis';
import { ApiKeyChangeEntity } from './api-key-change.entity';

// Polls re-read this much history, so a change committed late (its row timestamped before a
// poll but visible only after it) or a replica's clock running behind is still seen.
const LOOKBACK_MS = 10_000;
const RETENTION_MS = 60 * 60 * 1000;

/**
 * Tells every replica which keys changed. The replica that makes a change drops its cached
 * entry at once; the others see the change row on their next poll (every keyChangePollMs).
 */
export class ApiKeyChangeFeed {
  private readonly listeners: ((key: string) => void)[] = [];
  private timer?: NodeJS.Timeout;
  private polling = false;
  private lastPrune = 0;
  /**
   * Change rows already passed on, by id, with when they were first seen. The look-back window
   * re-reads each row for about ten seconds; without this every poll would drop a just-changed
   * key from the cache again (forcing a database lookup per poll, and failing requests the
   * cache would have answered during a database outage).
   */
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly redis: RedisHub | null = null,
  ) {
    redis?.onChange((key) => this.notifyLocal(key));
  }

  onChange(listener: (key: string) => void): void {
    this.listeners.push(listener);
  }

  /** Call inside the transaction that changes the key. */
  async record(manager: EntityManager, key: string): Promise<void> {
    await manager.insert(ApiKeyChangeEntity, { key, changedAt: new Date() });
  }

  /**
   * Call after that transaction commits: this replica drops the key at once, and with Redis
   * every other replica hears of it within milliseconds (polling remains the fallback).
   */
  notifyCommitted(key: string): void {
    this.notifyLocal(key);
    this.redis?.publishChange(key).catch(() => undefined);
  }

  notifyLocal(key: string): void {
    for (const listener of this.listeners) listener(key);
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const startedAt = Date.now();
    try {
      const rows = await this.dataSource.manager
        .createQueryBuilder(ApiKeyChangeEntity, 'c')
        .select('c.id', 'id')
        .addSelect('c.key', 'key')
        .where('c.changed_at >= :since', { since: new Date(startedAt - LOOKBACK_MS - this.pollMs) })
        .getRawMany<{ id: number | string; key: string }>();
      const fresh = new Set<string>();
      for (const row of rows) {
        const id = Number(row.id);
        if (this.seen.has(id)) continue;
        this.seen.set(id, startedAt);
        fresh.add(row.key);
      }
      for (const key of fresh) this.notifyLocal(key);
      // A row leaves the window after LOOKBACK_MS + pollMs; keep its id a while longer than that.
      const forgetBefore = startedAt - 2 * (LOOKBACK_MS + this.pollMs);
      for (const [id, at] of this.seen) {
        if (at >= forgetBefore) break;
        this.seen.delete(id);
      }
      if (startedAt - this.lastPrune > 60_000) {
        this.lastPrune = startedAt;
        await this.dataSource.manager
          .createQueryBuilder()
          .delete()
          .from(ApiKeyChangeEntity)
          .where('changed_at < :before', { before: new Date(startedAt - RETENTION_MS) })
          .execute();
      }
    } catch (err) {
      this.logger.warn({ err }, 'polling key changes failed; will retry');
    } finally {
      this.polling = false;
    }
  }
}
