import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { generateApiKey, generateApiSecret, SCOPES, secretHintOf } from '@keyhold/shared';
import { pageWindow } from '../../common/connection';
import { newId, sha256Hex } from '../../common/crypto';
import { transaction } from '../../database/transaction';
import { toDbTimestamp } from '../../database/columns';
import { badUserInput, forbidden, notFound } from '../../common/errors';
import {
  checkExpiry,
  grantableScopes,
  normalAllowedIps,
  normalName,
  rateLimitColumns,
  snapshot,
  type Actor,
} from './api-key.rules';
import type { Clock } from '../../common/clock';
import type { AuditService } from '../audit';
import { assertKeyMeetsPolicy, type KeyPolicyService } from '../policy';
import type { UsageService } from '../usage';
import type { ApiKeyChangeFeed } from './api-key-change-feed';
import { ApiKeyEntity } from './api-key.entity';
import {
  DEFAULT_ORDER,
  type ApiKeyFilter,
  type ApiKeyRepository,
  type LastUse,
} from './api-key.repository';
import type { ApiKeyOrder } from './dto/api-key-order.input';
import { ApiKey } from './dto/api-key.type';
import type { CreateApiKeyInput } from './dto/create-api-key.input';
import type { UpdateApiKeyInput } from './dto/update-api-key.input';

const COUNT_TTL_MS = 10_000;

export interface ListArgs extends ApiKeyFilter {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: ApiKeyOrder | null;
}

