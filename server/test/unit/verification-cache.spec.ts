import type { ApiKeyEntity } from '../../src/modules/api-keys/api-key.entity';
import type { ApiKeyRepository } from '../../src/modules/api-keys/api-key.repository';
import { VerificationCache } from '../../src/modules/auth/verification-cache';
import { TestClock } from '../support/clock';

const entity = {
  id: 'id-1',
  key: 'kh_a',
  secretDigest: '00'.repeat(32),
  previousSecretDigest: null,
  previousSecretExpiresAt: null,
  active: true,
  expiresAt: null,
  scopes: ['api_keys:read'],
  allowedIps: [],
} as unknown as ApiKeyEntity;

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });

function setup() {
  let fail: Error | null = null;
  const findByKey = jest.fn(async (key: string) => {
    if (fail) throw fail;
    return key === entity.key ? entity : null;
  });
  const clock = new TestClock();
  const cache = new VerificationCache({ findByKey } as unknown as ApiKeyRepository, 20, clock);
  const pastTtl = () => clock.advance(40);
  return { cache, findByKey, pastTtl, failWith: (err: Error | null) => (fail = err) };
}

describe('VerificationCache during a database outage', () => {
  it('keeps using a key verified before the outage, past its TTL, and reloads once the database is back', async () => {
    const { cache, findByKey, failWith, pastTtl } = setup();
    expect((await cache.get('kh_a')).record?.id).toBe('id-1');
    pastTtl();
    failWith(refused());
    expect((await cache.get('kh_a')).record?.id).toBe('id-1');
    expect(await cache.get('kh_unknown').catch((e: Error) => e.message)).toMatch(/ECONNREFUSED/);
    failWith(null);
    await cache.get('kh_a');
    expect(findByKey).toHaveBeenCalledTimes(4);
  });

  it('does not fall back on other errors, nor on a key whose change dropped it', async () => {
    const { cache, failWith, pastTtl } = setup();
    await cache.get('kh_a');
    pastTtl();
    failWith(new Error('syntax error near SELECT'));
    await expect(cache.get('kh_a')).rejects.toThrow(/syntax error/);
    failWith(null);
    await cache.get('kh_a');
    cache.invalidate('kh_a');
    failWith(refused());
    await expect(cache.get('kh_a')).rejects.toThrow(/ECONNREFUSED/);
  });
});
