import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { toDbTimestamp } from '../../src/database/columns';
import { TestApp } from '../support/harness';

/**
 * The usage flush at scale: thousands of keys used within one flush interval are written in
 * bounded chunks, and a chunk that fails holds back nobody else.
 */

const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Expected {
  lastUsedAt: number;
  lastUsedIp: string;
  days: Map<string, [number, number]>;
}

/** Inserts `n` keys straight into the table (creating 20,000 through the API would take minutes). */
async function seedKeys(t: TestApp, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  const now = toDbTimestamp(new Date());
  for (let i = 0; i < n; i += 500) {
    const rows = ids.slice(i, i + 500);
    await t.app.dataSource.query(
      'INSERT INTO api_keys (id, name, `key`, secret_digest, secret_hint, active, allowed_ips, scopes, ' +
        `created_at, updated_at) VALUES ${rows.map(() => "(?, '', ?, ?, 'abcd', 1, '[]', '[]', ?, ?)").join(', ')}`,
      rows.flatMap((id, j) => [
        id,
        `kh_seed${String(i + j).padStart(17, '0')}`,
        'f'.repeat(64),
        now,
        now,
      ]),
    );
  }
  return ids;
}

/**
 * Records traffic for every key: 1-3 successes from its own address at its own millisecond,
 * every seventh key a failure too, every tenth key yesterday's traffic as well.
 */
function useAll(t: TestApp, ids: string[], now: number): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  ids.forEach((id, i) => {
    const days = new Map<string, [number, number]>();
    if (i % 10 === 0) {
      t.app.services.usage.record(id, true, '198.51.100.1', new Date(now - DAY));
      days.set(utcDay(now - DAY), [1, 0]);
    }
    const at = now - (i % 5000);
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const successes = (i % 3) + 1;
    for (let s = 0; s < successes; s++) t.app.services.usage.record(id, true, ip, new Date(at));
    const failures = i % 7 === 0 ? 1 : 0;
    if (failures) t.app.services.usage.record(id, false, '203.0.113.9', new Date(at));
    days.set(utcDay(at), [successes, failures]);
    expected.set(id, { lastUsedAt: at, lastUsedIp: ip, days });
  });
  return expected;
}

async function expectStored(t: TestApp, expected: Map<string, Expected>): Promise<void> {
  const keys = (await t.app.dataSource.query(
    'SELECT id, last_used_at AS at, last_used_ip AS ip FROM api_keys',
  )) as { id: string; at: Date | string | null; ip: string | null }[];
  const days = (await t.app.dataSource.query(
    'SELECT api_key_id AS id, day, success_count AS s, failure_count AS f FROM api_key_usage_days',
  )) as { id: string; day: string; s: number | string; f: number | string }[];
  const toMs = (v: Date | string | null) =>
    v === null ? null : v instanceof Date ? v.getTime() : Date.parse(`${v.replace(' ', 'T')}Z`);
  const storedKeys = new Map(keys.map((k) => [k.id, { at: toMs(k.at), ip: k.ip }]));
  const storedDays = new Map<string, Map<string, [number, number]>>();
  for (const row of days) {
    const perKey = storedDays.get(row.id) ?? new Map<string, [number, number]>();
    perKey.set(row.day, [Number(row.s), Number(row.f)]);
    storedDays.set(row.id, perKey);
  }
  let wrong = 0;
  for (const [id, want] of expected) {
    const got = storedKeys.get(id);
    if (got?.at !== want.lastUsedAt || got.ip !== want.lastUsedIp) wrong++;
    else if (
      JSON.stringify([...(storedDays.get(id) ?? [])].sort()) !==
      JSON.stringify([...want.days].sort())
    )
      wrong++;
  }
  expect({ keys: expected.size, wrong }).toEqual({ keys: expected.size, wrong: 0 });
}

describe('usage flush with many keys', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.stop();
  });

  it('writes 20,000 keys used within one flush interval: every lastUsedAt and daily count', async () => {
    const ids = await seedKeys(t, 20_000);
    const expected = useAll(t, ids, Date.now());
    const started = performance.now();
    await t.app.services.usage.flush();
    const ms = performance.now() - started;
    // The figure bench/README.md quotes.
    console.log(`usage flush of 20,000 keys: ${ms.toFixed(0)} ms`);
    expect(t.logs.join('')).not.toMatch(/usage .*failed/);
    await expectStored(t, expected);

    // The next interval adds to the stored days rather than replacing them.
    const more = useAll(t, ids.slice(0, 3000), Date.now() + 10);
    await t.app.services.usage.flush();
    for (const [id, want] of more) {
      const first = expected.get(id)!;
      for (const [day, [ok, failed]] of first.days) {
        const counts = want.days.get(day) ?? [0, 0];
        want.days.set(day, [counts[0] + ok, counts[1] + failed]);
      }
      expected.set(id, want);
    }
    await expectStored(t, expected);
  }, 120_000);

  it('a chunk that fails holds back only the key that keeps failing; it is written at the next flush', async () => {
    const ids = await seedKeys(t, 2500);
    const poison = ids[1234]!;
    const expected = useAll(t, ids, Date.now());
    const query = EntityManager.prototype.query;
    jest.spyOn(EntityManager.prototype, 'query').mockImplementation(function (
      this: EntityManager,
      sql: string,
      params?: Parameters<typeof query>[1],
    ) {
      if (
        /^(INSERT INTO api_key_usage_days|WITH u|UPDATE api_keys k JOIN)/.test(sql) &&
        Array.isArray(params) &&
        params.includes(poison)
      )
        return Promise.reject(new Error('simulated write failure'));
      return query.call(this, sql, params);
    });
    await t.app.services.usage.flush();
    const withoutPoison = new Map(expected);
    withoutPoison.delete(poison);
    await expectStored(t, withoutPoison);
    // Not lost: still buffered, and still visible to readers.
    expect(t.app.services.usage.pendingLastUse(poison)?.at.getTime()).toBe(
      expected.get(poison)!.lastUsedAt,
    );
    expect(t.logs.join('')).toContain('writing usage failed; counts kept for the next flush');

    jest.restoreAllMocks();
    await t.app.services.usage.flush();
    await expectStored(t, expected);
    expect(t.app.services.usage.pendingLastUse(poison)).toBeNull();
  });

  it('with the database failing, a flush gives up after 3 attempts and keeps every count for the next', async () => {
    const ids = await seedKeys(t, 2500);
    const expected = useAll(t, ids, Date.now());
    const query = EntityManager.prototype.query;
    let refused = 0;
    jest.spyOn(EntityManager.prototype, 'query').mockImplementation(function (
      this: EntityManager,
      sql: string,
      params?: Parameters<typeof query>[1],
    ) {
      if (/^(INSERT INTO api_key_usage_days|WITH u|UPDATE api_keys k JOIN)/.test(sql)) {
        refused++;
        return Promise.reject(new Error('simulated outage'));
      }
      return query.call(this, sql, params);
    });
    await t.app.services.usage.flush();
    // The first chunk, then its first two keys alone; nothing more.
    expect(refused).toBe(3);
    expect(t.app.services.usage.pendingLastUse(ids[2499]!)).not.toBeNull();
    jest.restoreAllMocks();
    await t.app.services.usage.flush();
    await expectStored(t, expected);
  });
});
