import {
  ALL_SCOPES,
  apiKeyHeaders,
  basic,
  type CreatedKey,
  errorOf,
  TestApp,
} from '../support/harness';
import { TestClock } from '../support/clock';
import { expectAllowed, expectRefused, OPERATIONS } from '../support/operations';
import { HEADER_STYLES, send, unknownCredentials, wrongSecret } from '../support/security';

// The rest of the security suite: the failure rate limit, the rotation grace period, scope
// escalation and the order in which the checks decide.
const tooMany = { code: 'TOO_MANY_REQUESTS', reason: 'TOO_MANY_FAILURES' };
const invalid = { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' };
const viewer = OPERATIONS.find((op) => op.name === 'viewer')!;

function expectRetryAfter(headers: Headers): void {
  const retryAfter = Number(headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('failed-authentication rate limit (AUTH_FAILURES_PER_MINUTE=5)', () => {
  let t: TestApp;
  let good: CreatedKey;
  let victim: CreatedKey;
  // Each test uses its own client addresses (through the trusted proxy), so counters do not mix.
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '5', TRUST_PROXY: '127.0.0.1' });
    good = await t.createKey({ scopes: ALL_SCOPES });
    victim = await t.createKey({ scopes: ['api_keys:read'] });
  });
  afterAll(() => t?.stop());

  it('per address: the sixth failure is a 429 with Retry-After, then even the right secret is refused', async () => {
    const address = '203.0.113.1';
    for (let i = 0; i < 5; i++) {
      const unknown = unknownCredentials();
      const [, present] = HEADER_STYLES[i % 2]!;
      const res = await send(t, viewer, {
        headers: present(unknown.key, unknown.secret),
        forwardedFor: address,
      });
      expectRefused(viewer, res, 401, invalid);
    }
    const unknown = unknownCredentials();
    const sixth = await send(t, viewer, {
      headers: basic(unknown.key, unknown.secret),
      forwardedFor: address,
    });
    expectRefused(viewer, sixth, 429, tooMany);
    expectRetryAfter(sixth.headers);

    for (const op of OPERATIONS) {
      for (const [, present] of HEADER_STYLES) {
        const res = await send(t, op, {
          headers: present(good.key, good.secret),
          forwardedFor: address,
          target: victim,
        });
        expectRefused(op, res, 429, tooMany);
        expectRetryAfter(res.headers);
      }
    }
    // Another address with the same key is not affected: the key itself had no failures.
    expectAllowed(
      viewer,
      await send(t, viewer, { headers: basic(good.key, good.secret), forwardedFor: '203.0.113.2' }),
    );
  });

  it('per key: failures from many addresses block the key for them, never for its owner elsewhere', async () => {
    const target = await t.createKey({ scopes: ALL_SCOPES });
    for (let i = 0; i < 5; i++) {
      const res = await send(t, viewer, {
        headers: apiKeyHeaders(target.key, wrongSecret()),
        forwardedFor: `203.0.113.${10 + i}`,
      });
      expectRefused(viewer, res, 401, invalid);
    }
    const sixth = await send(t, viewer, {
      headers: apiKeyHeaders(target.key, wrongSecret()),
      forwardedFor: '203.0.113.15',
    });
    expectRefused(viewer, sixth, 429, tooMany);
    expectRetryAfter(sixth.headers);

    // An address that failed on the key is refused even with the right secret ...
    const failedThere = await send(t, viewer, {
      headers: basic(target.key, target.secret),
      forwardedFor: '203.0.113.10',
    });
    expectRefused(viewer, failedThere, 429, tooMany);
    expectRetryAfter(failedThere.headers);
    // ... but the owner, from an address that has not failed, is not locked out (contract).
    const fresh = '203.0.113.16';
    expectAllowed(
      viewer,
      await send(t, viewer, { headers: basic(target.key, target.secret), forwardedFor: fresh }),
    );
    // A wrong secret from a fresh address is still over the key's limit.
    expectRefused(
      viewer,
      await send(t, viewer, {
        headers: basic(target.key, wrongSecret()),
        forwardedFor: '203.0.113.17',
      }),
      429,
      tooMany,
    );
  });

  it('counts failures only: successes do not bring a client closer to the limit', async () => {
    const address = '203.0.113.30';
    const key = await t.createKey({ scopes: ALL_SCOPES });
    for (let i = 0; i < 20; i++) {
      expectAllowed(
        viewer,
        await send(t, viewer, { headers: basic(key.key, key.secret), forwardedFor: address }),
      );
    }
    for (let i = 0; i < 5; i++) {
      const res = await send(t, viewer, {
        headers: basic(key.key, wrongSecret()),
        forwardedFor: address,
      });
      expectRefused(viewer, res, 401, invalid);
    }
  });
});

