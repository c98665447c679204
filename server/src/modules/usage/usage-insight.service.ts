import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { INSIGHT_RETENTION_DAYS } from '@keyhold/shared';
import { isMysql } from '../../database/dialect';
import { suggestAllowedIps } from './suggest-allowed-ips';
import { utcDay, USAGE_CHUNK_KEYS, type UsageService } from './usage.service';

/** Address and scope rows are kept this long (days), and windows reach at most this far. */
export { INSIGHT_RETENTION_DAYS };
/** `addresses` lists at most this many, most recent first. */
export const MAX_ADDRESSES = 100;
/** `suggestedAllowedIps` covers the addresses that succeeded within this many days. */
export const SUGGESTION_DAYS = 30;
const DAY_MS = 86_400_000;

export interface AddressUse {
  ip: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  successCount: number;
  failureCount: number;
}

export interface ScopeUse {
  scope: string;
  useCount: number;
  lastUsedAt: Date | null;
}

type Row = Record<string, unknown>;

function dateOf(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}

/**
 * Where each key is used from and which of its scopes are exercised, from the rows the usage
 * flush writes plus what this replica has counted but not yet written. Every read takes a
 * list of keys: the loaders below answer a whole page with one query per field and window.
 */
export class UsageInsightService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly usage: UsageService,
  ) {}

  private firstDay(days: number, now: Date): string {
    return utcDay(new Date(now.getTime() - (days - 1) * DAY_MS));
  }

  /** Per key, every address seen in the last `days` UTC days, most recent first. */
  async addressesOf(
    ids: readonly string[],
    days: number,
    now = this.usage.clock.now(),
  ): Promise<Map<string, AddressUse[]>> {
    const from = this.firstDay(days, now);
    const byKey = new Map<string, Map<string, AddressUse>>(ids.map((id) => [id, new Map()]));
    const unique = [...byKey.keys()];
    const add = (id: string, use: AddressUse) => {
      const known = byKey.get(id)!;
      const current = known.get(use.ip);
      if (!current) return known.set(use.ip, use);
      if (use.firstSeenAt < current.firstSeenAt) current.firstSeenAt = use.firstSeenAt;
      if (use.lastSeenAt > current.lastSeenAt) current.lastSeenAt = use.lastSeenAt;
      current.successCount += use.successCount;
      current.failureCount += use.failureCount;
    };
    for (let i = 0; i < unique.length; i += USAGE_CHUNK_KEYS) {
      const chunk = unique.slice(i, i + USAGE_CHUNK_KEYS);
      const rows: Row[] = await this.dataSource.query(
        'SELECT api_key_id AS id, ip, MIN(first_seen_at) AS first_seen, ' +
          'MAX(last_seen_at) AS last_seen, SUM(success_count) AS ok, SUM(failure_count) AS failed ' +
          `FROM api_key_address_days WHERE api_key_id IN (${chunk.map(() => '?').join(', ')}) ` +
          'AND day >= ? GROUP BY api_key_id, ip',
        [...chunk, from],
      );
      for (const r of rows) {
        add(String(r.id), {
          ip: String(r.ip),
          firstSeenAt: dateOf(r.first_seen),
          lastSeenAt: dateOf(r.last_seen),
          successCount: Number(r.ok),
          failureCount: Number(r.failed),
        });
      }
    }
    const result = new Map<string, AddressUse[]>();
    for (const id of unique) {
      for (const buffered of this.usage.buffered(id)) {
        for (const a of buffered.addresses.values()) {
          if (a.day >= from) add(id, { ...a });
        }
      }
      result.set(
        id,
        [...byKey.get(id)!.values()].sort(
          (a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime() || (a.ip < b.ip ? -1 : 1),
        ),
      );
    }
    return result;
  }

  /** Per key and granted scope, how often and when it was last exercised in `days` days. */
  async scopeUsageOf(
    keys: readonly { id: string; scopes: readonly string[] }[],
    days: number,
    now = this.usage.clock.now(),
  ): Promise<Map<string, ScopeUse[]>> {
    const from = this.firstDay(days, now);
    const byKey = new Map<string, Map<string, ScopeUse>>(
      keys.map((k) => [
        k.id,
        new Map(k.scopes.map((scope) => [scope, { scope, useCount: 0, lastUsedAt: null }])),
      ]),
    );
    const add = (id: string, scope: string, count: number, last: Date) => {
      const use = byKey.get(id)?.get(scope);
      if (!use) return;
      use.useCount += count;
      if (!use.lastUsedAt || last > use.lastUsedAt) use.lastUsedAt = last;
    };
    const unique = [...byKey.keys()];
    for (let i = 0; i < unique.length; i += USAGE_CHUNK_KEYS) {
      const chunk = unique.slice(i, i + USAGE_CHUNK_KEYS);
      const rows: Row[] = await this.dataSource.query(
        'SELECT api_key_id AS id, scope, SUM(use_count) AS uses, MAX(last_used_at) AS last_used ' +
          `FROM api_key_scope_days WHERE api_key_id IN (${chunk.map(() => '?').join(', ')}) ` +
          'AND day >= ? GROUP BY api_key_id, scope',
        [...chunk, from],
      );
      for (const r of rows) add(String(r.id), String(r.scope), Number(r.uses), dateOf(r.last_used));
    }
    for (const id of unique) {
      for (const buffered of this.usage.buffered(id)) {
        for (const s of buffered.scopes.values()) {
          if (s.day >= from) add(id, s.scope, s.useCount, s.lastUsedAt);
        }
      }
    }
    return new Map(unique.map((id) => [id, [...byKey.get(id)!.values()]]));
  }

  /** Deletes address and scope rows older than the retention; returns how many went. */
  async purge(now = this.usage.clock.now()): Promise<number> {
    const before = this.firstDay(INSIGHT_RETENTION_DAYS, now);
    let total = 0;
    for (const table of ['api_key_address_days', 'api_key_scope_days']) {
      const result: unknown = await this.dataSource.query(`DELETE FROM ${table} WHERE day < ?`, [
        before,
      ]);
      total += affected(result, isMysql(this.dataSource));
    }
    return total;
  }

  /** Per request: every key's addresses in a window, with one query per distinct window. */
  createAddressLoader(): DataLoader<{ apiKeyId: string; days: number }, AddressUse[], string> {
    return new DataLoader(
      async (requests) => {
        const now = this.usage.clock.now();
        const answers = new Map<number, Map<string, AddressUse[]>>();
        for (const days of new Set(requests.map((r) => r.days))) {
          const ids = requests.filter((r) => r.days === days).map((r) => r.apiKeyId);
          answers.set(days, await this.addressesOf(ids, days, now));
        }
        return requests.map(({ apiKeyId, days }) => answers.get(days)!.get(apiKeyId)!);
      },
      { cacheKeyFn: ({ apiKeyId, days }) => `${days}:${apiKeyId}` },
    );
  }

  /** Per request: scope usage of every key in a window, with one query per distinct window. */
  createScopeLoader(): DataLoader<
    { apiKeyId: string; scopes: readonly string[]; days: number },
    ScopeUse[],
    string
  > {
    return new DataLoader(
      async (requests) => {
        const now = this.usage.clock.now();
        const answers = new Map<number, Map<string, ScopeUse[]>>();
        for (const days of new Set(requests.map((r) => r.days))) {
          const keys = requests
            .filter((r) => r.days === days)
            .map((r) => ({ id: r.apiKeyId, scopes: r.scopes }));
          answers.set(days, await this.scopeUsageOf(keys, days, now));
        }
        return requests.map(({ apiKeyId, days }) => answers.get(days)!.get(apiKeyId)!);
      },
      { cacheKeyFn: ({ apiKeyId, days }) => `${days}:${apiKeyId}` },
    );
  }

  /** The allow-list suggestion from addresses that succeeded in the last SUGGESTION_DAYS. */
  static suggestion(addresses: readonly AddressUse[]): string[] {
    return suggestAllowedIps(addresses.filter((a) => a.successCount > 0).map((a) => a.ip));
  }
}

function affected(result: unknown, mysql: boolean): number {
  if (mysql) return Number((result as { affectedRows?: number }).affectedRows ?? 0);
  const r = result as { changes?: number } | unknown[];
  return Array.isArray(r) ? 0 : Number(r?.changes ?? 0);
}
