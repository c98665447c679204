import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../common/clock';
import { newId } from '../../common/crypto';
import type { Logger } from '../../common/logger';
import { toDbTimestamp } from '../../database/columns';
import { isMysql } from '../../database/dialect';
import { transaction } from '../../database/transaction';
import { AddressRefusedError, type AddressGuard } from './address-guard';
import type { SecretBox } from './secret-box';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEntity } from './webhook.entity';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from './webhook-events';
import { DELIVERY_TIMEOUT_MS, postDelivery, signatureHeader } from './webhook-sender';

export interface DispatcherOptions {
  /** How often due deliveries are looked for (others' commits, retries coming due). */
  pollMs: number;
  /** Deliveries claimed per round (posted concurrently). */
  batchSize: number;
  /** How long a claim holds: a replica that dies mid-delivery is replaced after this. */
  leaseMs: number;
  timeoutMs: number;
}

/** Claimed batches posted at the same time by one replica. */
const MAX_ROUNDS = 4;

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  pollMs: 1000,
  batchSize: 25,
  // Three times the longest attempt (the 10 s timeout): a live claimer is never overtaken.
  leaseMs: 30_000,
  timeoutMs: DELIVERY_TIMEOUT_MS,
};

/**
 * Posts due deliveries from the outbox. A round claims up to batchSize due rows in a short
 * transaction (on MySQL `FOR UPDATE SKIP LOCKED`, so replicas split the work and never take the
 * same row; SQLite is one process whose transactions are serialised) by stamping them with a
 * lease, posts them outside any transaction, then records each outcome. A delivery waits while
 * an earlier one for the same key and webhook is still pending, so each receiver sees a key's
 * events in order. A crash leaves the lease to run out; the row is then claimed again (at least
 * once).
 */
