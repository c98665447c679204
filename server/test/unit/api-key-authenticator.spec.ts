import { timingSafeEqual } from 'node:crypto';
import { AuthFailureReason, generateApiKey, generateApiSecret } from '@keyhold/shared';
import { sha256 } from '../../src/common/crypto';
import { ApiKeyAuthenticator } from '../../src/modules/auth/api-key-authenticator';
import type { FailureLimiter } from '../../src/modules/auth/failure-limiter';
import type { KeyRateLimiter } from '../../src/modules/auth/key-rate-limiter';
import type { KeyRecord, VerificationCache } from '../../src/modules/auth/verification-cache';
import type { UsageService } from '../../src/modules/usage/usage.service';

// Wrapped, not replaced: the real constant-time compare still decides.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

function record(secret: string, overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: 'id-1',
    key: generateApiKey(),
    secretDigest: sha256(secret),
    previousSecretDigest: null,
    previousSecretExpiresAt: null,
    active: true,
    expiresAt: null,
    scopes: [],
    rateLimit: null,
    ipAllowed: () => true,
    ...overrides,
  };
}

function authenticatorWith(records: KeyRecord[]) {
  const byKey = new Map(records.map((r) => [r.key, r]));
  const lookups = { count: 0 };
  // A cache that already holds every known key (and knows the unknown ones are missing):
  // only reload() reads the database.
  const cache = {
    get: async (key: string) => ({ record: byKey.get(key) ?? null, loaded: false }),
    reload: async (key: string) => {
      lookups.count++;
      return byKey.get(key) ?? null;
    },
    peek: () => null,
  } as unknown as VerificationCache;
  const usage = { record: jest.fn() } as unknown as UsageService;
  const limiter = {
    check: () => ({ blocked: false, retryAfterSeconds: 0 }),
    fail: jest.fn(),
  } as unknown as FailureLimiter;
  const authenticator = new ApiKeyAuthenticator(cache, usage, {
    byAddress: limiter,
    byKey: limiter,
    byKeyAndAddress: limiter,
  });
  return Object.assign(authenticator, { lookups });
}

describe('ApiKeyAuthenticator.check', () => {
  const secret = generateApiSecret();
  const known = record(secret);
  const authenticator = authenticatorWith([known]);
  const compare = timingSafeEqual as jest.MockedFunction<typeof timingSafeEqual>;
  beforeEach(() => compare.mockClear());

  it('compares digests with crypto.timingSafeEqual, never with ===', async () => {
    await expect(authenticator.check(known.key, secret, null)).resolves.toMatchObject({ ok: true });
    expect(compare).toHaveBeenCalled();
  });

  it('does the same compare for an unknown key as for a wrong secret', async () => {
    const wrong = await authenticator.check(known.key, generateApiSecret(), null);
    const wrongCalls = compare.mock.calls.length;
    compare.mockClear();
    const unknown = await authenticator.check(generateApiKey(), generateApiSecret(), null);
    expect(wrong).toMatchObject({ ok: false, reason: AuthFailureReason.INVALID_CREDENTIALS });
    expect(unknown).toMatchObject({ ok: false, reason: AuthFailureReason.INVALID_CREDENTIALS });
    expect(compare.mock.calls.length).toBe(wrongCalls);
  });

  it('answers an unknown key and a wrong secret after the same one lookup, and a match after none', async () => {
    authenticator.lookups.count = 0;
    await authenticator.check(known.key, generateApiSecret(), null);
    expect(authenticator.lookups.count).toBe(1);
    await authenticator.check(generateApiKey(), generateApiSecret(), null);
    expect(authenticator.lookups.count).toBe(2);
    await authenticator.check(known.key, secret, null);
    expect(authenticator.lookups.count).toBe(2);
  });

  it('refuses a secret with a bad checksum before any lookup', async () => {
    const get = jest.fn();
    const strict = new ApiKeyAuthenticator(
      { get, peek: () => null } as unknown as VerificationCache,
      { record: jest.fn() } as unknown as UsageService,
      {
        byAddress: {} as FailureLimiter,
        byKey: {} as FailureLimiter,
        byKeyAndAddress: {} as FailureLimiter,
      },
    );
    const tampered = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    await expect(strict.check(known.key, tampered, null)).resolves.toMatchObject({
      ok: false,
      reason: AuthFailureReason.INVALID_CREDENTIALS,
    });
    expect(get).not.toHaveBeenCalled();
  });

  it('decides in the contract order: secret, active, expiry, address', async () => {
    const s = generateApiSecret();
    const everythingWrong = record(s, { active: false, expiresAt: 1, ipAllowed: () => false });
    const a = authenticatorWith([everythingWrong]);
    expect(await a.check(everythingWrong.key, generateApiSecret(), '10.0.0.1')).toMatchObject({
      reason: 'INVALID_CREDENTIALS',
    });
    expect(await a.check(everythingWrong.key, s, '10.0.0.1')).toMatchObject({
      reason: 'KEY_DISABLED',
    });
    everythingWrong.active = true;
    expect(await a.check(everythingWrong.key, s, '10.0.0.1')).toMatchObject({
      reason: 'KEY_EXPIRED',
    });
    everythingWrong.expiresAt = null;
    expect(await a.check(everythingWrong.key, s, '10.0.0.1')).toMatchObject({
      reason: 'IP_NOT_ALLOWED',
    });
    expect(await a.check(everythingWrong.key, s, null)).toMatchObject({ ok: true });
  });

  it('accepts the previous secret only until its grace period ends', async () => {
    const previous = generateApiSecret();
    const current = generateApiSecret();
    const now = Date.now();
    const rotated = record(current, {
      previousSecretDigest: sha256(previous),
      previousSecretExpiresAt: now + 1000,
    });
    const a = authenticatorWith([rotated]);
    expect(await a.check(rotated.key, previous, null, now)).toMatchObject({ ok: true });
    expect(await a.check(rotated.key, previous, null, now + 1000)).toMatchObject({
      reason: 'INVALID_CREDENTIALS',
    });
    expect(await a.check(rotated.key, current, null, now + 1000)).toMatchObject({ ok: true });
  });
});

