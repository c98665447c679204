import { ALL_SCOPES, apiKeyHeaders, basic, type CreatedKey, TestApp } from '../support/harness';
import { TestClock } from '../support/clock';
import { expectAllowed, expectRefused, OPERATIONS, type Operation } from '../support/operations';
import { HEADER_STYLES, send, unknownCredentials, wrongSecret } from '../support/security';

// The shared security suite: every operation of the schema through every bad credential, with
// both header styles. The app listens on '::' so a request can come from 127.0.0.1 (arriving as
// the IPv4-mapped ::ffff:127.0.0.1, the trusted proxy) or from ::1 (an untrusted IPv6 peer).
// Failures are not rate limited here; security-limits.spec.ts covers the limit.
const PROXY = '127.0.0.1';
const UNTRUSTED_PEER = '::1';

const invalid = { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' };

function malformedHeaders(good: CreatedKey): [string, Record<string, string>][] {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return [
    ['another scheme', { authorization: 'Bearer abcdef' }],
    ['Basic without a value', { authorization: 'Basic' }],
    ['Basic with non-base64', { authorization: 'Basic %%%not*base64' }],
    ['Basic without a colon', { authorization: `Basic ${b64(good.key + good.secret)}` }],
    ['Basic without a key', { authorization: `Basic ${b64(`:${good.secret}`)}` }],
    ['Basic without a secret', { authorization: `Basic ${b64(`${good.key}:`)}` }],
    [
      'Basic with binary garbage',
      { authorization: `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00, 0x80]).toString('base64')}` },
    ],
    ['an oversized Basic value', { authorization: `Basic ${'A'.repeat(5000)}` }],
    ['an empty Authorization', { authorization: '' }],
    ['X-API-Key without X-API-Secret', { 'x-api-key': good.key }],
    ['X-API-Secret without X-API-Key', { 'x-api-secret': good.secret }],
    ['an empty X-API-Secret', { 'x-api-key': good.key, 'x-api-secret': '' }],
    ['an oversized X-API-Secret', { 'x-api-key': good.key, 'x-api-secret': 'x'.repeat(300) }],
    ['a non-ASCII X-API-Key', { 'x-api-key': 'kh_cl\u00e9', 'x-api-secret': good.secret }],
  ];
}

describe('security suite', () => {
  let t: TestApp;
  let full: CreatedKey;
  let noScopes: CreatedKey;
  let disabled: CreatedKey;
  let expiring: CreatedKey;
  let expiresAt: number;
  let onlyIpv4: CreatedKey;
  let onlyIpv6: CreatedKey;
  let onlyLoopback4: CreatedKey;
  let onlyLoopback6: CreatedKey;
  let victim: CreatedKey;
  const lacking = new Map<string, CreatedKey>();
  const clock = TestClock.running();

  beforeAll(async () => {
    t = await TestApp.start(
      {
        HOST: '::',
        TRUST_PROXY: PROXY,
        AUTH_FAILURES_PER_MINUTE: '1000000',
      },
      undefined,
      { clock },
    );
    expiresAt = clock.now().getTime() + 1500;
    expiring = await t.createKey({
      scopes: ALL_SCOPES,
      expiresAt: new Date(expiresAt).toISOString(),
    });
    full = await t.createKey({ scopes: ALL_SCOPES });
    noScopes = await t.createKey();
    disabled = await t.createKey({ scopes: ALL_SCOPES, active: false });
    onlyIpv4 = await t.createKey({ scopes: ALL_SCOPES, allowedIps: ['192.0.2.0/24'] });
    onlyIpv6 = await t.createKey({ scopes: ALL_SCOPES, allowedIps: ['2001:db8::/32'] });
    onlyLoopback4 = await t.createKey({ scopes: ALL_SCOPES, allowedIps: ['127.0.0.1'] });
    onlyLoopback6 = await t.createKey({ scopes: ALL_SCOPES, allowedIps: ['::1'] });
    // Every refused call acts on this key; the last test checks it came through untouched.
    victim = await t.createKey({ name: 'victim', scopes: ['api_keys:read'] });
    for (const op of OPERATIONS) {
      const label = op.requires.join(',');
      if (!lacking.has(label)) {
        lacking.set(
          label,
          await t.createKey({ scopes: ALL_SCOPES.filter((s) => !op.requires.includes(s)) }),
        );
      }
    }
  });
  afterAll(() => t?.stop());

  describe.each(OPERATIONS.map((op) => [op.name, op] as [string, Operation]))('%s', (_name, op) => {
    const guarded = op.requires.length > 0;

    it(
      guarded ? 'without credentials: 401 MISSING_CREDENTIALS' : 'without credentials: open',
      async () => {
        const res = await send(t, op, { target: victim });
        if (guarded)
          return expectRefused(op, res, 401, {
            code: 'UNAUTHENTICATED',
            reason: 'MISSING_CREDENTIALS',
          });
        expectAllowed(op, res);
        if (op.name === 'viewer')
          expect(res.body.data!.viewer).toEqual({ kind: 'ANONYMOUS', scopes: [] });
        if (op.name === 'logout') expect(res.body.data!.logout).toBe(false);
      },
    );

    it('a malformed credential header: 401 INVALID_CREDENTIALS, never a 500', async () => {
      for (const [label, headers] of malformedHeaders(full)) {
        const res = await send(t, op, { headers, target: victim });
        expect({ label, status: res.status }).toEqual({ label, status: 401 });
        expectRefused(op, res, 401, invalid);
      }
    });

    describe.each(HEADER_STYLES)('with %s', (_style, present) => {
      it('unknown key and wrong secret: 401 INVALID_CREDENTIALS with byte-identical bodies', async () => {
        const unknown = unknownCredentials();
        const byUnknown = await send(t, op, {
          headers: present(unknown.key, unknown.secret),
          target: victim,
        });
        const byWrongSecret = await send(t, op, {
          headers: present(full.key, wrongSecret()),
          target: victim,
        });
        expectRefused(op, byUnknown, 401, invalid);
        expectRefused(op, byWrongSecret, 401, invalid);
        expect(byWrongSecret.text).toBe(byUnknown.text);
      });

      it('a disabled key: 401 KEY_DISABLED', async () => {
        const res = await send(t, op, {
          headers: present(disabled.key, disabled.secret),
          target: victim,
        });
        expectRefused(op, res, 401, { code: 'UNAUTHENTICATED', reason: 'KEY_DISABLED' });
      });

      it('an expired key: 401 KEY_EXPIRED', async () => {
        clock.advanceTo(expiresAt + 50);
        const res = await send(t, op, {
          headers: present(expiring.key, expiring.secret),
          target: victim,
        });
        expectRefused(op, res, 401, { code: 'UNAUTHENTICATED', reason: 'KEY_EXPIRED' });
      });

      it('a client address not allowed (IPv4, IPv6, IPv4-mapped): 401 IP_NOT_ALLOWED', async () => {
        const ipNotAllowed = { code: 'UNAUTHENTICATED', reason: 'IP_NOT_ALLOWED' };
        const attempts: [string, CreatedKey, { via?: string; forwardedFor?: string }][] = [
          ['IPv4 socket', onlyIpv4, {}],
          ['IPv4 via the proxy', onlyIpv4, { forwardedFor: '198.51.100.7' }],
          ['IPv4-mapped via the proxy', onlyIpv4, { forwardedFor: '::ffff:198.51.100.7' }],
          ['IPv6 via the proxy', onlyIpv6, { forwardedFor: '2001:db9::1' }],
          ['IPv6 socket', onlyIpv6, { via: UNTRUSTED_PEER }],
          ['IPv4 socket, key for ::1', onlyLoopback6, {}],
          ['IPv6 socket, key for 127.0.0.1', onlyLoopback4, { via: UNTRUSTED_PEER }],
        ];
        for (const [label, key, path] of attempts) {
          const res = await send(t, op, {
            headers: present(key.key, key.secret),
            target: victim,
            ...path,
          });
          expect({ label, status: res.status }).toEqual({ label, status: 401 });
          expectRefused(op, res, 401, ipNotAllowed);
        }
      });

      it('X-Forwarded-For from an untrusted peer is ignored', async () => {
        const spoofed = await send(t, op, {
          headers: present(onlyIpv4.key, onlyIpv4.secret),
          via: UNTRUSTED_PEER,
          forwardedFor: '192.0.2.10',
          target: victim,
        });
        expectRefused(op, spoofed, 401, { code: 'UNAUTHENTICATED', reason: 'IP_NOT_ALLOWED' });
        // The socket address decides, whatever the header claims.
        const real = await send(t, op, {
          headers: present(onlyLoopback6.key, onlyLoopback6.secret),
          via: UNTRUSTED_PEER,
          forwardedFor: '198.51.100.7',
        });
        expectAllowed(op, real);
      });

      it('X-Forwarded-For through the trusted proxy is honoured (rightmost untrusted hop)', async () => {
        const allowed: [CreatedKey, string | undefined][] = [
          [onlyIpv4, '192.0.2.10'],
          [onlyIpv4, '198.51.100.7, 192.0.2.10'],
          [onlyIpv4, '::ffff:192.0.2.10'],
          [onlyIpv6, '2001:db8::7'],
          // No header: the socket address ::ffff:127.0.0.1 is the client, compared as IPv4.
          [onlyLoopback4, undefined],
        ];
        for (const [key, forwardedFor] of allowed) {
          expectAllowed(
            op,
            await send(t, op, { headers: present(key.key, key.secret), forwardedFor }),
          );
        }
        // An entry left of the client's real address was written by the client: not believed.
        const spoofed = await send(t, op, {
          headers: present(onlyIpv4.key, onlyIpv4.secret),
          forwardedFor: '192.0.2.10, 198.51.100.7',
          target: victim,
        });
        expectRefused(op, spoofed, 401, { code: 'UNAUTHENTICATED', reason: 'IP_NOT_ALLOWED' });
      });

      it(
        guarded
          ? 'a key without the scope: 403 FORBIDDEN naming it'
          : 'a key without scopes: allowed',
        async () => {
          const key = lacking.get(op.requires.join(','))!;
          const res = await send(t, op, { headers: present(key.key, key.secret), target: victim });
          if (guarded)
            return expectRefused(op, res, 403, {
              code: 'FORBIDDEN',
              requiredScope: op.requires[0],
            });
          expectAllowed(op, res);
        },
      );

      it(
        guarded
          ? 'a key with no scopes at all: 403 FORBIDDEN'
          : 'a key with no scopes at all: allowed',
        async () => {
          const res = await send(t, op, {
            headers: present(noScopes.key, noScopes.secret),
            target: victim,
          });
          if (guarded)
            return expectRefused(op, res, 403, {
              code: 'FORBIDDEN',
              requiredScope: op.requires[0],
            });
          expectAllowed(op, res);
          if (op.name === 'viewer')
            expect(res.body.data!.viewer).toEqual({ kind: 'API_KEY', scopes: [] });
        },
      );

      it('the right key with the scope: allowed', async () => {
        const res = await send(t, op, { headers: present(full.key, full.secret) });
        expectAllowed(op, res);
        if (op.name === 'viewer')
          expect(res.body.data!.viewer).toEqual({ kind: 'API_KEY', scopes: ALL_SCOPES });
        if (op.name === 'verifyApiKey')
          expect(res.body.data!.verifyApiKey).toEqual({ valid: true, code: 'VALID' });
      });
    });
  });

  it('each header style works on its own and both carry the same key', async () => {
    for (const headers of [basic(full.key, full.secret), apiKeyHeaders(full.key, full.secret)]) {
      const res = await t.request<{ viewer: { kind: string; apiKey: { id: string } } }>(
        '{ viewer { kind apiKey { id } } }',
        {},
        { headers, via: PROXY },
      );
      expect(res.status).toBe(200);
      expect(res.body.data!.viewer).toEqual({ kind: 'API_KEY', apiKey: { id: full.id } });
    }
  });

  it('no refused call changed the key it named', async () => {
    const res = await t.admin<{ apiKey: Record<string, unknown> }>(
      'query($id: ID!) { apiKey(id: $id) { name active secretHint secretRotatedAt scopes } }',
      { id: victim.id },
    );
    expect(res.body.data!.apiKey).toEqual({
      name: 'victim',
      active: true,
      secretHint: victim.secret.slice(-4),
      secretRotatedAt: null,
      scopes: ['api_keys:read'],
    });
  });
});
