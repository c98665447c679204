import { randomUUID } from 'node:crypto';
import { toDbTimestamp } from '../../src/database/columns';
import { TestApp } from '../support/harness';

const DAY = 86_400_000;

async function queriesSoFar(t: TestApp): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = /^keyhold_database_queries_total (\d+)$/m.exec(text);
  if (!line) throw new Error('keyhold_database_queries_total is missing from /metrics');
  return Number(line[1]);
}

const sessionIds = async (t: TestApp) =>
  ((await t.app.dataSource.query('SELECT id FROM admin_sessions ORDER BY id')) as { id: string }[])
    .map((r) => r.id)
    .sort();

async function addEvents(t: TestApp, ages: number[], now = Date.now()): Promise<void> {
  for (const age of ages) {
    await t.app.dataSource.query(
      'INSERT INTO audit_events (id, at, action, actor, api_key_id, ip, details) VALUES (?, ?, ?, ?, NULL, NULL, NULL)',
      [randomUUID(), toDbTimestamp(new Date(now - age)), 'admin.login', 'admin:old@example.com'],
    );
  }
}

const eventCount = async (t: TestApp) =>
  Number(
    (
      (await t.app.dataSource.query('SELECT COUNT(*) AS n FROM audit_events')) as { n: unknown }[]
    )[0]!.n,
  );

describe('housekeeping', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await TestApp.start({ AUDIT_RETENTION_DAYS: '30', SESSION_IDLE_SECONDS: '3600' });
  });
  afterEach(() => t.stop());

  it('purges sessions past their end or idle timeout on a schedule, and keeps live ones', async () => {
    await t.admin('{ viewer { kind } }');
    await t.adminCookie();
    await t.adminCookie();
    const [ended, idle, live] = await sessionIds(t);
    await t.app.dataSource.query('UPDATE admin_sessions SET expires_at = ? WHERE id = ?', [
      toDbTimestamp(new Date(Date.now() - 1000)),
      ended,
    ]);
    await t.app.dataSource.query('UPDATE admin_sessions SET last_seen_at = ? WHERE id = ?', [
      toDbTimestamp(new Date(Date.now() - 3601_000)),
      idle,
    ]);
    // Their cookies never come back: only the schedule can remove them.
    t.app.services.housekeeping.start(50);
    const deadline = Date.now() + 5000;
    while ((await sessionIds(t)).length > 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await sessionIds(t)).toEqual([live]);
  });

  it('deletes audit events older than AUDIT_RETENTION_DAYS and counts the rest', async () => {
    const now = Date.now();
    const before = await eventCount(t);
    await addEvents(t, [31 * DAY, 45 * DAY, 400 * DAY, 29 * DAY, 1 * DAY], now);
    expect(await eventCount(t)).toBe(before + 5);
    await t.app.services.housekeeping.run(new Date(now));
    expect(await eventCount(t)).toBe(before + 2);
    const res = await t.admin<{ auditEvents: { totalCount: number } }>(
      '{ auditEvents(first: 1) { totalCount } }',
    );
    // The admin's login adds one.
    expect(res.body.data!.auditEvents.totalCount).toBe(before + 3);
    expect(t.logs.join('')).toContain('housekeeping deleted expired rows');
  });

  it('purges a large backlog in bounded batches', async () => {
    const now = Date.now();
    const rows = Array.from({ length: 12_000 }, () => [
      randomUUID(),
      toDbTimestamp(new Date(now - 40 * DAY)),
    ]);
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await t.app.dataSource.query(
        `INSERT INTO audit_events (id, at, action, actor) VALUES ${chunk.map(() => "(?, ?, 'admin.logout', 'admin:x@example.com')").join(', ')}`,
        chunk.flat(),
      );
    }
    const kept = (await eventCount(t)) - 12_000;
    await t.app.services.housekeeping.run(new Date(now));
    expect(await eventCount(t)).toBe(kept);
  });

  it('counts the audit log once per filter, and at once again after a change', async () => {
    await t.admin('{ viewer { kind } }');
    const cost = async () => {
      const before = await queriesSoFar(t);
      const res = await t.admin<{ auditEvents: { totalCount: number } }>(
        '{ auditEvents(first: 5) { totalCount nodes { id } } }',
      );
      return {
        total: res.body.data!.auditEvents.totalCount,
        queries: (await queriesSoFar(t)) - before,
      };
    };
    t.app.services.changes.stop();
    const first = await cost();
    const second = await cost();
    expect(second.total).toBe(first.total);
    // Session lookup and page; no count.
    expect(second.queries).toBe(first.queries - 1);
    await t.createKey({ name: 'counted' });
    const third = await cost();
    expect(third.total).toBe(first.total + 1);
  });
});