export class WebhookDispatcher {
  private poller?: NodeJS.Timeout;
  private nextDue?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly guard: AddressGuard,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Tests shorten the timeout here. */
    readonly options: DispatcherOptions = { ...DEFAULT_DISPATCHER_OPTIONS },
  ) {}

  /**
   * Starts dispatching. MySQL: replicas commit deliveries that this one does not hear of, and
   * retries come due, so every pollMs one cheap query asks whether anything is due. SQLite is one
   * process: every delivery is enqueued here (a commit wakes the dispatcher), so it only sets a
   * timer for the next retry, and an idle server asks the database nothing. There, any claim
   * left in the database is from a crashed run of this process: it is released so those
   * deliveries go out now, not after the lease.
   */
  async start(): Promise<void> {
    const mysql = isMysql(this.dataSource);
    if (!mysql) {
      await transaction(this.dataSource, (m) =>
        m.query(
          'UPDATE webhook_deliveries SET claimed_until = NULL, claim_token = NULL WHERE claim_token IS NOT NULL',
        ),
      );
    }
    this.stopped = false;
    clearInterval(this.poller);
    if (mysql) {
      this.poller = setInterval(() => void this.poll(), this.options.pollMs);
      this.poller.unref();
    }
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    clearTimeout(this.nextDue);
    await this.running;
  }

  /** Runs rounds until nothing is due; a wake during a round runs one more. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.drain().then(() => this.scheduleNextDue());
  }

  private async poll(): Promise<void> {
    if (this.running || this.stopped) return;
    const now = toDbTimestamp(this.clock.now());
    try {
      const due: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ?
           AND (claimed_until IS NULL OR claimed_until <= ?) LIMIT 1`,
        [now, now],
      );
      if (due.length) this.wake();
    } catch (err) {
      this.logger.warn({ err }, 'webhook poll failed; will retry');
    }
  }

  /** SQLite: a timer for the earliest pending retry (at most a minute ahead, then again). */
  private async scheduleNextDue(): Promise<void> {
    if (isMysql(this.dataSource) || this.stopped) return;
    try {
      const [row] = (await this.dataSource.query(
        "SELECT MIN(next_attempt_at) AS due FROM webhook_deliveries WHERE status = 'PENDING'",
      )) as { due: string | null }[];
      clearTimeout(this.nextDue);
      if (!row?.due || this.stopped) return;
      const at = new Date(`${row.due.replace(' ', 'T')}Z`).getTime();
      const wait = Math.min(Math.max(at - this.clock.now().getTime(), 0), 60_000);
      this.nextDue = setTimeout(() => this.wake(), wait + 10);
      this.nextDue.unref();
    } catch (err) {
      this.logger.warn({ err }, 'webhook schedule failed; will retry on the next change');
    }
  }

  /**
   * Claims and posts until nothing is due and nothing is in flight; returns how many deliveries
   * were attempted. Up to MAX_ROUNDS claimed batches are in flight at once, so one slow receiver
   * (up to the 10 s timeout) does not hold up the others; a finished batch looks again at once,
   * since it may have unblocked the next event of a key.
   */
  drain(): Promise<number> {
    this.running ??= (async () => {
      let total = 0;
      const inFlight = new Set<Promise<void>>();
      try {
        for (;;) {
          this.again = false;
          const claimed = this.stopped ? [] : await this.claim();
          total += claimed.length;
          if (claimed.length) {
            const batch: Promise<void> = this.post(claimed)
              .catch((err: unknown) => this.logger.warn({ err }, 'webhook dispatch failed'))
              .finally(() => {
                inFlight.delete(batch);
                this.again = true;
              });
            inFlight.add(batch);
            if (inFlight.size >= MAX_ROUNDS) await Promise.race(inFlight);
            continue;
          }
          if (this.again) continue;
          if (!inFlight.size) break;
          await Promise.race(inFlight);
        }
      } catch (err) {
        this.logger.warn({ err }, 'webhook dispatch failed; will retry');
      }
      await Promise.allSettled(inFlight);
      return total;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Posts one claimed batch and records the outcomes. */
  private async post(claimed: WebhookDeliveryEntity[]): Promise<void> {
    const ids = [...new Set(claimed.map((d) => d.webhookId))];
    const webhooks = new Map(
      (await this.dataSource.manager.findBy(WebhookEntity, { id: In(ids) })).map((w) => [w.id, w]),
    );
    const outcomes = await Promise.all(
      claimed.map((d) => this.attempt(d, webhooks.get(d.webhookId))),
    );
    // One transaction for the batch's outcomes: on SQLite every transaction waits its turn.
    await transaction(this.dataSource, async (manager) => {
      for (const [i, outcome] of outcomes.entries()) {
        const delivery = claimed[i]!;
        if (outcome === 'gone') {
          await manager.delete(WebhookDeliveryEntity, { seq: delivery.seq });
          continue;
        }
        // Only while the claim is still ours: a lease that ran out belongs to its new claimer.
        await manager.update(
          WebhookDeliveryEntity,
          { seq: delivery.seq, claimToken: delivery.claimToken! },
          outcome,
        );
      }
    });
  }

  private async claim(): Promise<WebhookDeliveryEntity[]> {
    const now = this.clock.now();
    const token = newId();
    const mysql = isMysql(this.dataSource);
    // READ COMMITTED: the claim locks the rows it takes and no gaps, so the inserts of key
    // changes (new deliveries) never wait for, or deadlock with, a claim.
    const claimIn = <T>(work: (manager: EntityManager) => Promise<T>) =>
      mysql
        ? this.dataSource.transaction('READ COMMITTED', work)
        : transaction(this.dataSource, work);
    const seqs = await claimIn(async (manager) => {
      const rows: { seq: unknown }[] = await manager.query(
        `SELECT d.seq FROM webhook_deliveries d
          WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?
            AND (d.claimed_until IS NULL OR d.claimed_until <= ?)
            AND (d.ordering_key IS NULL OR NOT EXISTS (
              SELECT 1 FROM webhook_deliveries e
               WHERE e.webhook_id = d.webhook_id AND e.ordering_key = d.ordering_key
                 AND e.status = 'PENDING' AND e.seq < d.seq))
          ORDER BY d.next_attempt_at, d.seq
          LIMIT ${Number(this.options.batchSize)}${mysql ? ' FOR UPDATE SKIP LOCKED' : ''}`,
        [toDbTimestamp(now), toDbTimestamp(now)],
      );
      const ids = rows.map((r) => Number(r.seq));
      if (!ids.length) return ids;
      await manager.query(
        `UPDATE webhook_deliveries SET claimed_until = ?, claim_token = ?
          WHERE seq IN (${ids.map(() => '?').join(', ')})`,
        [toDbTimestamp(new Date(now.getTime() + this.options.leaseMs)), token, ...ids],
      );
      return ids;
    });
    if (!seqs.length) return [];
    return this.dataSource.manager.find(WebhookDeliveryEntity, {
      where: { claimToken: token },
      order: { seq: 'ASC' },
    });
  }

  /** Posts one delivery; returns the columns to record ('gone': its webhook was deleted). */
  private async attempt(
    delivery: WebhookDeliveryEntity,
    webhook: WebhookEntity | undefined,
  ): Promise<Partial<WebhookDeliveryEntity> | 'gone'> {
    if (!webhook) return 'gone';
    const startedAt = this.clock.now();
    let result: { status: number | null; error: string | null };
    try {
      const url = new URL(webhook.url);
      const address = await this.guard.check(url.hostname);
      const secret = this.box.decrypt(webhook.secretCiphertext, `webhook:${webhook.id}`);
      const body = delivery.payload;
      result = await postDelivery(
        url,
        address,
        {
          'keyhold-event-id': delivery.eventId,
          'keyhold-event-type': delivery.eventType,
          'keyhold-delivery-id': delivery.id,
          'keyhold-signature': signatureHeader(
            secret,
            Math.floor(startedAt.getTime() / 1000),
            body,
          ),
        },
        body,
        this.options.timeoutMs,
      );
    } catch (err) {
      const refused = err instanceof AddressRefusedError;
      if (!refused) {
        this.logger.warn(
          { err, webhookId: webhook.id, deliveryId: delivery.id },
          'webhook delivery failed',
        );
      }
      result = {
        status: null,
        error: refused ? `address refused: ${(err as Error).message}` : 'internal error',
      };
    }
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const attempts = delivery.attempts + 1;
    const status = ok ? 'SUCCEEDED' : attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING';
    this.logger.debug(
      {
        webhookId: webhook.id,
        deliveryId: delivery.id,
        status,
        attempts,
        responseStatus: result.status,
      },
      'webhook delivery attempted',
    );
    return {
      status,
      attempts,
      responseStatus: result.status,
      error: ok ? null : (result.error ?? 'failed').slice(0, 300),
      lastAttemptAt: startedAt,
      nextAttemptAt:
        status === 'PENDING'
          ? new Date(startedAt.getTime() + RETRY_DELAYS_SECONDS[attempts - 1]! * 1000)
          : null,
      claimedUntil: null,
      claimToken: null,
    };
  }
}
