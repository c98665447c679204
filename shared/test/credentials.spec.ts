import {
  crc32,
  encodeBase62,
  generateApiKey,
  generateApiSecret,
  isApiKeyFormat,
  isApiSecretFormat,
  randomBase62,
  secretHintOf,
} from '../src';

describe('key and secret formats', () => {
  it('generates keys as kh_ + 24 base62 characters, all different', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateApiKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^kh_[0-9A-Za-z]{24}$/);
  });

  it('generates secrets as khs_ + 40 random + 6 checksum characters that verify', () => {
    for (let i = 0; i < 200; i++) {
      const secret = generateApiSecret();
      expect(secret).toMatch(/^khs_[0-9A-Za-z]{46}$/);
      expect(isApiSecretFormat(secret)).toBe(true);
      expect(secret.slice(-6)).toBe(encodeBase62(crc32(secret.slice(4, 44)), 6));
    }
  });

  it('refuses a secret with one character changed (the checksum catches typos)', () => {
    const secret = generateApiSecret();
    const i = 10;
    const changed = secret.slice(0, i) + (secret[i] === 'a' ? 'b' : 'a') + secret.slice(i + 1);
    expect(isApiSecretFormat(changed)).toBe(false);
    expect(isApiSecretFormat(secret.slice(0, -1))).toBe(false);
    expect(isApiSecretFormat(`khx_${secret.slice(4)}`)).toBe(false);
  });

  it('checks key formats', () => {
    expect(isApiKeyFormat('kh_' + 'a'.repeat(24))).toBe(true);
    expect(isApiKeyFormat('kh_' + 'a'.repeat(23))).toBe(false);
    expect(isApiKeyFormat('kh_' + 'a'.repeat(23) + '-')).toBe(false);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    expect(crc32('héllo')).toBe(0x9e3b8236);
  });

  it('spreads random characters evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (const c of randomBase62(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(200);
  });

  it('hints with the last 4 characters', () => {
    expect(secretHintOf('khs_abcdef')).toBe('cdef');
  });
});
