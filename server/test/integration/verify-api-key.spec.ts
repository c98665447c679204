import {
  apiKeyHeaders,
  type CreatedKey,
  errorOf,
  type GqlResponse,
  TestApp,
} from '../support/harness';
import { TestClock } from '../support/clock';
import { unknownCredentials, wrongSecret } from '../support/security';

const VERIFY = `mutation($key: String!, $secret: String!, $ip: String, $required: [String!]) {
  verifyApiKey(key: $key, secret: $secret, ip: $ip, requiredScopes: $required) { valid code scopes apiKey { id key } }
}`;

interface Verification {
  valid: boolean;
  code: string;
  scopes: string[];
  apiKey: { id: string; key: string } | null;
}

describe('verifyApiKey', () => {
  let t: TestApp;
  let verifier: CreatedKey;
  let good: CreatedKey;
  let disabled: CreatedKey;
  let expiring: CreatedKey;
  let expiresAt: number;
  const clock = TestClock.running();

  beforeAll(async () => {
    t = await TestApp.start({}, undefined, { clock });
    verifier = await t.createKey({ scopes: ['api_keys:verify'] });
    good = await t.createKey({
      scopes: ['api_keys:read'],
      allowedIps: ['192.0.2.0/24', '2001:db8::/32'],
    });
    disabled = await t.createKey({ scopes: ['api_keys:read'], active: false });
    expiresAt = clock.now().getTime() + 1200;
    expiring = await t.createKey({
      scopes: ['api_keys:read'],
      expiresAt: new Date(expiresAt).toISOString(),
    });
  });
  afterAll(() => t?.stop());

  async function verify(
    key: string,
    secret: string,
    extra: { ip?: string; required?: string[] } = {},
  ): Promise<GqlResponse<{ verifyApiKey: Verification }>> {
    return t.request<{ verifyApiKey: Verification }>(
      VERIFY,
      { key, secret, ...extra },
      { headers: apiKeyHeaders(verifier.key, verifier.secret) },
    );
  }

  async function answer(
    key: string,
    secret: string,
    extra: { ip?: string; required?: string[] } = {},
  ): Promise<Verification> {
    const res = await verify(key, secret, extra);
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    return res.body.data!.verifyApiKey;
  }

  const matched = (key: CreatedKey) => ({ id: key.id, key: key.key });

  it('VALID for the right secret from an allowed address (IPv4, IPv6, IPv4-mapped) or with no address', async () => {
    for (const ip of ['192.0.2.5', '2001:db8::1', '::ffff:192.0.2.5', undefined]) {
      expect(await answer(good.key, good.secret, { ip })).toEqual({
        valid: true,
        code: 'VALID',
        scopes: ['api_keys:read'],
        apiKey: matched(good),
      });
    }
  });

  it('INVALID_CREDENTIALS for an unknown key and for a wrong secret, alike and without the key', async () => {
    const unknown = unknownCredentials();
    const expected = { valid: false, code: 'INVALID_CREDENTIALS', scopes: [], apiKey: null };
    const byUnknown = await verify(unknown.key, unknown.secret);
    const byWrongSecret = await verify(good.key, wrongSecret());
    expect(byUnknown.body.data!.verifyApiKey).toEqual(expected);
    expect(byWrongSecret.text).toBe(byUnknown.text);
    // A disabled key's state is not revealed to a caller without its secret.
    expect(await answer(disabled.key, wrongSecret())).toEqual(expected);
    expect(await answer(good.key, 'khs_not-even-the-format')).toEqual(expected);
    expect(await answer('not-a-key', good.secret)).toEqual(expected);
  });

  it('DISABLED and EXPIRED when the secret matched, with the key', async () => {
    expect(await answer(disabled.key, disabled.secret)).toEqual({
      valid: false,
      code: 'DISABLED',
      scopes: ['api_keys:read'],
      apiKey: matched(disabled),
    });
    clock.advanceTo(expiresAt + 50);
    expect(await answer(expiring.key, expiring.secret)).toEqual({
      valid: false,
      code: 'EXPIRED',
      scopes: ['api_keys:read'],
      apiKey: matched(expiring),
    });
  });

  it('IP_NOT_ALLOWED for an address outside the key list', async () => {
    for (const ip of ['198.51.100.1', '2001:db9::1', '::ffff:198.51.100.1']) {
      expect(await answer(good.key, good.secret, { ip })).toEqual({
        valid: false,
        code: 'IP_NOT_ALLOWED',
        scopes: ['api_keys:read'],
        apiKey: matched(good),
      });
    }
  });

  it('MISSING_SCOPE when the key lacks a required scope; earlier failures win', async () => {
    expect(
      await answer(good.key, good.secret, {
        ip: '192.0.2.5',
        required: ['api_keys:read', 'api_keys:write'],
      }),
    ).toEqual({
      valid: false,
      code: 'MISSING_SCOPE',
      scopes: ['api_keys:read'],
      apiKey: matched(good),
    });
    expect((await answer(good.key, good.secret, { required: ['api_keys:read'] })).code).toBe(
      'VALID',
    );
    expect(
      (await answer(disabled.key, disabled.secret, { required: ['api_keys:write'] })).code,
    ).toBe('DISABLED');
    expect(
      (await answer(good.key, good.secret, { ip: '198.51.100.1', required: ['api_keys:write'] }))
        .code,
    ).toBe('IP_NOT_ALLOWED');
  });

  it('rejects a malformed ip or an unknown scope as BAD_USER_INPUT naming the argument', async () => {
    for (const ip of ['999.1.1.1', 'not-an-ip', '10.0.0.0/8', '', 'fe80::1%eth0']) {
      const res = await verify(good.key, good.secret, { ip });
      expect([200, 400]).toContain(res.status);
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ip' });
      expect(res.body.data ?? null).toBeNull();
    }
    const res = await verify(good.key, good.secret, { required: ['api_keys:everything'] });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'requiredScopes' });
  });

  it('counts as a use of the verified key: successes, failures and the last address, after a flush', async () => {
    const key = await t.createKey({ scopes: ['api_keys:read'] });
    for (let i = 0; i < 4; i++)
      expect((await answer(key.key, key.secret, { ip: '198.51.100.9' })).code).toBe('VALID');
    expect((await answer(key.key, key.secret, { required: ['api_keys:write'] })).code).toBe(
      'MISSING_SCOPE',
    );
    for (let i = 0; i < 2; i++)
      expect((await answer(key.key, wrongSecret())).code).toBe('INVALID_CREDENTIALS');
    // Refused arguments are not a verification, so they are not a use.
    expect(errorOf(await verify(key.key, key.secret, { ip: 'bogus' })).code).toBe('BAD_USER_INPUT');
    await t.app.services.usage.flush();

    const rows = await t.app.dataSource.query(
      'SELECT success_count AS s, failure_count AS f FROM api_key_usage_days WHERE api_key_id = ?',
      [key.id],
    );
    expect(rows.map((r: { s: unknown; f: unknown }) => [Number(r.s), Number(r.f)])).toEqual([
      [4, 3],
    ]);
    const res = await t.admin<{
      apiKey: { lastUsedIp: string; lastUsedAt: string; usage: unknown[] };
    }>(
      'query($id: ID!) { apiKey(id: $id) { lastUsedIp lastUsedAt usage(days: 1) { date successCount failureCount } } }',
      { id: key.id },
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body.data!.apiKey).toMatchObject({
      lastUsedIp: '198.51.100.9',
      usage: [{ date: today, successCount: 4, failureCount: 3 }],
    });
    expect(Date.now() - Date.parse(res.body.data!.apiKey.lastUsedAt)).toBeLessThan(30_000);
  });
});
