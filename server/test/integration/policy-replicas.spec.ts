import { createConnection } from 'mysql2/promise';
import { ALL_SCOPES, basic, errorOf, TestApp, TestClock, usingMysql } from '../support/harness';
import { sleep } from '../support/security';
import { POLICY_SWEEP_LOCK } from '../../src/modules/policy/policy-sweep';

// The policy sweep runs on exactly one replica at a time: two apps on one MariaDB database.
const DAY = 86_400_000;

(usingMysql ? describe : describe.skip)('policy sweep with two replicas on MariaDB', () => {
  let a: TestApp;
  let b: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    const env = { AUTH_FAILURES_PER_MINUTE: '1000000', POLICY_SWEEP_SECONDS: '3600' };
    a = await TestApp.start(env, undefined, { clock });
    b = await TestApp.start(env, { databaseUrl: a.databaseUrl }, { clock });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  async function actions(apiKeyId: string): Promise<string[]> {
    const res = await a.admin<{ auditEvents: { nodes: { action: string }[] } }>(
      'query($id: ID) { auditEvents(first: 100, apiKeyId: $id) { nodes { action } } }',
      { id: apiKeyId },
    );
    return res.body.data!.auditEvents.nodes.map((n) => n.action);
  }

  it('a replica that cannot take the lock skips; running both at once acts once; repeated runs do nothing', async () => {
    const expiring = await a.createKey({ expiresAt: new Date(clock.now().getTime() + 5 * DAY) });
    const unused = await a.createKey({ scopes: ALL_SCOPES });
    // Both replicas know the key (it sits in their verification caches).
    for (const replica of [a, b]) {
      const res = await replica.request(
        '{ viewer { kind } }',
        {},
        { headers: basic(unused.key, unused.secret) },
      );
      expect(res.status).toBe(200);
    }
    await a.admin(
      'mutation { updateKeyPolicy(input: { disableUnusedAfterDays: 3, expiryReminderDays: [7] }) { requireExpiry } }',
    );
    clock.advanceDays(4);
    // Four days on, the admin's session has ended, as it would.
    a.newSession();
    // The expiring key was used just now (and written), so only the other one is unused.
    const use = await b.request(
      '{ viewer { kind } }',
      {},
      { headers: basic(expiring.key, expiring.secret) },
    );
    expect(use.status).toBe(200);
    await b.app.services.usage.flush();

    // Someone else (a third replica) holds the sweep: neither of these runs.
    const holder = await createConnection(a.databaseUrl);
    try {
      const [rows] = await holder.query('SELECT GET_LOCK(?, 0) AS locked', [POLICY_SWEEP_LOCK]);
      expect(Number((rows as { locked: number }[])[0]!.locked)).toBe(1);
      const skipped = await Promise.all([
        a.app.services.policySweep.run(),
        b.app.services.policySweep.run(),
      ]);
      expect(skipped).toEqual([
        { ran: false, disabled: 0, reminded: 0 },
        { ran: false, disabled: 0, reminded: 0 },
      ]);
      await holder.query('SELECT RELEASE_LOCK(?)', [POLICY_SWEEP_LOCK]);
    } finally {
      await holder.end();
    }
    expect(await actions(expiring.id)).not.toContain('api_key.expiring');

    const both = await Promise.all([
      a.app.services.policySweep.run(),
      b.app.services.policySweep.run(),
    ]);
    expect(both.reduce((n, r) => n + r.reminded, 0)).toBe(1);
    expect(both.reduce((n, r) => n + r.disabled, 0)).toBeGreaterThanOrEqual(1);
    for (const replica of [b, a, b]) {
      expect(await replica.app.services.policySweep.run()).toMatchObject({
        ran: true,
        reminded: 0,
        disabled: 0,
      });
    }
    expect((await actions(expiring.id)).filter((x) => x === 'api_key.expiring')).toHaveLength(1);
    expect((await actions(unused.id)).filter((x) => x === 'api_key.auto_disabled')).toHaveLength(1);

    // Whichever replica disabled it, both refuse it within the change feed's bound.
    for (const replica of [a, b]) {
      for (let i = 0; ; i++) {
        const res = await replica.request(
          '{ viewer { kind } }',
          {},
          { headers: basic(unused.key, unused.secret) },
        );
        if (res.status === 401) {
          expect(errorOf(res)).toMatchObject({ reason: 'KEY_DISABLED' });
          break;
        }
        if (i > 60) throw new Error('the disabled key is still accepted');
        await sleep(50);
      }
    }
  });

  it('many concurrent rounds on both replicas never overlap', async () => {
    const key = await a.createKey({ expiresAt: new Date(clock.now().getTime() + 2 * DAY) });
    await a.admin(
      'mutation { updateKeyPolicy(input: { expiryReminderDays: [3, 1] }) { requireExpiry } }',
    );
    const rounds = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).app.services.policySweep.run()),
    );
    // Overlapping calls on one replica share its round: count each round once. Two reminders:
    // this key's, and the 1-day one of the first test's key (now a day from expiry).
    expect([...new Set(rounds)].reduce((n, r) => n + r.reminded, 0)).toBe(2);
    expect((await actions(key.id)).filter((x) => x === 'api_key.expiring')).toHaveLength(1);
  });
});