describe('ApiKeyAuthenticator.authenticate', () => {
  function withLimiters(known: KeyRecord, keyBlocked = false, rateAllows = true) {
    const counted = { attempt: 0, fail: 0 };
    const rateLimiter = {
      consume: jest.fn(async (_id: string, setting: { limit: number }) => ({
        allowed: rateAllows,
        limit: setting.limit,
        remaining: rateAllows ? setting.limit - 1 : 0,
        resetSeconds: 42,
      })),
    };
    const limiter = (blocked: boolean) =>
      ({
        check: () => ({ blocked, retryAfterSeconds: blocked ? 60 : 0 }),
        attempt: async () => {
          counted.attempt++;
          return { blocked: false, retryAfterSeconds: 0 };
        },
        succeeded: async () => undefined,
        failed: async () => {
          counted.fail++;
          return { blocked: false, retryAfterSeconds: 0 };
        },
        fail: async () => {
          counted.fail++;
          return { blocked: false, retryAfterSeconds: 0 };
        },
        count: async () => 0,
      }) as unknown as FailureLimiter;
    const cache = {
      get: async (key: string) => ({ record: key === known.key ? known : null, loaded: true }),
      reload: async (key: string) => (key === known.key ? known : null),
      peek: (key: string) => (key === known.key ? known : null),
    } as unknown as VerificationCache;
    const usage = { record: jest.fn() } as unknown as UsageService;
    const authenticator = new ApiKeyAuthenticator(
      cache,
      usage,
      {
        byAddress: limiter(false),
        byKey: limiter(keyBlocked),
        byKeyAndAddress: limiter(false),
      },
      rateLimiter as unknown as KeyRateLimiter,
    );
    return { authenticator, counted, usage, rateLimiter };
  }

  it('answers a secret that matches the cached key from memory: no counter is touched', async () => {
    const secret = generateApiSecret();
    const known = record(secret);
    const { authenticator, counted, usage } = withLimiters(known);
    await expect(
      authenticator.authenticate(known.key, secret, '203.0.113.1'),
    ).resolves.toMatchObject({ ok: true });
    expect(counted).toEqual({ attempt: 0, fail: 0 });
    expect(usage.record).toHaveBeenCalledWith(known.id, true, '203.0.113.1');
  });

  it('counts every other attempt before evaluating it: a wrong secret for a cached key', async () => {
    const known = record(generateApiSecret());
    const { authenticator, counted } = withLimiters(known);
    await expect(
      authenticator.authenticate(known.key, generateApiSecret(), '203.0.113.1'),
    ).resolves.toMatchObject({ ok: false, reason: AuthFailureReason.INVALID_CREDENTIALS });
    expect(counted.attempt).toBe(1);
  });

  it('sends even a matching secret through the counted path while its key is over the failure limit', async () => {
    const secret = generateApiSecret();
    const known = record(secret);
    const { authenticator, counted } = withLimiters(known, true);
    await expect(
      authenticator.authenticate(known.key, secret, '203.0.113.1'),
    ).resolves.toMatchObject({ ok: true });
    expect(counted.attempt).toBe(1);
  });

  it('a cached key without a limit costs no rate-limit operation', async () => {
    const secret = generateApiSecret();
    const known = record(secret);
    const { authenticator, rateLimiter } = withLimiters(known);
    await authenticator.authenticate(known.key, secret, '203.0.113.1');
    expect(rateLimiter.consume).not.toHaveBeenCalled();
  });

  it('a cached key with a limit: one rate-limit count per request and no failure counter', async () => {
    const secret = generateApiSecret();
    const known = record(secret, { rateLimit: { limit: 10, windowSeconds: 60 } });
    const { authenticator, counted, rateLimiter } = withLimiters(known);
    await expect(
      authenticator.authenticate(known.key, secret, '203.0.113.1'),
    ).resolves.toMatchObject({
      ok: true,
      rate: { allowed: true, limit: 10, remaining: 9, resetSeconds: 42 },
    });
    expect(rateLimiter.consume).toHaveBeenCalledTimes(1);
    expect(rateLimiter.consume).toHaveBeenCalledWith(known.id, { limit: 10, windowSeconds: 60 });
    expect(counted).toEqual({ attempt: 0, fail: 0 });
  });

  it('past the limit: RATE_LIMITED with the reset as Retry-After, recorded as a failed use', async () => {
    const secret = generateApiSecret();
    const known = record(secret, { rateLimit: { limit: 10, windowSeconds: 60 } });
    const { authenticator, usage } = withLimiters(known, false, false);
    await expect(
      authenticator.authenticate(known.key, secret, '203.0.113.1'),
    ).resolves.toMatchObject({ ok: false, reason: 'RATE_LIMITED', retryAfterSeconds: 42 });
    expect(usage.record).toHaveBeenCalledWith(known.id, false, '203.0.113.1');
  });
});
