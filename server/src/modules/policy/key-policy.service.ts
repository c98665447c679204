import type { DataSource } from 'typeorm';
import { badUserInput } from '../../common/errors';
import type { Clock } from '../../common/clock';
import { transaction } from '../../database/transaction';
import { isMysql } from '../../database/dialect';
import type { AuditService } from '../audit';
import { KeyPolicyEntity } from './key-policy.entity';
import type { KeyPolicy, KeyPolicyInput } from './key-policy.type';

const POLICY_ID = 1;
const DAY_MS = 86_400_000;

export const DEFAULT_POLICY: KeyPolicy = {
  maxLifetimeDays: null,
  requireExpiry: false,
  requireAllowedIps: false,
  disableUnusedAfterDays: null,
  expiryReminderDays: [],
};

/** What a key will look like after a create, update or rotation, as far as the policy cares. */
export interface KeyShape {
  expiresAt: Date | null;
  allowedIps: readonly string[];
}

function toPolicy(entity: KeyPolicyEntity | null): KeyPolicy {
  if (!entity) return { ...DEFAULT_POLICY };
  return {
    maxLifetimeDays: entity.maxLifetimeDays,
    requireExpiry: Boolean(entity.requireExpiry),
    requireAllowedIps: Boolean(entity.requireAllowedIps),
    disableUnusedAfterDays: entity.disableUnusedAfterDays,
    expiryReminderDays: entity.expiryReminderDays,
  };
}

/** The key policy: one row, read on every key change (a primary-key lookup), saved by admins. */
export class KeyPolicyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<KeyPolicy> {
    return toPolicy(await this.dataSource.manager.findOneBy(KeyPolicyEntity, { id: POLICY_ID }));
  }

  async update(actor: { label: string; ip: string }, input: KeyPolicyInput): Promise<KeyPolicy> {
    return transaction(this.dataSource, async (manager) => {
      // Concurrent saves end as some serial order would: MySQL locks the row (SQLite's
      // transactions already take turns).
      const row = await manager.findOne(KeyPolicyEntity, {
        where: { id: POLICY_ID },
        ...(isMysql(this.dataSource) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      const before = toPolicy(row);
      const after: KeyPolicy = { ...before };
      if (input.maxLifetimeDays !== undefined) after.maxLifetimeDays = input.maxLifetimeDays;
      if (input.disableUnusedAfterDays !== undefined)
        after.disableUnusedAfterDays = input.disableUnusedAfterDays;
      if (input.requireExpiry !== undefined && input.requireExpiry !== null)
        after.requireExpiry = input.requireExpiry;
      if (input.requireAllowedIps !== undefined && input.requireAllowedIps !== null)
        after.requireAllowedIps = input.requireAllowedIps;
      if (input.expiryReminderDays !== undefined && input.expiryReminderDays !== null) {
        after.expiryReminderDays = [...new Set(input.expiryReminderDays)].sort((a, b) => b - a);
      }
      const changes = Object.fromEntries(
        (Object.keys(after) as (keyof KeyPolicy)[])
          .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
          .map((field) => [field, { from: before[field], to: after[field] }]),
      );
      if (!Object.keys(changes).length) return after;
      const now = this.clock.now();
      await manager.save(KeyPolicyEntity, { id: POLICY_ID, ...after, updatedAt: now });
      await this.audit.record(
        manager,
        { action: 'policy.updated', actor: actor.label, ip: actor.ip, details: { changes } },
        now,
      );
      return after;
    });
  }
}

/**
 * Refuses a key that breaks the policy, naming the field (BAD_USER_INPUT): an expiry that is
 * missing or too far away, or an empty allow-list. `fields` limits the check to what changes.
 */
export function assertKeyMeetsPolicy(
  policy: KeyPolicy,
  key: KeyShape,
  now: Date,
  fields: { expiresAt: boolean; allowedIps: boolean },
): void {
  if (fields.expiresAt) {
    if (policy.maxLifetimeDays !== null) {
      const latest = new Date(now.getTime() + policy.maxLifetimeDays * DAY_MS);
      if (!key.expiresAt) {
        throw badUserInput(
          'expiresAt',
          `is required by the key policy (keys must expire within ${policy.maxLifetimeDays} days)`,
        );
      }
      if (key.expiresAt > latest) {
        throw badUserInput(
          'expiresAt',
          `must be at most ${policy.maxLifetimeDays} days ahead (key policy); latest ${latest.toISOString()}`,
        );
      }
    }
    if (policy.requireExpiry && !key.expiresAt) {
      throw badUserInput('expiresAt', 'is required by the key policy');
    }
  }
  if (fields.allowedIps && policy.requireAllowedIps && key.allowedIps.length === 0) {
    throw badUserInput('allowedIps', 'must list at least one address or range (key policy)');
  }
}
