import type { EntityManager } from 'typeorm';
import { toDbTimestamp } from '../../database/columns';
import { upsertRows } from '../../database/upsert';
import type { KeyUsage } from './usage.service';

export interface AddressCount {
  day: string;
  ip: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  successCount: number;
  failureCount: number;
}

export interface ScopeCount {
  day: string;
  scope: string;
  useCount: number;
  lastUsedAt: Date;
}

export function recordAddress(
  usage: KeyUsage,
  day: string,
  ip: string,
  success: boolean,
  at: Date,
): void {
  // The hot path (every authenticated request): the address already counted today.
  const current = usage.addresses.get(`${day}|${ip}`);
  if (current) {
    if (at < current.firstSeenAt) current.firstSeenAt = at;
    if (at > current.lastSeenAt) current.lastSeenAt = at;
    if (success) current.successCount++;
    else current.failureCount++;
    return;
  }
  addAddress(usage, {
    day,
    ip,
    firstSeenAt: at,
    lastSeenAt: at,
    successCount: success ? 1 : 0,
    failureCount: success ? 0 : 1,
  });
}

export function recordScope(usage: KeyUsage, day: string, scope: string, at: Date): void {
  addScope(usage, { day, scope, useCount: 1, lastUsedAt: at });
}

function addAddress(usage: KeyUsage, count: AddressCount): void {
  const id = `${count.day}|${count.ip}`;
  const current = usage.addresses.get(id);
  if (!current) {
    usage.addresses.set(id, { ...count });
    return;
  }
  if (count.firstSeenAt < current.firstSeenAt) current.firstSeenAt = count.firstSeenAt;
  if (count.lastSeenAt > current.lastSeenAt) current.lastSeenAt = count.lastSeenAt;
  current.successCount += count.successCount;
  current.failureCount += count.failureCount;
}

function addScope(usage: KeyUsage, count: ScopeCount): void {
  const id = `${count.day}|${count.scope}`;
  const current = usage.scopes.get(id);
  if (!current) {
    usage.scopes.set(id, { ...count });
    return;
  }
  current.useCount += count.useCount;
  if (count.lastUsedAt > current.lastUsedAt) current.lastUsedAt = count.lastUsedAt;
}

/** Adds what `from` counted to `target` (a failed write going back to the buffer). */
export function mergeInsight(target: KeyUsage, from: KeyUsage): void {
  for (const count of from.addresses.values()) addAddress(target, count);
  for (const count of from.scopes.values()) addScope(target, count);
}

/** Upserts a chunk's address and scope rows, in the chunk's transaction. */
export async function writeInsight(
  manager: EntityManager,
  mysql: boolean,
  chunk: [string, KeyUsage][],
): Promise<void> {
  const addresses = chunk.flatMap(([id, usage]) =>
    [...usage.addresses.values()].map((a) => [
      id,
      a.day,
      a.ip,
      toDbTimestamp(a.firstSeenAt),
      toDbTimestamp(a.lastSeenAt),
      a.successCount,
      a.failureCount,
    ]),
  );
  const addressUpsert = mysql
    ? 'ON DUPLICATE KEY UPDATE first_seen_at = LEAST(first_seen_at, VALUES(first_seen_at)), ' +
      'last_seen_at = GREATEST(last_seen_at, VALUES(last_seen_at)), ' +
      'success_count = success_count + VALUES(success_count), ' +
      'failure_count = failure_count + VALUES(failure_count)'
    : 'ON CONFLICT (api_key_id, day, ip) DO UPDATE SET ' +
      'first_seen_at = MIN(first_seen_at, excluded.first_seen_at), ' +
      'last_seen_at = MAX(last_seen_at, excluded.last_seen_at), ' +
      'success_count = success_count + excluded.success_count, ' +
      'failure_count = failure_count + excluded.failure_count';
  await upsertRows(
    manager,
    'api_key_address_days',
    ['api_key_id', 'day', 'ip', 'first_seen_at', 'last_seen_at', 'success_count', 'failure_count'],
    addresses,
    addressUpsert,
  );
  const scopes = chunk.flatMap(([id, usage]) =>
    [...usage.scopes.values()].map((s) => [
      id,
      s.day,
      s.scope,
      s.useCount,
      toDbTimestamp(s.lastUsedAt),
    ]),
  );
  const scopeUpsert = mysql
    ? 'ON DUPLICATE KEY UPDATE use_count = use_count + VALUES(use_count), ' +
      'last_used_at = GREATEST(last_used_at, VALUES(last_used_at))'
    : 'ON CONFLICT (api_key_id, day, scope) DO UPDATE SET ' +
      'use_count = use_count + excluded.use_count, ' +
      'last_used_at = MAX(last_used_at, excluded.last_used_at)';
  await upsertRows(
    manager,
    'api_key_scope_days',
    ['api_key_id', 'day', 'scope', 'use_count', 'last_used_at'],
    scopes,
    scopeUpsert,
  );
}
