import type { DataSource, EntityManager } from 'typeorm';
import { newId } from '../../common/crypto';
import { badUserInput } from '../../common/errors';
import { decodeCursor, encodeCursor, pageWindow } from '../../common/connection';
import { toDbTimestamp } from '../../database/columns';
import { isMysql } from '../../database/dialect';
import { AuditEventEntity } from './audit-event.entity';

export const AUDIT_ACTIONS = [
  'api_key.created',
  'api_key.updated',
  'api_key.activated',
  'api_key.deactivated',
  'api_key.secret_rotated',
  'api_key.deleted',
  'api_key.auto_disabled',
  'api_key.expiring',
  'api_key.expired',
  'api_key.leaked',
  'policy.updated',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.test_sent',
  'webhook.redelivered',
  'admin.login',
  'admin.login_failed',
  'admin.logout',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  action: AuditAction;
  actor: string;
  apiKeyId?: string | null;
  ip?: string | null;
  /** Serialised to JSON. Callers pass only non-secret facts: names, flags, lists, dates. */
  details?: Record<string, unknown>;
}

/**
 * Told of every audit entry inside the transaction that records it (webhooks turn key changes
 * into events this way, so an event commits or rolls back with its change).
 */
export interface AuditListener {
  recorded(manager: EntityManager, record: AuditRecord, at: Date): Promise<void>;
}

export interface AuditQuery {
  first?: number | null;
  after?: string | null;
  apiKeyId?: string | null;
  action?: string | null;
  /** At or after. */
  since?: Date | null;
  /** Strictly before. */
  until?: Date | null;
  /** API keys see events about keys only, not admin sign-ins. */
  keyEventsOnly: boolean;
}

const ORDER = 'AT:DESC';
const COUNT_TTL_MS = 10_000;
const PURGE_BATCH = 5000;

export class AuditService {
  private listener?: AuditListener;

  constructor(private readonly dataSource: DataSource) {}

  setListener(listener: AuditListener): void {
    this.listener = listener;
  }

  /**
   * totalCount per filter, kept for COUNT_TTL_MS: the audit page asks on every page turn, and the
   * log holds up to AUDIT_RETENTION_DAYS of events. An event recorded on this replica (or a
   * purge) clears it, so an admin sees their own actions counted at once; events from other
   * replicas show within COUNT_TTL_MS.
   */
  private readonly counts = new Map<string, { value: Promise<number>; until: number }>();

  /** Written with the caller's manager so the event commits or rolls back with the change. */
  async record(manager: EntityManager, record: AuditRecord, at = new Date()): Promise<void> {
    this.counts.clear();
    await manager.insert(AuditEventEntity, {
      id: newId(),
      at,
      action: record.action,
      actor: record.actor,
      apiKeyId: record.apiKeyId ?? null,
      ip: record.ip ?? null,
      details: record.details ? JSON.stringify(record.details) : null,
    });
    await this.listener?.recorded(manager, record, at);
  }

  /** Newest first, keyset-paged on (at, id). */
  async list(query: AuditQuery) {
    const window = pageWindow({ first: query.first, after: query.after });
    const qb = this.dataSource.manager.createQueryBuilder(AuditEventEntity, 'e');
    if (query.apiKeyId) qb.andWhere('e.api_key_id = :apiKeyId', { apiKeyId: query.apiKeyId });
    if (query.keyEventsOnly) qb.andWhere('e.api_key_id IS NOT NULL');
    if (query.action) {
      qb.andWhere('e.action = :action', { action: query.action });
    }
    if (query.since) qb.andWhere('e.at >= :since', { since: query.since });
    if (query.until) qb.andWhere('e.at < :until', { until: query.until });
    const countQuery = qb.clone();
    if (window.after) {
      const cursor = decodeCursor('after', window.after, ORDER);
      const at = new Date(cursor.value ?? '');
      if (Number.isNaN(at.getTime())) throw badUserInput('after', 'malformed cursor');
      qb.andWhere('(e.at < :at OR (e.at = :at AND e.id < :id))', { at, id: cursor.id });
    }
    const fetched = await qb
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(window.limit + 1)
      .getMany();
    const rows = fetched.slice(0, window.limit);
    return {
      rows,
      cursors: rows.map((e) => encodeCursor({ order: ORDER, value: e.at.toISOString(), id: e.id })),
      hasNextPage: fetched.length > window.limit,
      hasPreviousPage: Boolean(window.after),
      countTotal: () =>
        // Keyed by every filter: a count cached for one filter must never answer another.
        this.cachedCount(
          JSON.stringify([
            query.apiKeyId ?? null,
            query.keyEventsOnly ?? false,
            query.action ?? null,
            query.since?.toISOString() ?? null,
            query.until?.toISOString() ?? null,
          ]),
          async () =>
            Number((await countQuery.select('COUNT(*)', 'n').getRawOne<{ n: unknown }>())?.n ?? 0),
        ),
    };
  }

  private cachedCount(id: string, count: () => Promise<number>): Promise<number> {
    const now = Date.now();
    const cached = this.counts.get(id);
    if (cached && cached.until > now) return cached.value;
    if (this.counts.size > 1000) this.counts.clear();
    const value = count();
    this.counts.set(id, { value, until: now + COUNT_TTL_MS });
    value.catch(() => this.counts.delete(id));
    return value;
  }

  /**
   * Deletes events older than `before`, PURGE_BATCH rows per statement so that a first purge of
   * a large log never holds a long lock. Returns how many went.
   */
  async purgeBefore(before: Date): Promise<number> {
    const sql = isMysql(this.dataSource)
      ? `DELETE FROM audit_events WHERE at < ? ORDER BY at LIMIT ${PURGE_BATCH}`
      : `DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < ? LIMIT ${PURGE_BATCH})`;
    let total = 0;
    const runner = this.dataSource.createQueryRunner();
    try {
      for (;;) {
        const result = await runner.query(sql, [toDbTimestamp(before)], true);
        const deleted = Number(result.affected ?? 0);
        total += deleted;
        if (deleted < PURGE_BATCH) break;
      }
    } finally {
      await runner.release();
    }
    if (total) this.counts.clear();
    return total;
  }
}
