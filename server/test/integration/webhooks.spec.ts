import { readFileSync } from 'node:fs';
import { basic, errorOf, TestApp, TestClock, usingMysql } from '../support/harness';
import { verifyWithPython, WebhookReceiver } from '../support/webhook-receiver';

const CREATE = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events active secretHint createdAt updatedAt } }
}`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $id, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id eventId event status attempts responseStatus error createdAt lastAttemptAt nextAttemptAt }
  }
}`;

interface Delivery {
  id: string;
  eventId: string;
  event: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}

async function createWebhook(t: TestApp, input: Record<string, unknown>) {
  const res = await t.admin<{
    createWebhook: { secret: string; webhook: { id: string; secretHint: string } };
  }>(CREATE, { input });
  if (!res.body.data?.createWebhook) throw new Error(res.text);
  return res.body.data.createWebhook;
}

async function deliveries(t: TestApp, id: string): Promise<Delivery[]> {
  const res = await t.admin<{ webhookDeliveries: { nodes: Delivery[] } }>(DELIVERIES, { id });
  if (!res.body.data) throw new Error(res.text);
  return res.body.data.webhookDeliveries.nodes;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webhooks', () => {
  let t: TestApp;
  let clock: TestClock;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    clock = new TestClock();
    t = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }, undefined, { clock });
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
    await t.stop();
  });

  it('creates, lists, updates and deletes webhooks; the secret is shown once, the hint after', async () => {
    const created = await createWebhook(t, {
      url: receiver.url,
      events: ['api_key.deleted', 'api_key.created', 'api_key.created'],
    });
    expect(created.secret).toMatch(/^whsec_[0-9A-Za-z]{40}$/);
    expect(created.webhook).toMatchObject({
      url: receiver.url,
      events: ['api_key.created', 'api_key.deleted'],
      active: true,
      secretHint: created.secret.slice(-4),
    });
    const list = await t.admin<{ webhooks: Record<string, unknown>[] }>(
      '{ webhooks { id url events active secretHint } }',
    );
    expect(list.body.data!.webhooks).toEqual([
      {
        id: created.webhook.id,
        url: receiver.url,
        events: ['api_key.created', 'api_key.deleted'],
        active: true,
        secretHint: created.secret.slice(-4),
      },
    ]);
    expect(list.text).not.toContain(created.secret);

    const updated = await t.admin<{ updateWebhook: Record<string, unknown> }>(
      'mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { events active url } }',
      { id: created.webhook.id, input: { events: ['api_key.leaked'], active: false } },
    );
    expect(updated.body.data!.updateWebhook).toEqual({
      events: ['api_key.leaked'],
      active: false,
      url: receiver.url,
    });

    const audit = await t.admin<{ auditEvents: { nodes: { action: string; details: string }[] } }>(
      '{ auditEvents(first: 10) { nodes { action details } } }',
    );
    const actions = audit.body.data!.auditEvents.nodes.map((n) => n.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.created', 'webhook.updated']));
    expect(audit.text).not.toContain(created.secret);

    const deleted = await t.admin<{ deleteWebhook: string }>(
      'mutation($id: ID!) { deleteWebhook(id: $id) }',
      { id: created.webhook.id },
    );
    expect(deleted.body.data!.deleteWebhook).toBe(created.webhook.id);
    const again = await t.admin('mutation($id: ID!) { deleteWebhook(id: $id) }', {
      id: created.webhook.id,
    });
    expect(errorOf(again).code).toBe('NOT_FOUND');
    for (const [query, variables] of [
      ['mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: created.webhook.id }],
      ['mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }', { id: 'nope' }],
      [DELIVERIES, { id: created.webhook.id }],
      [
        'mutation($id: ID!) { updateWebhook(id: $id, input: { active: true }) { id } }',
        { id: created.webhook.id },
      ],
    ] as const) {
      expect(errorOf(await t.admin(query, variables)).code).toBe('NOT_FOUND');
    }
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and changes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.com/x', events: ['api_key.created'] }, 'url'],
      [{ url: 'not a url', events: ['api_key.created'] }, 'url'],
      [{ url: `https://93.184.216.34/${'a'.repeat(2048)}`, events: ['api_key.created'] }, 'url'],
      [{ url: 'https://user:pw@93.184.216.34/x', events: ['api_key.created'] }, 'url'],
      [{ url: receiver.url, events: [] }, 'events'],
      [{ url: receiver.url, events: ['api_key.created', 'api_key.exploded'] }, 'events'],
    ];
    for (const [input, field] of cases) {
      const res = await t.admin(CREATE, { input });
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const list = await t.admin<{ webhooks: unknown[] }>('{ webhooks { id } }');
    expect(list.body.data!.webhooks).toEqual([]);
  });

  it('requires the scope webhooks:manage', async () => {
    const anonymous = await t.request('{ webhooks { id } }');
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    const reader = await t.createKey({ scopes: ['api_keys:read', 'api_keys:write'] });
    for (const query of [
      '{ webhooks { id } }',
      'mutation { createWebhook(input: { url: "https://93.184.216.34/", events: ["api_key.created"] }) { secret } }',
    ]) {
      const res = await t.request(query, {}, { headers: basic(reader.key, reader.secret) });
      expect(errorOf(res)).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'webhooks:manage' });
    }
    const manager = await t.createKey({ scopes: ['webhooks:manage'] });
    const res = await t.request<{ createWebhook: { secret: string } }>(
      CREATE,
      { input: { url: receiver.url, events: ['webhook.ping'] } },
      { headers: basic(manager.key, manager.secret) },
    );
    expect(res.body.data!.createWebhook.secret).toMatch(/^whsec_/);
  });

  it('delivers key events with the contract headers, body and a signature Python verifies', async () => {
    const { secret, webhook } = await createWebhook(t, {
      url: receiver.url,
      events: ['api_key.created', 'api_key.deactivated', 'api_key.deleted'],
    });
    const key = await t.createKey({ name: 'billing', scopes: ['api_keys:read'] });
    await t.admin('mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { id } }', {
      id: key.id,
    });
    await t.admin('mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }', { id: key.id });
    const got = await receiver.waitFor(3);
    expect(got.map((r) => r.json.type)).toEqual([
      'api_key.created',
      'api_key.deactivated',
      'api_key.deleted',
    ]);
    for (const r of got) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['keyhold-event-id']).toBe(r.json.id);
      expect(r.headers['keyhold-event-type']).toBe(r.json.type);
      const signature = String(r.headers['keyhold-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(Number(/t=(\d+)/.exec(signature)![1])).toBe(Math.floor(clock.now().getTime() / 1000));
      expect(
        verifyWithPython([
          { secret, header: signature, body: r.body },
          { secret, header: signature, body: r.body.replace('billing', 'billinG') },
          { secret: `${secret}x`, header: signature, body: r.body },
        ]),
      ).toEqual([true, false, false]);
      expect(Object.keys(r.json).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
      expect(r.json.data.apiKey).toMatchObject({ id: key.id, key: key.key, name: 'billing' });
      // No secret and no digest in any payload.
      expect(r.body).not.toContain(key.secret);
      expect(r.body).not.toMatch(/khs_|digest|whsec_/i);
    }
    expect(got[1]!.json.data).toMatchObject({ reason: 'manual', apiKey: { active: false } });
    const rows = await deliveries(t, webhook.id);
    expect(rows.map((d) => [d.event, d.status, d.attempts, d.responseStatus])).toEqual([
      ['api_key.deleted', 'SUCCEEDED', 1, 200],
      ['api_key.deactivated', 'SUCCEEDED', 1, 200],
      ['api_key.created', 'SUCCEEDED', 1, 200],
    ]);
    expect(rows[0]!.nextAttemptAt).toBeNull();
  });

  it('sends only subscribed events, nothing to inactive webhooks, and pages deliveries', async () => {
    const off = await createWebhook(t, {
      url: receiver.url,
      events: ['api_key.created'],
      active: false,
    });
    const only = await createWebhook(t, { url: receiver.url, events: ['api_key.deleted'] });
    for (let i = 0; i < 3; i++) await t.createKey({ name: `k${i}` });
    const ping = await t.admin<{ sendTestWebhook: Delivery }>(
      'mutation($id: ID!) { sendTestWebhook(id: $id) { id event status attempts } }',
      { id: only.webhook.id },
    );
    expect(ping.body.data!.sendTestWebhook).toMatchObject({
      event: 'webhook.ping',
      status: 'PENDING',
      attempts: 0,
    });
    const [received] = await receiver.waitFor(1);
    expect(received!.json.type).toBe('webhook.ping');
    // Anything else due would have been posted by the time the dispatcher is idle.
    await t.app.services.webhookDispatcher.drain();
    expect(receiver.received).toHaveLength(1);
    expect(await deliveries(t, off.webhook.id)).toEqual([]);

    for (let i = 0; i < 3; i++) {
      await t.admin('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', {
        id: only.webhook.id,
      });
    }
    const first = await t.admin<{
      webhookDeliveries: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        nodes: Delivery[];
      };
    }>(DELIVERIES, { id: only.webhook.id, first: 3 });
    const page = first.body.data!.webhookDeliveries;
    expect(page.totalCount).toBe(4);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = await t.admin<{
      webhookDeliveries: { nodes: Delivery[]; pageInfo: { hasNextPage: boolean } };
    }>(DELIVERIES, { id: only.webhook.id, first: 3, after: page.pageInfo.endCursor });
    expect(second.body.data!.webhookDeliveries.nodes.map((d) => d.id)).toEqual([
      ping.body.data!.sendTestWebhook.id,
    ]);
    const bad = await t.admin(DELIVERIES, { id: only.webhook.id, first: 101 });
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('retries a 500, a timeout and a refused connection per the delays, then marks FAILED', async () => {
    t.app.services.webhookDispatcher.options.timeoutMs = 300;
    const { webhook } = await createWebhook(t, { url: receiver.url, events: ['webhook.ping'] });
    receiver.answers.push(500, 'hang');
    await t.admin('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: webhook.id });
    await receiver.waitFor(1);
    let [row] = await until(
      () => deliveries(t, webhook.id),
      (d) => d[0]!.attempts === 1,
    );
    expect(row).toMatchObject({ status: 'PENDING', responseStatus: 500 });
    expect(row!.error).toMatch(/^HTTP 500: receiver says no x+$/);
    expect(row!.error!.length).toBeLessThanOrEqual(300);
    expect(Date.parse(row!.nextAttemptAt!) - Date.parse(row!.lastAttemptAt!)).toBe(10_000);

    // Not due yet: nothing is sent.
    clock.advance(9_000);
    await t.app.services.webhookDispatcher.drain();
    expect(receiver.received).toHaveLength(1);
    clock.advance(1_000);
    await t.app.services.webhookDispatcher.drain();
    await receiver.waitFor(2);
    [row] = await until(
      () => deliveries(t, webhook.id),
      (d) => d[0]!.attempts === 2,
    );
    expect(row).toMatchObject({ status: 'PENDING', responseStatus: null });
    expect(row!.error).toMatch(/no answer within/);
    expect(Date.parse(row!.nextAttemptAt!) - Date.parse(row!.lastAttemptAt!)).toBe(60_000);

    // The receiver goes away: connection refused.
    await receiver.stop();
    const delays = [300, 1800, 7200, 21_600, 43_200, 86_400];
    for (const [i, delay] of [60, ...delays].entries()) {
      clock.advance(delay * 1000);
      t.newSession(); // hours on, the admin's session has ended
      await t.app.services.webhookDispatcher.drain();
      [row] = await deliveries(t, webhook.id);
      expect(row!.attempts).toBe(3 + i);
      expect(row!.error).toMatch(/^connection failed: ECONNREFUSED/);
      if (i < delays.length) {
        expect(row!.status).toBe('PENDING');
        expect(Date.parse(row!.nextAttemptAt!) - Date.parse(row!.lastAttemptAt!)).toBe(
          delays[i]! * 1000,
        );
      }
    }
    expect(row).toMatchObject({ status: 'FAILED', attempts: 9, nextAttemptAt: null });
    receiver = await WebhookReceiver.start();
  });

  it('redelivers an event as a new delivery with the same event id and body', async () => {
    const { webhook } = await createWebhook(t, { url: receiver.url, events: ['api_key.created'] });
    await t.createKey({ name: 'again' });
    const [first] = await receiver.waitFor(1);
    const [original] = await until(
      () => deliveries(t, webhook.id),
      (d) => d[0]?.status === 'SUCCEEDED',
    );
    const res = await t.admin<{ redeliverWebhook: Delivery }>(
      'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id eventId event status attempts } }',
      { id: original!.id },
    );
    expect(res.body.data!.redeliverWebhook).toMatchObject({
      eventId: original!.eventId,
      event: 'api_key.created',
      status: 'PENDING',
      attempts: 0,
    });
    expect(res.body.data!.redeliverWebhook.id).not.toBe(original!.id);
    const [, second] = await receiver.waitFor(2);
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['keyhold-event-id']).toBe(original!.eventId);
  });

  it('delivers the events of one key in order, even when an earlier one must be retried', async () => {
    const { webhook } = await createWebhook(t, {
      url: receiver.url,
      events: ['api_key.created', 'api_key.updated', 'api_key.deactivated', 'api_key.activated'],
    });
    receiver.answers.push(503);
    const key = await t.createKey({ name: 'v0' });
    const other = await t.createKey({ name: 'other' });
    for (let i = 1; i <= 3; i++) {
      await t.admin(
        'mutation($id: ID!, $n: String) { updateApiKey(id: $id, input: { name: $n }) { id } }',
        {
          id: key.id,
          n: `v${i}`,
        },
      );
    }
    // The first delivery (key's creation) failed; the other key's event is not held up by it,
    // the key's later events are.
    await receiver.waitFor(2);
    await t.app.services.webhookDispatcher.drain();
    expect(receiver.received.map((r) => (r.json.data.apiKey as { id: string }).id)).toEqual([
      key.id,
      other.id,
    ]);
    clock.advance(10_000);
    await t.app.services.webhookDispatcher.drain();
    await receiver.waitFor(6);
    const forKey = receiver.received
      .slice(2)
      .filter((r) => (r.json.data.apiKey as { id: string }).id === key.id);
    expect(forKey.map((r) => [r.json.type, (r.json.data.apiKey as { name: string }).name])).toEqual(
      [
        ['api_key.created', 'v0'],
        ['api_key.updated', 'v1'],
        ['api_key.updated', 'v2'],
        ['api_key.updated', 'v3'],
      ],
    );
    expect((await deliveries(t, webhook.id)).every((d) => d.status === 'SUCCEEDED')).toBe(true);
  });

  it('turns policy actions into events: automatic deactivation with its reason, expiry once', async () => {
    await createWebhook(t, {
      url: receiver.url,
      events: ['api_key.deactivated', 'api_key.expired', 'api_key.expiring'],
    });
    await t.admin(
      'mutation { updateKeyPolicy(input: { disableUnusedAfterDays: 30 }) { requireExpiry } }',
    );
    const unused = await t.createKey({ name: 'unused' });
    const expiring = await t.createKey({
      name: 'expiring',
      expiresAt: new Date(clock.now().getTime() + 40 * 86_400_000).toISOString(),
    });
    // Kept in use so that only its expiry acts on it.
    await t.app.dataSource.query('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [
      '2999-01-01 00:00:00.000',
      expiring.id,
    ]);
    clock.advanceDays(31);
    await t.app.services.policySweep.run();
    const [deactivated] = await receiver.waitFor(1);
    expect(deactivated!.json).toMatchObject({
      type: 'api_key.deactivated',
      data: { reason: 'unused for 30 days', apiKey: { id: unused.id, active: false } },
    });
    clock.advanceDays(10);
    await t.app.services.policySweep.run();
    await t.app.services.policySweep.run();
    const [, expired] = await receiver.waitFor(2);
    expect(expired!.json).toMatchObject({
      type: 'api_key.expired',
      data: { apiKey: { id: expiring.id, status: 'EXPIRED' } },
    });
    await t.app.services.webhookDispatcher.drain();
    expect(receiver.received).toHaveLength(2);
  });

  it('housekeeping purges finished deliveries older than AUDIT_RETENTION_DAYS, not pending ones', async () => {
    const { webhook } = await createWebhook(t, { url: receiver.url, events: ['webhook.ping'] });
    receiver.answers.push(200, 500);
    for (let i = 0; i < 2; i++) {
      await t.admin('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: webhook.id });
    }
    await until(
      () => deliveries(t, webhook.id),
      (d) => d.every((x) => x.attempts === 1),
    );
    // (Sessions expire too, so the rows are read directly.)
    const statuses = async () =>
      (
        (await t.app.dataSource.query('SELECT status FROM webhook_deliveries')) as {
          status: string;
        }[]
      )
        .map((r) => r.status)
        .sort();
    await t.app.services.housekeeping.run(new Date(clock.now().getTime() + 364 * 86_400_000));
    expect(await statuses()).toEqual(['PENDING', 'SUCCEEDED']);
    await t.app.services.housekeeping.run(new Date(clock.now().getTime() + 366 * 86_400_000));
    expect(await statuses()).toEqual(['PENDING']);
  });

  it('keeps signing secrets encrypted: the database never holds one', async () => {
    const { secret, webhook } = await createWebhook(t, {
      url: receiver.url,
      events: ['webhook.ping'],
    });
    const rows: { secret_ciphertext: string }[] = await t.app.dataSource.query(
      'SELECT secret_ciphertext FROM webhooks',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secret_ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(rows[0]!.secret_ciphertext).not.toContain(secret.slice(6));
    await t.admin('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: webhook.id });
    await receiver.waitFor(1);
    const payloads: { payload: string }[] = await t.app.dataSource.query(
      'SELECT payload FROM webhook_deliveries',
    );
    expect(JSON.stringify(payloads)).not.toContain(secret);
    if (!usingMysql) {
      const file = t.databaseUrl.slice('sqlite:'.length);
      await t.app.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
      expect(readFileSync(file).includes(Buffer.from(secret.slice(6)))).toBe(false);
    }
    expect(t.logs.join('')).not.toContain(secret);
  });
});

describe('webhook address checks (private addresses not allowed)', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    t = await TestApp.start();
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
    await t.stop();
  });

  it('refuses loopback, private, link-local, metadata and mapped addresses at creation', async () => {
    for (const url of [
      receiver.url,
      `http://localhost:${receiver.port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'https://10.1.2.3/hook',
      'https://172.16.0.1/hook',
      'https://192.168.1.1/hook',
      'https://100.64.0.1/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:a9fe:a9fe]/hook',
      'http://[fd00:ec2::254]/hook',
      'http://[fe80::1]/hook',
      'http://0x7f.0.0.1/hook',
      'http://2130706433/hook',
      'http://0.0.0.0/hook',
    ]) {
      const res = await t.admin(CREATE, { input: { url, events: ['webhook.ping'] } });
      expect([url, errorOf(res)]).toMatchObject([url, { code: 'BAD_USER_INPUT', field: 'url' }]);
    }
    const ok = await t.admin<{ createWebhook: { webhook: { url: string } } }>(CREATE, {
      input: { url: 'https://93.184.216.34/hook', events: ['webhook.ping'] },
    });
    expect(ok.body.data!.createWebhook.webhook.url).toBe('https://93.184.216.34/hook');
  });

  it('checks again at delivery, after DNS, and connects only to the checked address', async () => {
    const guard = t.app.services.addressGuard;
    const system = guard.resolve;
    // A rebinding name: public while the webhook is created, loopback when it is delivered.
    let answers = [{ address: '93.184.216.34', family: 4 as const }];
    guard.resolve = async () => answers;
    const created = await t.admin<{ createWebhook: { webhook: { id: string } } }>(CREATE, {
      input: { url: `http://localhost:${receiver.port}/hook`, events: ['webhook.ping'] },
    });
    const { id } = created.body.data!.createWebhook.webhook;
    answers = [{ address: '127.0.0.1', family: 4 }];
    await t.admin('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id });
    const [row] = await until(
      () => deliveries(t, id),
      (d) => d[0]!.attempts === 1,
    );
    expect(row!.status).toBe('PENDING');
    expect(row!.error).toMatch(/^address refused: localhost resolves to .*127\.0\.0\.1/);
    expect(receiver.received).toHaveLength(0);

    // Checked public, the connection goes to that address, never to what the system resolver
    // says about the name now (the local receiver).
    answers = [{ address: '93.184.216.34', family: 4 }];
    t.app.services.webhookDispatcher.options.timeoutMs = 500;
    await t.app.dataSource.query(
      "UPDATE webhook_deliveries SET next_attempt_at = '2000-01-01 00:00:00.000'",
    );
    await t.app.services.webhookDispatcher.drain();
    const [second] = await deliveries(t, id);
    expect(second!.attempts).toBe(2);
    expect(second!.error).not.toMatch(/address refused/);
    expect(receiver.received).toHaveLength(0);
    guard.resolve = system;
  });
});
