import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { randomBase62 } from '@keyhold/shared';
import type { Clock } from '../../common/clock';
import { decodeCursor, encodeCursor, pageWindow } from '../../common/connection';
import { newId } from '../../common/crypto';
import { badUserInput, notFound } from '../../common/errors';
import { isMysql } from '../../database/dialect';
import { transaction } from '../../database/transaction';
import type { AuditListener, AuditRecord, AuditService } from '../audit';
import { AddressRefusedError, type AddressGuard } from './address-guard';
import type { SecretBox } from './secret-box';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEntity } from './webhook.entity';
import { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const MAX_URL_LENGTH = 2048;
const ORDER = 'CREATED_AT:DESC';

/** Who is acting (the audit trail's actor and address). */
export interface WebhookActor {
  label: string;
  ip: string;
}

/** Reads the public view of an API key inside the caller's transaction (null when absent). */
export type ApiKeyViewReader = (
  manager: EntityManager,
  apiKeyId: string,
) => Promise<Record<string, unknown> | null>;

/** Which audit actions become which events, and what of their details the event carries. */
const EVENTS_OF_AUDIT: Partial<
  Record<string, { event: WebhookEvent; data?: (details: Record<string, unknown>) => object }>
> = {
  'api_key.created': { event: 'api_key.created' },
  'api_key.updated': {
    event: 'api_key.updated',
    data: (d) => ({ changes: d.changes ?? {} }),
  },
  'api_key.activated': { event: 'api_key.activated' },
  'api_key.deactivated': { event: 'api_key.deactivated', data: () => ({ reason: 'manual' }) },
  'api_key.auto_disabled': {
    event: 'api_key.deactivated',
    data: (d) => ({ reason: d.reason ?? 'policy' }),
  },
  'api_key.secret_rotated': {
    event: 'api_key.secret_rotated',
    data: (d) => ({ previousSecretExpiresAt: d.previousSecretExpiresAt ?? null }),
  },
  'api_key.deleted': { event: 'api_key.deleted' },
  'api_key.expiring': { event: 'api_key.expiring', data: (d) => ({ daysLeft: d.daysLeft }) },
  'api_key.expired': { event: 'api_key.expired' },
  'api_key.leaked': {
    event: 'api_key.leaked',
    data: (d) => ({ url: d.url ?? null, source: d.source ?? null }),
  },
};

export interface EventToSend {
  type: WebhookEvent;
  /** Deliveries with the same key go to each webhook in order. */
  orderingKey: string | null;
  data: Record<string, unknown>;
}

/**
 * Webhooks (CRUD, signing secrets encrypted at rest) and the outbox: every audit entry about a
 * key becomes an event whose deliveries are inserted in the same transaction as the change.
 */
export class WebhookService implements AuditListener {
  private readonly wakeListeners: (() => void)[] = [];

  /** Transactions that added deliveries; their commit wakes the dispatcher. */
  private readonly awaitingCommit = new WeakSet<QueryRunner>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly box: SecretBox,
    private readonly guard: AddressGuard,
    private readonly clock: Clock,
    private readonly readApiKey: ApiKeyViewReader,
  ) {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => {
        if (this.awaitingCommit.delete(queryRunner)) this.enqueued();
      },
    };
    dataSource.subscribers.push(subscriber);
  }

  /** Called after this replica commits new deliveries (the dispatcher listens). */
  onEnqueued(listener: () => void): void {
    this.wakeListeners.push(listener);
  }

  private enqueued(): void {
    for (const listener of this.wakeListeners) listener();
  }

  /** The audit hook: runs inside the transaction of the change. */
  async recorded(manager: EntityManager, record: AuditRecord, at: Date): Promise<void> {
    const mapping = EVENTS_OF_AUDIT[record.action];
    if (!mapping || !record.apiKeyId) return;
    const apiKey = await this.readApiKey(manager, record.apiKeyId);
    const data = {
      apiKey: apiKey ?? { id: record.apiKeyId },
      ...(mapping.data?.(record.details ?? {}) ?? {}),
    };
    const sent = await this.enqueue(
      manager,
      { type: mapping.event, orderingKey: record.apiKeyId, data },
      at,
    );
    // The dispatcher is woken once this transaction commits (it also polls).
    if (sent.length && manager.queryRunner) this.awaitingCommit.add(manager.queryRunner);
  }

  /** Inserts one delivery per active webhook subscribed to the event; returns them. */
  async enqueue(
    manager: EntityManager,
    event: EventToSend,
    at: Date,
    only?: WebhookEntity,
  ): Promise<WebhookDeliveryEntity[]> {
    const targets = only
      ? [only]
      : (await manager.find(WebhookEntity, { where: { active: true } })).filter((w) =>
          w.events.includes(event.type),
        );
    if (!targets.length) return [];
    const eventId = newId();
    const payload = JSON.stringify({
      id: eventId,
      type: event.type,
      createdAt: at.toISOString(),
      data: event.data,
    });
    const rows = targets.map((webhook) =>
      Object.assign(new WebhookDeliveryEntity(), {
        id: newId(),
        webhookId: webhook.id,
        eventId,
        eventType: event.type,
        orderingKey: event.orderingKey,
        payload,
        status: 'PENDING',
        attempts: 0,
        responseStatus: null,
        error: null,
        createdAt: at,
        lastAttemptAt: null,
        // Due by the injected clock, whatever time the caller stamped the event with.
        nextAttemptAt: this.clock.now(),
        claimedUntil: null,
        claimToken: null,
      }),
    );
    for (const row of rows) await manager.insert(WebhookDeliveryEntity, row);
    return rows;
  }

  list(): Promise<WebhookEntity[]> {
    return this.dataSource.manager.find(WebhookEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async create(
    actor: WebhookActor,
    input: { url: string; events: string[]; active?: boolean | null },
  ): Promise<{ entity: WebhookEntity; secret: string }> {
    const url = await this.checkUrl(input.url);
    const events = checkEvents(input.events);
    const now = this.clock.now();
    const secret = WEBHOOK_SECRET_PREFIX + randomBase62(40);
    const id = newId();
    const entity = Object.assign(new WebhookEntity(), {
      id,
      url,
      events,
      active: input.active ?? true,
      secretCiphertext: this.box.encrypt(secret, `webhook:${id}`),
      secretHint: secret.slice(-4),
      createdAt: now,
      updatedAt: now,
    });
    await transaction(this.dataSource, async (manager) => {
      await manager.insert(WebhookEntity, entity);
      await this.audit.record(manager, auditOf('webhook.created', actor, entity), now);
    });
    return { entity, secret };
  }

  async update(
    actor: WebhookActor,
    id: string,
    input: { url?: string | null; events?: string[] | null; active?: boolean | null },
  ): Promise<WebhookEntity> {
    const url =
      input.url === undefined || input.url === null ? undefined : await this.checkUrl(input.url);
    const events =
      input.events === undefined || input.events === null ? undefined : checkEvents(input.events);
    return transaction(this.dataSource, async (manager) => {
      const current = await this.findForUpdate(manager, id);
      const now = this.clock.now();
      if (url !== undefined) current.url = url;
      if (events !== undefined) current.events = events;
      const deactivated = current.active && input.active === false;
      if (input.active !== undefined && input.active !== null) current.active = input.active;
      current.updatedAt = now;
      await manager.save(WebhookEntity, current);
      if (deactivated) {
        // An inactive webhook gets nothing: what was still due is given up, not sent later.
        await manager.update(
          WebhookDeliveryEntity,
          { webhookId: id, status: 'PENDING' },
          { status: 'FAILED', error: 'webhook deactivated', nextAttemptAt: null },
        );
      }
      await this.audit.record(manager, auditOf('webhook.updated', actor, current), now);
      return current;
    });
  }

  async delete(actor: WebhookActor, id: string): Promise<string> {
    await transaction(this.dataSource, async (manager) => {
      const current = await this.findForUpdate(manager, id);
      await manager.delete(WebhookDeliveryEntity, { webhookId: id });
      await manager.delete(WebhookEntity, { id });
      await this.audit.record(
        manager,
        auditOf('webhook.deleted', actor, current),
        this.clock.now(),
      );
    });
    return id;
  }

  async sendTest(actor: WebhookActor, id: string): Promise<WebhookDeliveryEntity> {
    const delivery = await transaction(this.dataSource, async (manager) => {
      const webhook = await this.findForUpdate(manager, id);
      const now = this.clock.now();
      const [row] = await this.enqueue(
        manager,
        { type: 'webhook.ping', orderingKey: null, data: { webhook: { id: webhook.id } } },
        now,
        webhook,
      );
      await this.audit.record(manager, auditOf('webhook.test_sent', actor, webhook), now);
      return row!;
    });
    this.enqueued();
    return delivery;
  }

  /** A new delivery of the same event (same id and body), due now. */
  async redeliver(actor: WebhookActor, deliveryId: string): Promise<WebhookDeliveryEntity> {
    const delivery = await transaction(this.dataSource, async (manager) => {
      const original = await manager.findOne(WebhookDeliveryEntity, { where: { id: deliveryId } });
      if (!original) throw notFound('Webhook delivery', deliveryId);
      const webhook = await this.findForUpdate(manager, original.webhookId);
      const now = this.clock.now();
      const row = Object.assign(new WebhookDeliveryEntity(), {
        id: newId(),
        webhookId: webhook.id,
        eventId: original.eventId,
        eventType: original.eventType,
        // Asked for by hand: it neither waits for nor holds up the key's other deliveries.
        orderingKey: null,
        payload: original.payload,
        status: 'PENDING',
        attempts: 0,
        responseStatus: null,
        error: null,
        createdAt: now,
        lastAttemptAt: null,
        nextAttemptAt: now,
        claimedUntil: null,
        claimToken: null,
      });
      await manager.insert(WebhookDeliveryEntity, row);
      await this.audit.record(
        manager,
        {
          ...auditOf('webhook.redelivered', actor, webhook),
          details: { webhookId: webhook.id, eventId: original.eventId, deliveryId: row.id },
        },
        now,
      );
      return row;
    });
    this.enqueued();
    return delivery;
  }

  /** Newest first, keyset-paged on (created_at, seq). */
  async deliveries(webhookId: string, first?: number | null, after?: string | null) {
    const window = pageWindow({ first, after });
    const exists = await this.dataSource.manager.exists(WebhookEntity, {
      where: { id: webhookId },
    });
    if (!exists) throw notFound('Webhook', webhookId);
    const qb = this.dataSource.manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where('d.webhook_id = :webhookId', { webhookId });
    const countQuery = qb.clone();
    if (window.after) {
      const cursor = decodeCursor('after', window.after, ORDER);
      const at = new Date(cursor.value ?? '');
      if (Number.isNaN(at.getTime())) throw badUserInput('after', 'malformed cursor');
      const seq = Number(cursor.id);
      if (!Number.isSafeInteger(seq)) throw badUserInput('after', 'malformed cursor');
      qb.andWhere('(d.created_at < :at OR (d.created_at = :at AND d.seq < :seq))', { at, seq });
    }
    const fetched = await qb
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.seq', 'DESC')
      .limit(window.limit + 1)
      .getMany();
    const rows = fetched.slice(0, window.limit);
    return {
      rows,
      cursors: rows.map((d) =>
        encodeCursor({ order: ORDER, value: d.createdAt.toISOString(), id: String(d.seq) }),
      ),
      hasNextPage: fetched.length > window.limit,
      hasPreviousPage: Boolean(window.after),
      countTotal: async () =>
        Number((await countQuery.select('COUNT(*)', 'n').getRawOne<{ n: unknown }>())?.n ?? 0),
    };
  }

  /** Deletes finished deliveries (succeeded or failed) created before `before`. */
  async purgeFinishedBefore(before: Date): Promise<number> {
    const result = await this.dataSource.manager
      .createQueryBuilder()
      .delete()
      .from(WebhookDeliveryEntity)
      .where('status IN (:...done) AND created_at < :before', {
        done: ['SUCCEEDED', 'FAILED'],
        before,
      })
      .execute();
    return Number(result.affected ?? 0);
  }

  private async findForUpdate(manager: EntityManager, id: string): Promise<WebhookEntity> {
    const found = isMysql(this.dataSource)
      ? await manager.findOne(WebhookEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : await manager.findOneBy(WebhookEntity, { id });
    if (!found) throw notFound('Webhook', id);
    return found;
  }

  private async checkUrl(raw: string): Promise<string> {
    const text = raw.trim();
    if (text.length > MAX_URL_LENGTH) {
      throw badUserInput('url', `must be at most ${MAX_URL_LENGTH} characters`);
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw badUserInput('url', 'must be an absolute https or http URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw badUserInput('url', 'must use https or http');
    }
    if (url.username || url.password) {
      throw badUserInput('url', 'must not contain credentials (user:password@)');
    }
    if (url.href.length > MAX_URL_LENGTH) {
      throw badUserInput('url', `must be at most ${MAX_URL_LENGTH} characters`);
    }
    try {
      await this.guard.check(url.hostname);
    } catch (err) {
      if (err instanceof AddressRefusedError) throw badUserInput('url', err.message);
      throw err;
    }
    return url.href;
  }
}

function checkEvents(events: readonly string[]): WebhookEvent[] {
  if (!events.length) throw badUserInput('events', 'choose at least one event');
  const unknown = events.find((e) => !isWebhookEvent(e));
  if (unknown !== undefined) {
    throw badUserInput(
      'events',
      `unknown event "${unknown.slice(0, 64)}"; known events: ${WEBHOOK_EVENTS.join(', ')}`,
    );
  }
  return WEBHOOK_EVENTS.filter((e) => events.includes(e));
}

/** Audit details name the host only: a URL's path or query may carry the receiver's token. */
function auditOf(
  action:
    | 'webhook.created'
    | 'webhook.updated'
    | 'webhook.deleted'
    | 'webhook.test_sent'
    | 'webhook.redelivered',
  actor: WebhookActor,
  webhook: WebhookEntity,
): AuditRecord {
  return {
    action,
    actor: actor.label,
    ip: actor.ip,
    details: {
      webhookId: webhook.id,
      host: new URL(webhook.url).host,
      events: webhook.events,
      active: webhook.active,
    },
  };
}
