import { ADMIN_EMAIL, basic, errorOf, TestApp } from '../support/harness';

interface Event {
  id: string;
  at: string;
  action: string;
  actor: string;
  apiKeyId: string | null;
  ip: string | null;
  details: string | null;
}
const EVENTS = `query($first: Int, $after: String, $apiKeyId: ID) {
  auditEvents(first: $first, after: $after, apiKeyId: $apiKeyId) {
    totalCount nodes { id at action actor apiKeyId ip details }
    pageInfo { hasNextPage endCursor }
  }
}`;
type Events = {
  auditEvents: {
    totalCount: number;
    nodes: Event[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe('audit events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  const eventsFor = async (apiKeyId: string) =>
    (await t.admin<Events>(EVENTS, { apiKeyId, first: 100 })).body.data!.auditEvents.nodes;

  it('records each change of a key with actor, address and secret-free details, newest first', async () => {
    const created = await t.createKey({ name: 'audited', scopes: ['api_keys:read'] });
    await t.admin(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "audited 2", allowedIps: ["10.0.0.0/8"] }) { id } }',
      { id: created.id },
    );
    await t.admin('mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { id } }', {
      id: created.id,
    });
    await t.admin('mutation($id: ID!) { setApiKeyActive(id: $id, active: true) { id } }', {
      id: created.id,
    });
    const rotated = await t.admin<{ rotateApiKeySecret: { secret: string } }>(
      'mutation($id: ID!) { rotateApiKeySecret(id: $id, gracePeriodSeconds: 60) { secret } }',
      { id: created.id },
    );
    await t.admin('mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }', { id: created.id });

    const events = await eventsFor(created.id);
    expect(events.map((e) => e.action)).toEqual([
      'api_key.deleted',
      'api_key.secret_rotated',
      'api_key.activated',
      'api_key.deactivated',
      'api_key.updated',
      'api_key.created',
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        actor: `admin:${ADMIN_EMAIL}`,
        apiKeyId: created.id,
        ip: '127.0.0.1',
      });
      expect(event.details ?? '').not.toContain(created.secret);
      expect(event.details ?? '').not.toContain(rotated.body.data!.rotateApiKeySecret.secret);
      expect(event.details ?? '').not.toMatch(/khs_/);
    }
    const byAction = Object.fromEntries(
      events.map((e) => [e.action, JSON.parse(e.details ?? 'null')]),
    );
    expect(byAction['api_key.created']).toMatchObject({
      key: created.key,
      name: 'audited',
      scopes: ['api_keys:read'],
      allowedIps: [],
    });
    expect(byAction['api_key.updated']).toEqual({
      changes: {
        name: { from: 'audited', to: 'audited 2' },
        allowedIps: { from: [], to: ['10.0.0.0/8'] },
      },
    });
    expect(byAction['api_key.secret_rotated']).toMatchObject({ gracePeriodSeconds: 60 });
    expect(byAction['api_key.deleted']).toEqual({ key: created.key, name: 'audited 2' });
    expect(Date.parse(events[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('names an API key as the actor when a key makes the change', async () => {
    const writer = await t.createKey({ scopes: ['api_keys:read', 'api_keys:write'] });
    const res = await t.request<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "made by a key" }) { apiKey { id } } }',
      {},
      { headers: basic(writer.key, writer.secret) },
    );
    const [event] = await eventsFor(res.body.data!.createApiKey.apiKey.id);
    expect(event).toMatchObject({ action: 'api_key.created', actor: `api_key:${writer.key}` });
  });

  it('shows admin sign-in events to admins but only key events to API keys', async () => {
    const reader = await t.createKey({ scopes: ['api_keys:read'] });
    const asKey = await t.request<Events>(
      EVENTS,
      { first: 100 },
      { headers: basic(reader.key, reader.secret) },
    );
    const actions = asKey.body.data!.auditEvents.nodes.map((e) => e.action);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.some((a) => a.startsWith('admin.'))).toBe(false);
    const asAdmin = await t.admin<Events>(EVENTS, { first: 100 });
    expect(asAdmin.body.data!.auditEvents.nodes.map((e) => e.action)).toContain('admin.login');
  });

  it('pages through events with cursors and counts them', async () => {
    const { id } = await t.createKey({ name: 'paged' });
    for (let i = 0; i < 6; i++) {
      await t.admin(
        'mutation($id: ID!, $a: Boolean!) { setApiKeyActive(id: $id, active: $a) { id } }',
        { id, a: i % 2 === 1 },
      );
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof t.admin<Events>>> = await t.admin<Events>(EVENTS, {
        apiKeyId: id,
        first: 2,
        after,
      });
      const page: Events['auditEvents'] = res.body.data!.auditEvents;
      expect(page.totalCount).toBe(7);
      seen.push(...page.nodes.map((e) => e.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(7);
    const bad = await t.admin(EVENTS, { first: 2, after: 'garbage' });
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await t.admin(EVENTS, { first: 101 });
    expect(errorOf(tooMany)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('filters by action and by a date range, and refuses an unknown action', async () => {
    const key = await t.createKey({ name: 'filtered' });
    await t.admin(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "filtered 2" }) { id } }',
      {
        id: key.id,
      },
    );
    const FILTERED = `query($action: String, $since: DateTime, $until: DateTime, $apiKeyId: ID) {
      auditEvents(first: 100, action: $action, since: $since, until: $until, apiKeyId: $apiKeyId) {
        totalCount nodes { action at }
      }
    }`;
    const updated = await t.admin<Events>(FILTERED, {
      action: 'api_key.updated',
      apiKeyId: key.id,
    });
    expect(updated.body.data!.auditEvents.nodes.map((e) => e.action)).toEqual(['api_key.updated']);
    expect(updated.body.data!.auditEvents.totalCount).toBe(1);

    const all = (await t.admin<Events>(FILTERED, { apiKeyId: key.id })).body.data!.auditEvents
      .nodes;
    const newest = all[0]!.at;
    const since = await t.admin<Events>(FILTERED, { apiKeyId: key.id, since: newest });
    expect(since.body.data!.auditEvents.nodes.every((e) => e.at >= newest)).toBe(true);
    const until = await t.admin<Events>(FILTERED, { apiKeyId: key.id, until: newest });
    expect(until.body.data!.auditEvents.nodes.every((e) => e.at < newest)).toBe(true);
    expect(since.body.data!.auditEvents.totalCount + until.body.data!.auditEvents.totalCount).toBe(
      all.length,
    );
    // Each filter has its own total, even within the count cache's lifetime.
    for (const answer of [updated, since, until]) {
      expect(answer.body.data!.auditEvents.totalCount).toBe(
        answer.body.data!.auditEvents.nodes.length,
      );
    }
    const everything = await t.admin<Events>(FILTERED, { apiKeyId: key.id });
    expect(everything.body.data!.auditEvents.totalCount).toBe(all.length);
    const longAgo = await t.admin<Events>(FILTERED, {
      apiKeyId: key.id,
      since: '2020-01-01T00:00:00.000Z',
      until: '2020-01-31T00:00:00.000Z',
    });
    expect(longAgo.body.data!.auditEvents).toEqual({ totalCount: 0, nodes: [] });

    const bad = await t.admin<Events>(FILTERED, { action: 'api_key.exploded' });
    expect(errorOf(bad).code).toBe('BAD_USER_INPUT');
  });
});