export class ApiKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ApiKeyRepository,
    private readonly audit: AuditService,
    private readonly changes: ApiKeyChangeFeed,
    private readonly policies: KeyPolicyService,
    private readonly usage: UsageService,
    private readonly clock: Clock,
  ) {
    changes.onChange(() => this.counts.clear());
  }

  /**
   * totalCount per filter, kept briefly: counting a million keys takes about half a second, and
   * the admin list asks on every page. Any key change (here, or seen from another replica)
   * clears it; only the passing of an expiry can go unseen, for at most COUNT_TTL_MS.
   */
  private readonly counts = new Map<string, { value: Promise<number>; until: number }>();

  private countTotal(filter: ApiKeyFilter): Promise<number> {
    const id = JSON.stringify([filter.search?.trim().toLowerCase() ?? '', filter.status ?? '']);
    const now = this.clock.now().getTime();
    const cached = this.counts.get(id);
    if (cached && cached.until > now) return cached.value;
    if (this.counts.size > 1000) this.counts.clear();
    const value = this.repository.count(filter, this.clock.now());
    this.counts.set(id, { value, until: now + COUNT_TTL_MS });
    value.catch(() => this.counts.delete(id));
    return value;
  }

  async list(args: ListArgs) {
    const window = pageWindow(args);
    const filter: ApiKeyFilter = { search: args.search, status: args.status };
    const page = await this.repository.page(
      filter,
      args.orderBy ?? DEFAULT_ORDER,
      window,
      this.clock.now(),
    );
    return { ...page, countTotal: () => this.countTotal(filter) };
  }

  /** The key with exactly this public key (authentication's read), or null. */
  findByKey(key: string): Promise<ApiKeyEntity | null> {
    return this.repository.findByKey(key);
  }

  /**
   * Moves keys' last use forward, inside the caller's transaction (the usage flush): only this
   * module writes `api_keys`.
   */
  writeLastUse(manager: EntityManager, uses: readonly LastUse[]): Promise<void> {
    return this.repository.writeLastUse(manager, uses);
  }

  /** A per-request loader: keys asked for by id in one request are read with one query. */
  createLoader(): DataLoader<string, ApiKeyEntity | null> {
    return new DataLoader(async (ids) => {
      const found = new Map((await this.repository.findByIds(ids)).map((k) => [k.id, k]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  async create(
    actor: Actor,
    input: CreateApiKeyInput,
  ): Promise<{ entity: ApiKeyEntity; secret: string }> {
    const now = this.clock.now();
    const policy = await this.policies.get();
    const secret = generateApiSecret();
    const entity = Object.assign(new ApiKeyEntity(), {
      id: newId(),
      name: normalName(input.name),
      key: generateApiKey(),
      secretDigest: sha256Hex(secret),
      secretHint: secretHintOf(secret),
      previousSecretDigest: null,
      previousSecretExpiresAt: null,
      secretRotatedAt: null,
      active: input.active ?? true,
      allowedIps: normalAllowedIps(input.allowedIps ?? []),
      scopes: grantableScopes(actor, input.scopes ?? []),
      expiresAt: checkExpiry(input.expiresAt, now),
      ...rateLimitColumns(input.rateLimit),
      lastUsedAt: null,
      lastUsedIp: null,
      createdAt: now,
      updatedAt: now,
    });
    assertKeyMeetsPolicy(policy, entity, now, { expiresAt: true, allowedIps: true });
    await transaction(this.dataSource, async (manager) => {
      await manager.insert(ApiKeyEntity, entity);
      await this.audit.record(
        manager,
        {
          action: 'api_key.created',
          actor: actor.label,
          apiKeyId: entity.id,
          ip: actor.ip,
          details: { key: entity.key, ...snapshot(entity) },
        },
        now,
      );
      await this.changes.record(manager, entity.key);
    });
    this.changes.notifyCommitted(entity.key);
    return { entity, secret };
  }

  async update(actor: Actor, id: string, input: UpdateApiKeyInput): Promise<ApiKeyEntity> {
    const next: Partial<ApiKeyEntity> = {};
    if (input.name !== undefined) next.name = normalName(input.name);
    if (input.active !== undefined && input.active !== null) next.active = input.active;
    if (input.allowedIps !== undefined) next.allowedIps = normalAllowedIps(input.allowedIps ?? []);
    if (input.scopes !== undefined) next.scopes = grantableScopes(actor, input.scopes ?? []);
    const policy = await this.policies.get();
    // null clears the limit; omitted leaves it unchanged.
    if (input.rateLimit !== undefined) Object.assign(next, rateLimitColumns(input.rateLimit));
    return this.change(actor, id, (current, now) => {
      assertWithinReach(actor, current);
      const before = snapshot(current);
      // Only a new expiry must lie ahead: an expired key can still be renamed, and a form that
      // sends its unchanged expiry back is not refused for it.
      if (input.expiresAt !== undefined && !sameInstant(input.expiresAt, current.expiresAt)) {
        next.expiresAt = checkExpiry(input.expiresAt, now);
      }
      Object.assign(current, next);
      // Only what this update changes must meet the policy: a key made before it can still be
      // renamed.
      assertKeyMeetsPolicy(policy, current, now, {
        expiresAt: 'expiresAt' in next,
        allowedIps: 'allowedIps' in next,
      });
      const after = snapshot(current);
      const changed = Object.fromEntries(
        (Object.keys(after) as (keyof typeof after)[])
          .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
          .map((field) => [field, { from: before[field], to: after[field] }]),
      );
      const actions: AuditEntry[] = [];
      if (Object.keys(changed).length)
        actions.push({ action: 'api_key.updated', details: { changes: changed } });
      if (before.active !== after.active) {
        actions.push({
          action: after.active ? 'api_key.activated' : 'api_key.deactivated',
          details: {},
        });
      }
      if (!actions.length) assertMayReadUnchanged(actor, 'input');
      return actions;
    });
  }

  setActive(actor: Actor, id: string, active: boolean): Promise<ApiKeyEntity> {
    return this.change(actor, id, (current) => {
      assertWithinReach(actor, current);
      if (current.active === active) {
        assertMayReadUnchanged(actor, 'active');
        return [];
      }
      current.active = active;
      return [{ action: active ? 'api_key.activated' : 'api_key.deactivated', details: {} }];
    });
  }

  async rotate(
    actor: Actor,
    id: string,
    gracePeriodSeconds: number,
  ): Promise<{ entity: ApiKeyEntity; secret: string }> {
    const secret = generateApiSecret();
    const policy = await this.policies.get();
    const entity = await this.change(actor, id, (current, now) => {
      // The caller receives the new secret, so rotating a key that holds more than the caller
      // would grant those scopes.
      assertWithinReach(actor, current);
      assertKeyMeetsPolicy(policy, current, now, { expiresAt: true, allowedIps: true });
      const graceEnds =
        gracePeriodSeconds > 0 ? new Date(now.getTime() + gracePeriodSeconds * 1000) : null;
      current.previousSecretDigest = graceEnds ? current.secretDigest : null;
      current.previousSecretExpiresAt = graceEnds;
      current.secretDigest = sha256Hex(secret);
      current.secretHint = secretHintOf(secret);
      current.secretRotatedAt = now;
      return [
        {
          action: 'api_key.secret_rotated',
          details: {
            gracePeriodSeconds,
            previousSecretExpiresAt: graceEnds?.toISOString() ?? null,
          },
        },
      ];
    });
    return { entity, secret };
  }

  async delete(actor: Actor, id: string): Promise<string> {
    const key = await transaction(this.dataSource, async (manager) => {
      const current = await this.repository.findForUpdate(id, manager);
      if (!current) throw notFound('API key', id);
      assertWithinReach(actor, current);
      // Recorded while the row still exists: the event carries the key as it was.
      await this.audit.record(manager, {
        action: 'api_key.deleted',
        actor: actor.label,
        apiKeyId: id,
        ip: actor.ip,
        details: { key: current.key, name: current.name || null },
      });
      await manager.delete(ApiKeyEntity, { id });
      await this.usage.deleteForKey(manager, id);
      await manager.query('DELETE FROM api_key_reminders WHERE api_key_id = ?', [id]);
      await this.changes.record(manager, current.key);
      return current.key;
    });
    this.changes.notifyCommitted(key);
    return id;
  }

  /** Active keys unused since `cutoff` (never used: created before it), in id order. */
  findUnusedSince(cutoff: Date, afterId: string, limit: number): Promise<ApiKeyEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(ApiKeyEntity, 'k')
      .where('k.active = :active', { active: true })
      .andWhere('COALESCE(k.last_used_at, k.created_at) <= :cutoff', { cutoff })
      .andWhere('k.id > :afterId', { afterId })
      .orderBy('k.id')
      .limit(limit)
      .getMany();
  }

  /** Active keys whose expiry lies in (from, until], in id order. */
  findExpiringBetween(
    from: Date,
    until: Date,
    afterId: string,
    limit: number,
  ): Promise<ApiKeyEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(ApiKeyEntity, 'k')
      .where('k.active = :active', { active: true })
      .andWhere('k.expires_at > :from AND k.expires_at <= :until', { from, until })
      .andWhere('k.id > :afterId', { afterId })
      .orderBy('k.id')
      .limit(limit)
      .getMany();
  }

  /**
   * Records an expiry reminder for a key, once per key, threshold and expiry: the reminder rows
   * of every threshold already reached are written with one `api_key.expiring` event (for the
   * nearest one) in one transaction, and a row that exists already means it was sent (here or by
   * another replica, before a restart too). True when this call sent it.
   */
  async remindExpiry(
    key: ApiKeyEntity,
    thresholds: readonly number[],
    now: Date,
  ): Promise<boolean> {
    const expiresAt = toDbTimestamp(key.expiresAt!);
    const sent = await transaction(this.dataSource, async (manager) => {
      const rows: { days_before: unknown }[] = await manager.query(
        'SELECT days_before FROM api_key_reminders WHERE api_key_id = ? AND expires_at = ?',
        [key.id, expiresAt],
      );
      const done = new Set(rows.map((r) => Number(r.days_before)));
      const nearest = Math.min(...thresholds);
      if (done.has(nearest)) return false;
      for (const days of thresholds.filter((d) => !done.has(d))) {
        await manager.query(
          'INSERT INTO api_key_reminders (api_key_id, days_before, expires_at, sent_at) VALUES (?, ?, ?, ?)',
          [key.id, days, expiresAt, toDbTimestamp(now)],
        );
      }
      await this.audit.record(
        manager,
        {
          action: 'api_key.expiring',
          actor: 'system',
          apiKeyId: key.id,
          details: {
            key: key.key,
            daysBefore: nearest,
            daysLeft: Math.ceil((key.expiresAt!.getTime() - now.getTime()) / 86_400_000),
            expiresAt: key.expiresAt!.toISOString(),
          },
        },
        now,
      );
      return true;
    });
    return sent;
  }

  /**
   * Records once per key and expiry that a key has expired (`api_key.expired`), remembered as
   * the reminder row of threshold 0. True when this call recorded it.
   */
  async markExpired(key: ApiKeyEntity, now: Date): Promise<boolean> {
    const expiresAt = toDbTimestamp(key.expiresAt!);
    return transaction(this.dataSource, async (manager) => {
      const current = await this.repository.findForUpdate(key.id, manager);
      if (!current?.expiresAt || current.expiresAt.getTime() !== key.expiresAt!.getTime()) {
        return false;
      }
      const rows: unknown[] = await manager.query(
        'SELECT 1 FROM api_key_reminders WHERE api_key_id = ? AND days_before = 0 AND expires_at = ?',
        [key.id, expiresAt],
      );
      if (rows.length) return false;
      await manager.query(
        'INSERT INTO api_key_reminders (api_key_id, days_before, expires_at, sent_at) VALUES (?, 0, ?, ?)',
        [key.id, expiresAt, toDbTimestamp(now)],
      );
      await this.audit.record(
        manager,
        {
          action: 'api_key.expired',
          actor: 'system',
          apiKeyId: key.id,
          details: { key: key.key, expiresAt: key.expiresAt!.toISOString() },
        },
        now,
      );
      return true;
    });
  }

  /** Active keys whose expiry lies in (from, until], in id order, not yet marked expired. */
  findExpiredBetween(from: Date, until: Date, afterId: string, limit: number) {
    return this.dataSource.manager
      .createQueryBuilder(ApiKeyEntity, 'k')
      .where('k.active = :active', { active: true })
      .andWhere('k.expires_at > :from AND k.expires_at <= :until', { from, until })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM api_key_reminders r WHERE r.api_key_id = k.id AND r.days_before = 0 AND r.expires_at = k.expires_at)',
      )
      .andWhere('k.id > :afterId', { afterId })
      .orderBy('k.id')
      .limit(limit)
      .getMany();
  }

  /**
   * A secret reported as leaked: when it is a key's current secret, or its previous one within
   * the grace period, the key is disabled at once (every replica drops it as for any disable)
   * and the leak is audited (`api_key.leaked`, which also becomes the webhook event). True when
   * the secret belongs to a key.
   */
  async reportLeaked(
    secretDigest: string,
    actor: string,
    details: { url: string | null; source: string | null },
  ): Promise<boolean> {
    const now = this.clock.now();
    const found = await this.dataSource.manager
      .createQueryBuilder(ApiKeyEntity, 'k')
      .select('k.id', 'id')
      .where('k.secret_digest = :d', { d: secretDigest })
      .orWhere('(k.previous_secret_digest = :d AND k.previous_secret_expires_at > :now)', {
        d: secretDigest,
        now,
      })
      .getRawMany<{ id: string }>();
    let matched = false;
    for (const { id } of found) {
      const key = await transaction(this.dataSource, async (manager) => {
        const current = await this.repository.findForUpdate(id, manager);
        if (!current) return null;
        const previousLive =
          current.previousSecretDigest === secretDigest &&
          (current.previousSecretExpiresAt?.getTime() ?? 0) > now.getTime();
        if (current.secretDigest !== secretDigest && !previousLive) return null;
        const wasActive = current.active;
        current.active = false;
        current.updatedAt = now;
        await manager.save(ApiKeyEntity, current);
        await this.audit.record(
          manager,
          {
            action: 'api_key.leaked',
            actor,
            apiKeyId: current.id,
            details: {
              key: current.key,
              secret:
                previousLive && current.secretDigest !== secretDigest ? 'previous' : 'current',
              wasActive,
              ...details,
            },
          },
          now,
        );
        await this.changes.record(manager, current.key);
        return current.key;
      });
      if (key) {
        matched = true;
        this.changes.notifyCommitted(key);
      }
    }
    return matched;
  }

  /**
   * The public view of a key (what the API answers, never a secret or digest), read inside the
   * caller's transaction: webhook events carry it.
   */
  async eventView(manager: EntityManager, id: string): Promise<Record<string, unknown> | null> {
    const entity = await manager.findOneBy(ApiKeyEntity, { id });
    if (!entity) return null;
    return JSON.parse(JSON.stringify(ApiKey.from(entity, this.clock.now()))) as Record<
      string,
      unknown
    >;
  }

  /**
   * Disables a key the policy finds unused since `cutoff`, if it still is once its row is
   * locked (a use or an admin may have come first). True when this call disabled it.
   */
  async autoDisable(
    id: string,
    cutoff: Date,
    lastUse: Date | null,
    details: Record<string, unknown>,
  ): Promise<boolean> {
    const key = await transaction(this.dataSource, async (manager) => {
      const current = await this.repository.findForUpdate(id, manager);
      if (!current || !current.active) return null;
      const used = [current.lastUsedAt, lastUse].filter((d): d is Date => d !== null);
      const since = used.length ? new Date(Math.max(...used.map((d) => d.getTime()))) : null;
      if ((since ?? current.createdAt) > cutoff) return null;
      const now = this.clock.now();
      current.active = false;
      current.updatedAt = now;
      await manager.save(ApiKeyEntity, current);
      await this.audit.record(
        manager,
        {
          action: 'api_key.auto_disabled',
          actor: 'system',
          apiKeyId: current.id,
          details: {
            key: current.key,
            ...details,
            lastUsedAt: since?.toISOString() ?? null,
          },
        },
        now,
      );
      await this.changes.record(manager, current.key);
      return current.key;
    });
    if (key) this.changes.notifyLocal(key);
    return key !== null;
  }

  /**
   * Locks the key's row, applies `mutate`, and saves it with its audit events in one
   * transaction. The time is read once the lock is held, so the audit trail of a key is in the
   * order its changes were applied.
   */
  private async change(
    actor: Actor,
    id: string,
    mutate: (current: ApiKeyEntity, now: Date) => AuditEntry[],
  ): Promise<ApiKeyEntity> {
    const entity = await transaction(this.dataSource, async (manager) => {
      const current = await this.repository.findForUpdate(id, manager);
      if (!current) throw notFound('API key', id);
      const now = this.clock.now();
      const entries = mutate(current, now);
      if (!entries.length) return current;
      current.updatedAt = now;
      await manager.save(ApiKeyEntity, current);
      for (const entry of entries) {
        await this.audit.record(
          manager,
          { ...entry, actor: actor.label, apiKeyId: current.id, ip: actor.ip },
          now,
        );
      }
      await this.changes.record(manager, current.key);
      return current;
    });
    this.changes.notifyCommitted(entity.key);
    return entity;
  }
}

/** A key may change only keys whose scopes are a subset of its own (admins hold them all). */
function assertWithinReach(actor: Actor, target: ApiKeyEntity): void {
  const beyond = target.scopes.find((scope) => !actor.scopes.includes(scope));
  if (beyond) throw forbidden(beyond);
}

/**
 * A change that changes nothing would only answer the key's current state: for a caller
 * without `api_keys:read` that would be a read, so it is refused.
 */
function assertMayReadUnchanged(actor: Actor, field: string): void {
  if (!actor.scopes.includes(SCOPES.API_KEYS_READ)) {
    throw badUserInput(field, 'changes nothing (reading a key requires the scope api_keys:read)');
  }
}

function sameInstant(a: Date | null | undefined, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

interface AuditEntry {
  action:
    'api_key.updated' | 'api_key.activated' | 'api_key.deactivated' | 'api_key.secret_rotated';
  details: Record<string, unknown>;
}
