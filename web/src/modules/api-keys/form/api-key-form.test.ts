import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import {
  describeRateLimit,
  validateApiKeyChanges,
  validateApiKeyForm,
  emptyValues,
} from './api-key-form';
import { mapServerErrors } from './server-errors';

describe('validateApiKeyForm', () => {
  const now = new Date('2025-01-01T00:00:00Z');

  it('normalises with the shared rules: trimmed name, empty name to null, deduplicated IPs', () => {
    const result = validateApiKeyForm(
      { ...emptyValues(), name: '  ', allowedIps: ['10.0.0.1', '10.0.0.1', '2001:db8::/32'] },
      now,
    );
    expect(result).toEqual({
      ok: true,
      input: {
        name: null,
        active: true,
        allowedIps: ['10.0.0.1', '2001:db8::/32'],
        scopes: [],
        expiresAt: null,
      },
    });
  });

  it('refuses a past expiry and control characters in the name', () => {
    const result = validateApiKeyForm(
      { ...emptyValues(), name: 'a\u0007b', expiresAt: '2024-06-01 10:00:00' },
      now,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Name cannot contain line breaks, tabs or other control characters',
        expiresAt: 'The expiry must be in the future',
      },
    });
  });
});

describe('rate limit fields', () => {
  const now = new Date('2025-01-01T00:00:00Z');

  it('sends no rateLimit when the number is empty, and { limit, windowSeconds } when set', () => {
    const none = validateApiKeyForm(emptyValues(), now);
    expect(none.ok && 'rateLimit' in none.input).toBe(false);
    for (const [window, seconds] of [
      ['1', 1],
      ['60', 60],
      ['3600', 3600],
      ['86400', 86400],
    ] as const) {
      expect(
        validateApiKeyForm({ ...emptyValues(), rateLimit: 120, rateLimitWindow: window }, now),
      ).toMatchObject({ ok: true, input: { rateLimit: { limit: 120, windowSeconds: seconds } } });
    }
  });

  it.each([0, -1, 1.5, 1_000_001])('refuses a limit of %p on the Rate limit field', (limit) => {
    expect(validateApiKeyForm({ ...emptyValues(), rateLimit: limit }, now)).toEqual({
      ok: false,
      errors: { rateLimit: 'Must be a whole number from 1 to 1,000,000' },
    });
  });

  it('an edit sends the limit only when it changed, and null when it was emptied', () => {
    const initial = { ...emptyValues(), rateLimit: 100 as const, rateLimitWindow: '60' };
    expect(validateApiKeyChanges(initial, { ...initial }, now)).toEqual({ ok: true, changes: {} });
    expect(validateApiKeyChanges(initial, { ...initial, rateLimitWindow: '3600' }, now)).toEqual({
      ok: true,
      changes: { rateLimit: { limit: 100, windowSeconds: 3600 } },
    });
    expect(validateApiKeyChanges(initial, { ...initial, rateLimit: '' }, now)).toEqual({
      ok: true,
      changes: { rateLimit: null },
    });
  });

  it('shows the limit in words', () => {
    expect(describeRateLimit(null)).toBe('No limit');
    expect(describeRateLimit({ limit: 1000, windowSeconds: 60 })).toBe('1,000 per minute');
    expect(describeRateLimit({ limit: 5, windowSeconds: 1 })).toBe('5 per second');
    expect(describeRateLimit({ limit: 5, windowSeconds: 90 })).toBe('5 per 90 s');
  });

  it("puts the server's rateLimit.* errors on the two fields", () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        {
          message: 'Invalid rateLimit.limit: must be a whole number from 1 to 1000000 (got 0)',
          extensions: { code: 'BAD_USER_INPUT', field: 'rateLimit.limit' },
        },
        {
          message: 'Invalid rateLimit.windowSeconds: must be a whole number from 1 to 86400',
          extensions: { code: 'BAD_USER_INPUT', field: 'rateLimit.windowSeconds' },
        },
      ],
    });
    expect(mapServerErrors(error)).toEqual({
      fields: {
        rateLimit: 'Invalid rateLimit.limit: must be a whole number from 1 to 1000000 (got 0)',
        rateLimitWindow: 'Invalid rateLimit.windowSeconds: must be a whole number from 1 to 86400',
      },
      general: null,
    });
  });
});

describe('validateApiKeyChanges', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  const initial = {
    name: 'Deploy bot',
    active: true,
    allowedIps: ['10.0.0.0/8'],
    scopes: ['api_keys:read', 'api_keys:write'],
    expiresAt: '2024-06-01 10:00:00',
    rateLimit: '' as const,
    rateLimitWindow: '60',
  };

  it('returns only the changed fields', () => {
    expect(validateApiKeyChanges(initial, { ...initial }, now)).toEqual({ ok: true, changes: {} });
    expect(
      validateApiKeyChanges(initial, { ...initial, name: ' Renamed ', active: false }, now),
    ).toEqual({ ok: true, changes: { name: 'Renamed', active: false } });
    // The same scopes in another order are no change.
    expect(
      validateApiKeyChanges(
        initial,
        { ...initial, scopes: ['api_keys:write', 'api_keys:read'], allowedIps: ['10.0.0.1'] },
        now,
      ),
    ).toEqual({ ok: true, changes: { allowedIps: ['10.0.0.1'] } });
  });

  it('checks only a changed expiry against the clock', () => {
    // Expired key, expiry untouched: a rename is fine.
    expect(validateApiKeyChanges(initial, { ...initial, name: 'x' }, now)).toEqual({
      ok: true,
      changes: { name: 'x' },
    });
    expect(
      validateApiKeyChanges(initial, { ...initial, expiresAt: '2024-07-01 10:00:00' }, now),
    ).toEqual({ ok: false, errors: { expiresAt: 'The expiry must be in the future' } });
    const cleared = validateApiKeyChanges(initial, { ...initial, expiresAt: null }, now);
    expect(cleared).toEqual({ ok: true, changes: { expiresAt: null } });
    const later = validateApiKeyChanges(
      initial,
      { ...initial, expiresAt: '2025-02-01 10:00:00' },
      now,
    );
    expect(later.ok && later.changes.expiresAt).toBe(new Date(2025, 1, 1, 10).toISOString());
  });
});

describe('mapServerErrors', () => {
  it('puts BAD_USER_INPUT on the named field and everything else in the general message', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        { message: 'bad CIDR', extensions: { code: 'BAD_USER_INPUT', field: 'allowedIps' } },
        { message: 'bad date', extensions: { code: 'BAD_USER_INPUT', field: 'input.expiresAt' } },
        { message: 'weird', extensions: { code: 'BAD_USER_INPUT', field: 'first' } },
      ],
    });
    expect(mapServerErrors(error)).toEqual({
      fields: { allowedIps: 'bad CIDR', expiresAt: 'bad date' },
      general: 'weird',
    });
  });

  it('reads the errors out of a non-2xx JSON body', () => {
    const body = JSON.stringify({
      errors: [{ message: 'name too long', extensions: { code: 'BAD_USER_INPUT', field: 'name' } }],
    });
    const error = new ServerError('Response not successful', {
      // jsdom has no fetch Response; ServerError only reads the status.
      response: { status: 400 } as Response,
      bodyText: body,
    });
    expect(mapServerErrors(error)).toEqual({ fields: { name: 'name too long' }, general: null });
  });
});