describe('checks around the credentials', () => {
  let t: TestApp;
  // Frozen: a grace period or an expiry ends when the test moves the clock, however slow the
  // machine is.
  const clock = new TestClock();
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '1000000' }, undefined, { clock });
  });
  afterAll(() => t?.stop());

  async function rotate(
    id: string,
    grace: number,
  ): Promise<{ secret: string; previousSecretExpiresAt: string | null }> {
    const res = await t.admin<{
      rotateApiKeySecret: { secret: string; apiKey: { previousSecretExpiresAt: string | null } };
    }>(
      'mutation($id: ID!, $grace: Int) { rotateApiKeySecret(id: $id, gracePeriodSeconds: $grace) { secret apiKey { previousSecretExpiresAt } } }',
      { id, grace },
    );
    const payload = res.body.data!.rotateApiKeySecret;
    return {
      secret: payload.secret,
      previousSecretExpiresAt: payload.apiKey.previousSecretExpiresAt,
    };
  }

  it('the previous secret works for every operation inside its grace period, and for none after it', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const rotated = await rotate(key.id, 3);
    for (const [i, op] of OPERATIONS.entries()) {
      const [, present] = HEADER_STYLES[i % 2]!;
      expectAllowed(op, await send(t, op, { headers: present(key.key, key.secret) }));
    }
    clock.advanceTo(Date.parse(rotated.previousSecretExpiresAt!) + 50);
    for (const [i, op] of OPERATIONS.entries()) {
      const [, present] = HEADER_STYLES[i % 2]!;
      expectRefused(op, await send(t, op, { headers: present(key.key, key.secret) }), 401, invalid);
    }
    expectAllowed(viewer, await send(t, viewer, { headers: basic(key.key, rotated.secret) }));
  });

  it('without a grace period the old secret stops at once; a second rotation retires the first secret', async () => {
    const key = await t.createKey();
    const second = await rotate(key.id, 0);
    expectRefused(
      viewer,
      await send(t, viewer, { headers: basic(key.key, key.secret) }),
      401,
      invalid,
    );
    expectAllowed(viewer, await send(t, viewer, { headers: basic(key.key, second.secret) }));

    const third = await rotate(key.id, 3600);
    const fourth = await rotate(key.id, 3600);
    expectRefused(
      viewer,
      await send(t, viewer, { headers: basic(key.key, second.secret) }),
      401,
      invalid,
    );
    expectAllowed(viewer, await send(t, viewer, { headers: basic(key.key, third.secret) }));
    expectAllowed(viewer, await send(t, viewer, { headers: basic(key.key, fourth.secret) }));
  });

  it('a key cannot grant, or take over through rotation, a scope it does not hold', async () => {
    const writer = await t.createKey({ scopes: ['api_keys:read', 'api_keys:write'] });
    const as = { headers: basic(writer.key, writer.secret) };
    const count = async () =>
      (await t.admin<{ apiKeys: { totalCount: number } }>('{ apiKeys { totalCount } }')).body.data!
        .apiKeys.totalCount;
    const before = await count();
    const create =
      'mutation($scopes: [String!]) { createApiKey(input: { scopes: $scopes }) { apiKey { id scopes } } }';
    for (const scopes of [['api_keys:verify'], ['api_keys:read', 'api_keys:verify']]) {
      const res = await t.request(create, { scopes }, as);
      expect(res.status).toBe(403);
      expect(errorOf(res)).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'api_keys:verify' });
    }
    expect(await count()).toBe(before);

    const allowed = await t.request<{ createApiKey: { apiKey: { id: string; scopes: string[] } } }>(
      create,
      { scopes: ['api_keys:write'] },
      as,
    );
    expect(allowed.body.data!.createApiKey.apiKey.scopes).toEqual(['api_keys:write']);

    const update =
      'mutation($id: ID!, $scopes: [String!]) { updateApiKey(id: $id, input: { scopes: $scopes }) { scopes } }';
    for (const id of [allowed.body.data!.createApiKey.apiKey.id, writer.id]) {
      const res = await t.request(update, { id, scopes: ALL_SCOPES }, as);
      expect(res.status).toBe(403);
      expect(errorOf(res)).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'api_keys:verify' });
    }
    const writerNow = await t.admin<{ apiKey: { scopes: string[] } }>(
      'query($id: ID!) { apiKey(id: $id) { scopes } }',
      { id: writer.id },
    );
    expect(writerNow.body.data!.apiKey.scopes).toEqual(['api_keys:read', 'api_keys:write']);

    // Rotating hands the caller the new secret: doing it to a stronger key would be a grant.
    const stronger = await t.createKey({ scopes: ALL_SCOPES });
    const rotation = await t.request(
      'mutation($id: ID!) { rotateApiKeySecret(id: $id) { secret } }',
      { id: stronger.id },
      as,
    );
    expect(rotation.status).toBe(403);
    expect(errorOf(rotation)).toMatchObject({
      code: 'FORBIDDEN',
      requiredScope: 'api_keys:verify',
    });
    expect(rotation.text).not.toContain('khs_');
    expectAllowed(viewer, await send(t, viewer, { headers: basic(stronger.key, stronger.secret) }));
  });

  it('decides in the contract order: secret, active, expiry, address, then scope', async () => {
    const expiresAt = clock.now().getTime() + 1200;
    const restricted = {
      allowedIps: ['192.0.2.0/24'],
      expiresAt: new Date(expiresAt).toISOString(),
    };
    const disabledEverything = await t.createKey({ ...restricted, active: false });
    const expiredElsewhere = await t.createKey(restricted);
    const elsewhereNoScope = await t.createKey({ allowedIps: ['192.0.2.0/24'] });
    const apiKeysOp = OPERATIONS.find((op) => op.name === 'apiKeys')!;
    clock.advanceTo(expiresAt + 50);

    const unknown = unknownCredentials();
    const byUnknown = await send(t, viewer, { headers: basic(unknown.key, unknown.secret) });
    const wrong = await send(t, viewer, { headers: basic(disabledEverything.key, wrongSecret()) });
    expectRefused(viewer, wrong, 401, invalid);
    expect(wrong.text).toBe(byUnknown.text);

    const disabled = await send(t, viewer, {
      headers: basic(disabledEverything.key, disabledEverything.secret),
    });
    expectRefused(viewer, disabled, 401, { code: 'UNAUTHENTICATED', reason: 'KEY_DISABLED' });
    const expired = await send(t, viewer, {
      headers: basic(expiredElsewhere.key, expiredElsewhere.secret),
    });
    expectRefused(viewer, expired, 401, { code: 'UNAUTHENTICATED', reason: 'KEY_EXPIRED' });
    const elsewhere = await send(t, apiKeysOp, {
      headers: basic(elsewhereNoScope.key, elsewhereNoScope.secret),
    });
    expectRefused(apiKeysOp, elsewhere, 401, { code: 'UNAUTHENTICATED', reason: 'IP_NOT_ALLOWED' });
  });
});
