import { toDbTimestamp } from '../../src/database/columns';
import {
  ALL_SCOPES,
  basic,
  errorOf,
  type GqlResponse,
  TestApp,
  TestClock,
  usingMysql,
} from '../support/harness';

/** The key policy through the API: who may change it, what it refuses, and its sweep over time. */

const DAY = 86_400_000;
const POLICY_FIELDS =
  'maxLifetimeDays requireExpiry requireAllowedIps disableUnusedAfterDays expiryReminderDays';
const UPDATE = `mutation($input: KeyPolicyInput!) { updateKeyPolicy(input: $input) { ${POLICY_FIELDS} } }`;
const OPEN_POLICY = {
  maxLifetimeDays: null,
  requireExpiry: false,
  requireAllowedIps: false,
  disableUnusedAfterDays: null,
  expiryReminderDays: [],
};
const EVENTS = `query($apiKeyId: ID) { auditEvents(first: 100, apiKeyId: $apiKeyId) {
  nodes { action actor apiKeyId details } } }`;

interface Event {
  action: string;
  actor: string;
  apiKeyId: string | null;
  details: string | null;
}

describe('key policy', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '1000000' }, undefined, { clock });
  });
  afterAll(() => t.stop());
  // Days pass on the test clock: the admin's session ends with them, as it would.
  function advance(ms: number): void {
    clock.advance(ms);
    t.newSession();
  }
  const advanceDays = (days: number) => advance(days * DAY);
  afterEach(async () => {
    expect((await t.admin(UPDATE, { input: OPEN_POLICY })).body.errors).toBeUndefined();
  });

  async function setPolicy(input: Record<string, unknown>) {
    const res = await t.admin<{ updateKeyPolicy: Record<string, unknown> }>(UPDATE, { input });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.updateKeyPolicy;
  }

  async function events(apiKeyId?: string): Promise<Event[]> {
    const res = await t.admin<{ auditEvents: { nodes: Event[] } }>(EVENTS, { apiKeyId });
    return res.body.data!.auditEvents.nodes;
  }

  async function keyCount(): Promise<number> {
    const res = await t.admin<{ apiKeys: { totalCount: number } }>(
      '{ apiKeys(first: 1) { totalCount } }',
    );
    return res.body.data!.apiKeys.totalCount;
  }

  function expectRefusedOn(res: GqlResponse, field: string) {
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }

  it('keyPolicy starts open; an admin saves it (audit policy.updated); omitted fields stay', async () => {
    const read = await t.admin(`{ keyPolicy { ${POLICY_FIELDS} } }`);
    expect(read.body.data).toEqual({ keyPolicy: OPEN_POLICY });
    const saved = await setPolicy({
      maxLifetimeDays: 90,
      requireExpiry: true,
      requireAllowedIps: true,
      disableUnusedAfterDays: 60,
      expiryReminderDays: [1, 30, 7, 7],
    });
    expect(saved).toEqual({
      maxLifetimeDays: 90,
      requireExpiry: true,
      requireAllowedIps: true,
      disableUnusedAfterDays: 60,
      expiryReminderDays: [30, 7, 1],
    });
    clock.advance(1000);
    expect(await setPolicy({ maxLifetimeDays: null })).toEqual({ ...saved, maxLifetimeDays: null });
    const latest = (await events()).find((e) => e.action === 'policy.updated');
    expect(latest).toMatchObject({ action: 'policy.updated', actor: 'admin:admin@example.com' });
    expect(JSON.parse(latest!.details!)).toEqual({
      changes: { maxLifetimeDays: { from: 90, to: null } },
    });
  });

  it('refuses bad policy input with BAD_USER_INPUT on the field', async () => {
    for (const [input, field] of [
      [{ maxLifetimeDays: 0 }, 'maxLifetimeDays'],
      [{ disableUnusedAfterDays: -1 }, 'disableUnusedAfterDays'],
      [{ expiryReminderDays: [0] }, 'expiryReminderDays'],
      [{ expiryReminderDays: [400] }, 'expiryReminderDays'],
    ] as const) {
      const res = await t.admin(UPDATE, { input });
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('updateKeyPolicy is for admins only: FORBIDDEN for any key, 401 without credentials', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const before = await events();
    const byKey = await t.request(
      UPDATE,
      { input: { requireExpiry: true } },
      { headers: basic(key.key, key.secret) },
    );
    expect(byKey.status).toBe(403);
    expect(errorOf(byKey).code).toBe('FORBIDDEN');
    const anonymous = await t.request(UPDATE, { input: { requireExpiry: true } });
    expect(anonymous.status).toBe(401);
    expect(errorOf(anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await t.request(`{ keyPolicy { requireExpiry } }`)).status).toBe(401);
    // A key reads the policy it must meet.
    const read = await t.request(
      `{ keyPolicy { requireExpiry } }`,
      {},
      { headers: basic(key.key, key.secret) },
    );
    expect(read.body.data).toEqual({ keyPolicy: { requireExpiry: false } });
    expect(await events()).toEqual(before);
  });

  it('maximum lifetime: create, update and rotation refuse on expiresAt and change nothing', async () => {
    const longLived = await t.createKey({ expiresAt: new Date(clock.now().getTime() + 100 * DAY) });
    const forever = await t.createKey();
    await setPolicy({ maxLifetimeDays: 30 });
    const count = await keyCount();
    const eventsBefore = await events();
    const create = (expiresAt: Date | null) =>
      t.admin('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', {
        input: { expiresAt },
      });
    expectRefusedOn(await create(new Date(clock.now().getTime() + 31 * DAY)), 'expiresAt');
    expectRefusedOn(await create(null), 'expiresAt');
    const update = (id: string, expiresAt: Date | null) =>
      t.admin(
        'mutation($id: ID!, $e: DateTime) { updateApiKey(id: $id, input: { expiresAt: $e }) { id } }',
        {
          id,
          e: expiresAt,
        },
      );
    expectRefusedOn(
      await update(forever.id, new Date(clock.now().getTime() + 40 * DAY)),
      'expiresAt',
    );
    const rotate = (id: string) =>
      t.admin('mutation($id: ID!) { rotateApiKeySecret(id: $id) { secret } }', { id });
    expectRefusedOn(await rotate(longLived.id), 'expiresAt');
    expectRefusedOn(await rotate(forever.id), 'expiresAt');
    expect(await keyCount()).toBe(count);
    expect(await events()).toEqual(eventsBefore);
    // Within the lifetime all three pass; a rename of an older key is not refused.
    expect((await create(new Date(clock.now().getTime() + 29 * DAY))).body.errors).toBeUndefined();
    expect(
      (await update(longLived.id, new Date(clock.now().getTime() + 20 * DAY))).body.errors,
    ).toBeUndefined();
    expect((await rotate(longLived.id)).body.errors).toBeUndefined();
    const rename = await t.admin(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "renamed" }) { name } }',
      { id: forever.id },
    );
    expect(rename.body.errors).toBeUndefined();
  });

  it('required expiry: create, update and rotation refuse a key without one on expiresAt', async () => {
    const forever = await t.createKey();
    const expiring = await t.createKey({ expiresAt: new Date(clock.now().getTime() + DAY) });
    await setPolicy({ requireExpiry: true });
    const count = await keyCount();
    expectRefusedOn(
      await t.admin('mutation { createApiKey(input: { name: "no expiry" }) { secret } }'),
      'expiresAt',
    );
    expectRefusedOn(
      await t.admin(
        'mutation($id: ID!) { updateApiKey(id: $id, input: { expiresAt: null }) { id } }',
        {
          id: expiring.id,
        },
      ),
      'expiresAt',
    );
    expectRefusedOn(
      await t.admin('mutation($id: ID!) { rotateApiKeySecret(id: $id) { secret } }', {
        id: forever.id,
      }),
      'expiresAt',
    );
    expect(await keyCount()).toBe(count);
    const still = await t.admin<{ apiKey: { expiresAt: string | null } }>(
      'query($id: ID!) { apiKey(id: $id) { expiresAt } }',
      { id: expiring.id },
    );
    expect(still.body.data!.apiKey.expiresAt).not.toBeNull();
  });

  it('required allowed IPs: create, update and rotation refuse an open key on allowedIps', async () => {
    const open = await t.createKey();
    const limited = await t.createKey({ allowedIps: ['10.0.0.0/8'] });
    await setPolicy({ requireAllowedIps: true });
    const count = await keyCount();
    expectRefusedOn(
      await t.admin('mutation { createApiKey(input: { allowedIps: [] }) { secret } }'),
      'allowedIps',
    );
    expectRefusedOn(
      await t.admin(
        'mutation($id: ID!) { updateApiKey(id: $id, input: { allowedIps: [] }) { id } }',
        {
          id: limited.id,
        },
      ),
      'allowedIps',
    );
    expectRefusedOn(
      await t.admin('mutation($id: ID!) { rotateApiKeySecret(id: $id) { secret } }', {
        id: open.id,
      }),
      'allowedIps',
    );
    expect(await keyCount()).toBe(count);
    expect(
      (await t.admin('mutation { createApiKey(input: { allowedIps: ["192.0.2.1"] }) { secret } }'))
        .body.errors,
    ).toBeUndefined();
  });

  it('auto-disables keys unused for N days (never used: since creation), once, as system', async () => {
    await setPolicy({ disableUnusedAfterDays: 10 });
    // The earlier tests' keys go first, so that the counts below are about these two.
    advanceDays(11);
    await t.app.services.policySweep.run();
    const never = await t.createKey({ scopes: ALL_SCOPES });
    const used = await t.createKey({ scopes: ALL_SCOPES });
    advanceDays(6);
    expect(
      (await t.request('{ viewer { kind } }', {}, { headers: basic(used.key, used.secret) }))
        .status,
    ).toBe(200);
    advance(4 * DAY - 60_000);
    expect(await t.app.services.policySweep.run()).toMatchObject({ ran: true, disabled: 0 });
    advance(60_000);
    expect(await t.app.services.policySweep.run()).toMatchObject({ ran: true, disabled: 1 });
    const refused = await t.request(
      '{ viewer { kind } }',
      {},
      { headers: basic(never.key, never.secret) },
    );
    expect(refused.status).toBe(401);
    expect(errorOf(refused)).toMatchObject({ reason: 'KEY_DISABLED' });
    const [event] = await events(never.id);
    expect(event).toMatchObject({ action: 'api_key.auto_disabled', actor: 'system' });
    expect(JSON.parse(event!.details!)).toMatchObject({
      reason: 'unused for 10 days',
      unusedForDays: 10,
      lastUsedAt: null,
    });
    // Idempotent: nothing more to do.
    expect(await t.app.services.policySweep.run()).toMatchObject({ disabled: 0 });
    // The other key was used 4 days ago: its turn comes 6 days later.
    advanceDays(6);
    expect(await t.app.services.policySweep.run()).toMatchObject({ disabled: 1 });
    const usedEvents = (await events(used.id)).filter((e) => e.action === 'api_key.auto_disabled');
    expect(usedEvents).toHaveLength(1);
    expect(JSON.parse(usedEvents[0]!.details!).lastUsedAt).not.toBeNull();
    // It was in the verification cache; the change feed dropped it.
    const cached = await t.request(
      '{ viewer { kind } }',
      {},
      { headers: basic(used.key, used.secret) },
    );
    expect(errorOf(cached)).toMatchObject({ reason: 'KEY_DISABLED' });
  });

  it('expiry reminders: one api_key.expiring per key and threshold, never repeated, also after a restart', async () => {
    const key = await t.createKey({ expiresAt: new Date(clock.now().getTime() + 10 * DAY) });
    await setPolicy({ expiryReminderDays: [7, 1] });
    const reminders = async () =>
      (await events(key.id))
        .filter((e) => e.action === 'api_key.expiring')
        .map((e) => JSON.parse(e.details!) as Record<string, unknown>);
    await t.app.services.policySweep.run();
    expect(await reminders()).toEqual([]);
    advanceDays(4);
    await t.app.services.policySweep.run();
    await t.app.services.policySweep.run();
    expect(await reminders()).toEqual([
      expect.objectContaining({ daysBefore: 7, daysLeft: 6, key: key.key }),
    ]);
    // Another app on the same database (a restart, or a second process) does not repeat it.
    const again = await TestApp.start({}, { databaseUrl: t.databaseUrl }, { clock });
    try {
      expect(await again.app.services.policySweep.run()).toMatchObject({ ran: true, reminded: 0 });
      advanceDays(5.5);
      expect(await again.app.services.policySweep.run()).toMatchObject({ reminded: 1 });
      expect(await t.app.services.policySweep.run()).toMatchObject({ reminded: 0 });
    } finally {
      await again.app.close();
    }
    expect((await reminders()).map((r) => r.daysBefore)).toEqual([1, 7]);
  });

  (usingMysql ? it.skip : it)('POLICY_SWEEP_SECONDS schedules the sweep', async () => {
    const scheduled = await TestApp.start({ POLICY_SWEEP_SECONDS: '1' });
    try {
      const key = await scheduled.createKey();
      await scheduled.admin(UPDATE, { input: { disableUnusedAfterDays: 1 } });
      // Created "two days ago": the scheduled sweep disables it without being called.
      await scheduled.app.dataSource.query('UPDATE api_keys SET created_at = ? WHERE id = ?', [
        toDbTimestamp(new Date(Date.now() - 2 * DAY)),
        key.id,
      ]);
      for (let i = 0; i < 40; i++) {
        const res = await scheduled.admin<{ apiKey: { active: boolean } }>(
          'query($id: ID!) { apiKey(id: $id) { active } }',
          { id: key.id },
        );
        if (!res.body.data!.apiKey.active) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the scheduled sweep never ran');
    } finally {
      await scheduled.stop();
    }
  });
});
