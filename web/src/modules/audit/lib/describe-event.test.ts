import { describeActor, describeEvent, namesFromEvents } from './describe-event';

describe('describeEvent', () => {
  it('shows an update as "field: from → to" in words', () => {
    const details = JSON.stringify({
      changes: {
        name: { from: 'Billing', to: 'Billing v2' },
        allowedIps: { from: [], to: ['10.0.0.0/8', '203.0.113.7'] },
        scopes: { from: ['api_keys:read'], to: [] },
      },
    });
    expect(describeEvent({ action: 'api_key.updated', actor: 'admin:a@b.c', details })).toEqual([
      'name: Billing → Billing v2',
      'allowed IPs: any address → 10.0.0.0/8, 203.0.113.7',
      'scopes: api_keys:read → none',
    ]);
  });

  it('says how a rotation treated the old secret', () => {
    expect(
      describeEvent({
        action: 'api_key.secret_rotated',
        actor: 'admin:a@b.c',
        details: '{"gracePeriodSeconds":0,"previousSecretExpiresAt":null}',
      }),
    ).toEqual(['old secret stopped working at once']);
  });

  it('never shows raw JSON, even for text that is not JSON', () => {
    expect(
      describeEvent({ action: 'api_key.deleted', actor: 'x', details: '{"key":"kh_1"}' }),
    ).toEqual([]);
    expect(describeEvent({ action: 'admin.login', actor: 'x', details: 'not json' })).toEqual([]);
  });
});

describe('describeActor', () => {
  it('drops the admin: prefix and names API keys', () => {
    expect(describeActor('admin:ops@example.com')).toBe('ops@example.com');
    expect(describeActor('api_key:kh_abc')).toBe('API key kh_abc');
  });
});

describe('namesFromEvents', () => {
  it('takes the latest name of a key from its newest event, deleted keys included', () => {
    const names = namesFromEvents([
      {
        apiKeyId: 'k1',
        action: 'api_key.deleted',
        actor: 'a',
        details: '{"key":"kh_1","name":"Old v2"}',
      },
      {
        apiKeyId: 'k1',
        action: 'api_key.updated',
        actor: 'a',
        details: '{"changes":{"name":{"from":"Old","to":"Old v2"}}}',
      },
      {
        apiKeyId: 'k2',
        action: 'api_key.deleted',
        actor: 'a',
        details: '{"key":"kh_2","name":null}',
      },
      { apiKeyId: null, action: 'admin.login', actor: 'a', details: null },
    ]);
    expect(names.get('k1')).toEqual({ name: 'Old v2', key: 'kh_1' });
    expect(names.get('k2')).toEqual({ name: null, key: 'kh_2' });
  });
});
