import { normalizeKeyName, normalizeScopes } from '../src';

describe('names and scopes', () => {
  it('trims names, makes empty null, refuses control characters and > 100 characters', () => {
    expect(normalizeKeyName('  Deploy bot ')).toEqual({ ok: true, value: 'Deploy bot' });
    expect(normalizeKeyName('   ')).toEqual({ ok: true, value: null });
    expect(normalizeKeyName(null)).toEqual({ ok: true, value: null });
    expect(normalizeKeyName('x'.repeat(100)).ok).toBe(true);
    expect(normalizeKeyName('😀'.repeat(100)).ok).toBe(true);
    expect(normalizeKeyName('x'.repeat(101))).toEqual({
      ok: false,
      message: 'name must be at most 100 characters',
    });
    expect(normalizeKeyName('a\u0000b').ok).toBe(false);
    expect(normalizeKeyName('a\u2028b').ok).toBe(false);
    expect(normalizeKeyName(`copy of khs_${'a'.repeat(46)}`)).toEqual({
      ok: false,
      message: 'name must not contain an API secret',
    });
  });

  it('checks scopes against the catalogue and orders them', () => {
    expect(normalizeScopes(['api_keys:write', 'api_keys:read', 'api_keys:write'])).toEqual({
      ok: true,
      value: ['api_keys:read', 'api_keys:write'],
    });
    const unknown = normalizeScopes(['api_keys:read', 'admin']);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toMatch(/unknown scope "admin"/);
  });
});
