import {
  ALL_SCOPES,
  basic,
  errorOf,
  type CreatedKey,
  TestApp,
  TestClock,
} from '../support/harness';

/** Where keys are used from and which scopes they exercise, through the API, time moved by hand. */

const INSIGHT = `query($id: ID!, $days: Int) { apiKey(id: $id) {
  addresses(days: $days) { ip firstSeenAt lastSeenAt successCount failureCount }
  suggestedAllowedIps
  scopeUsage(days: $days) { scope useCount lastUsedAt }
  unusedScopes(days: $days)
} }`;

interface Insight {
  addresses: {
    ip: string;
    firstSeenAt: string;
    lastSeenAt: string;
    successCount: number;
    failureCount: number;
  }[];
  suggestedAllowedIps: string[];
  scopeUsage: { scope: string; useCount: number; lastUsedAt: string | null }[];
  unusedScopes: string[];
}

describe('usage insight', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await TestApp.start(
      { TRUST_PROXY: '127.0.0.1', AUTH_FAILURES_PER_MINUTE: '1000000' },
      undefined,
      { clock },
    );
  });
  afterAll(() => t.stop());

  /** One request with the key from `ip` (through the trusted proxy). */
  async function use(key: CreatedKey, ip: string, query = '{ viewer { kind } }', secret?: string) {
    return t.request(
      query,
      {},
      { headers: { ...basic(key.key, secret ?? key.secret), 'x-forwarded-for': ip } },
    );
  }

  async function insight(id: string, days?: number): Promise<Insight> {
    const res = await t.admin<{ apiKey: Insight }>(INSIGHT, { id, days });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.apiKey;
  }

  it('lists each address with first/last seen and counts, most recent first, before and after the flush', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const start = clock.now().toISOString();
    expect((await use(key, '10.0.0.1')).status).toBe(200);
    clock.advance(1000);
    expect((await use(key, '10.0.0.1')).status).toBe(200);
    clock.advance(1000);
    expect((await use(key, '203.0.113.5', undefined, 'khs_' + 'x'.repeat(46))).status).toBe(401);
    clock.advance(1000);
    expect((await use(key, '2001:db8::1')).status).toBe(200);
    clock.advance(1000);
    const last = clock.now().toISOString();
    expect((await use(key, '10.0.0.2')).status).toBe(200);
    const expected = [
      { ip: '10.0.0.2', firstSeenAt: last, lastSeenAt: last, successCount: 1, failureCount: 0 },
      {
        ip: '2001:db8::1',
        firstSeenAt: expect.any(String),
        lastSeenAt: expect.any(String),
        successCount: 1,
        failureCount: 0,
      },
      {
        ip: '203.0.113.5',
        firstSeenAt: expect.any(String),
        lastSeenAt: expect.any(String),
        successCount: 0,
        failureCount: 1,
      },
      {
        ip: '10.0.0.1',
        firstSeenAt: start,
        lastSeenAt: new Date(Date.parse(start) + 1000).toISOString(),
        successCount: 2,
        failureCount: 0,
      },
    ];
    expect((await insight(key.id)).addresses).toEqual(expected);
    await t.app.services.usage.flush();
    const flushed = await insight(key.id);
    expect(flushed.addresses).toEqual(expected);
    // 10.0.0.1 and 10.0.0.2 share a /24; 203.0.113.5 never succeeded; IPv6 becomes its /64.
    expect(flushed.suggestedAllowedIps).toEqual(['10.0.0.0/24', '2001:db8::/64']);
  });

  it('suggests single addresses when alone in their /24, nothing for an unused key', async () => {
    const lonely = await t.createKey();
    await use(lonely, '198.51.100.7');
    await use(lonely, '192.0.2.9');
    expect((await insight(lonely.id)).suggestedAllowedIps).toEqual(['192.0.2.9', '198.51.100.7']);
    const unused = await t.createKey();
    const answer = await insight(unused.id);
    expect(answer.suggestedAllowedIps).toEqual([]);
    expect(answer.addresses).toEqual([]);
  });

  it('days must be 1..90 (BAD_USER_INPUT on days)', async () => {
    const key = await t.createKey();
    const fields = [
      'addresses(days: $days) { ip }',
      'scopeUsage(days: $days) { scope }',
      'unusedScopes(days: $days)',
    ];
    for (const days of [0, 91]) {
      for (const field of fields) {
        const res = await t.admin(`query($id: ID!, $days: Int) { apiKey(id: $id) { ${field} } }`, {
          id: key.id,
          days,
        });
        expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
      }
    }
  });

  it('a scope is exercised when an operation that needs it succeeds with the key', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    // Needs api_keys:read and succeeds.
    expect(
      (await use(key, '127.0.0.1', '{ apiKeys(first: 1) { nodes { id } } }')).body.errors,
    ).toBeUndefined();
    // Needs api_keys:write but fails: not exercised.
    const failed = await use(
      key,
      '127.0.0.1',
      'mutation { updateApiKey(id: "nope", input: { name: "x" }) { id } }',
    );
    expect(errorOf(failed).code).toBe('NOT_FOUND');
    let answer = await insight(key.id);
    expect(answer.scopeUsage).toEqual([
      { scope: 'api_keys:read', useCount: 1, lastUsedAt: clock.now().toISOString() },
      { scope: 'api_keys:write', useCount: 0, lastUsedAt: null },
      { scope: 'api_keys:verify', useCount: 0, lastUsedAt: null },
      { scope: 'webhooks:manage', useCount: 0, lastUsedAt: null },
    ]);
    expect(answer.unusedScopes).toEqual(['api_keys:write', 'api_keys:verify', 'webhooks:manage']);
    // Admin sessions exercise nothing; a successful write with the key does.
    expect(
      (
        await use(
          key,
          '127.0.0.1',
          'mutation { createApiKey(input: { name: "by key" }) { secret } }',
        )
      ).body.errors,
    ).toBeUndefined();
    await t.app.services.usage.flush();
    answer = await insight(key.id);
    expect(answer.scopeUsage.map((s) => [s.scope, s.useCount])).toEqual([
      ['api_keys:read', 1],
      ['api_keys:write', 1],
      ['api_keys:verify', 0],
      ['webhooks:manage', 0],
    ]);
    expect(answer.unusedScopes).toEqual(['api_keys:verify', 'webhooks:manage']);
    clock.advanceDays(8);
    t.newSession(); // days on, the admin's session has ended
    expect((await insight(key.id, 7)).unusedScopes).toEqual(ALL_SCOPES);
  });

  it('reading insight takes api_keys:read', async () => {
    const writer = await t.createKey({ scopes: ['api_keys:write'] });
    const res = await t.request(
      'mutation { createApiKey(input: {}) { apiKey { addresses { ip } } } }',
      {},
      { headers: basic(writer.key, writer.secret) },
    );
    expect(errorOf(res)).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'api_keys:read' });
  });

  it('windows move with the clock; rows older than 90 days are purged by housekeeping', async () => {
    const key = await t.createKey();
    await use(key, '10.1.1.1');
    await t.app.services.usage.flush();
    clock.advanceDays(31);
    t.newSession(); // days on, the admin's session has ended
    await use(key, '10.2.2.2');
    await t.app.services.usage.flush();
    // The suggestion covers only addresses that succeeded in the last 30 days.
    expect((await insight(key.id)).suggestedAllowedIps).toEqual(['10.2.2.2']);
    expect((await insight(key.id, 30)).addresses.map((a) => a.ip)).toEqual(['10.2.2.2']);
    expect((await insight(key.id, 90)).addresses.map((a) => a.ip)).toEqual([
      '10.2.2.2',
      '10.1.1.1',
    ]);
    // Last: the sweep also ends the admin session, which the moved clock has outlived.
    clock.advanceDays(70);
    t.newSession(); // days on, the admin's session has ended
    await t.app.services.housekeeping.run();
    const rows = (await t.app.dataSource.query(
      'SELECT ip FROM api_key_address_days WHERE api_key_id = ?',
      [key.id],
    )) as { ip: string }[];
    expect(rows.map((r) => r.ip)).toEqual(['10.2.2.2']);
  });
});
