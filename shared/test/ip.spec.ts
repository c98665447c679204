import { compileAllowList, normalizeAllowedIps, normalizeIpAddress, parseIpOrCidr } from '../src';

describe('IP addresses and CIDR ranges', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8::1/32', '2001:db8::/32'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.0/120', '192.0.2.0/24'],
    ['::1', '::1'],
  ])('accepts %s as %s', (input, normalized) => {
    expect(parseIpOrCidr(input)).toEqual({ ok: true, value: normalized });
  });

  it.each([
    '10.0.0.256',
    '127.1',
    '0x7f.0.0.1',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/',
    'fe80::1%eth0',
    'example.com',
    '',
    '2001:db8::/129',
    '10.0.0.1/8/8',
  ])('refuses %j with a message quoting it', (input) => {
    const result = parseIpOrCidr(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`"${input}"`);
  });

  it('normalises a list: duplicates removed, at most 100', () => {
    expect(normalizeAllowedIps(['10.0.0.1', '10.0.0.1 ', '10.0.0.0/8', '10.9.9.9/8'])).toEqual({
      ok: true,
      value: ['10.0.0.1', '10.0.0.0/8'],
    });
    const many = Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`);
    expect(normalizeAllowedIps(many)).toEqual({
      ok: false,
      message: 'at most 100 entries are allowed (got 101)',
    });
  });

  it('matches addresses against a compiled allow-list, IPv4 and IPv6, mapped or not', () => {
    const allowed = compileAllowList(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
    expect(allowed('10.200.3.4')).toBe(true);
    expect(allowed('::ffff:10.200.3.4')).toBe(true);
    expect(allowed('192.0.2.7')).toBe(true);
    expect(allowed('192.0.2.8')).toBe(false);
    expect(allowed('2001:db8:1::5')).toBe(true);
    expect(allowed('2001:db9::5')).toBe(false);
    expect(allowed('not an ip')).toBe(false);
    expect(compileAllowList([])('203.0.113.9')).toBe(true);
  });

  it('normalises single addresses', () => {
    expect(normalizeIpAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIpAddress('2001:0db8::0001')).toBe('2001:db8::1');
    expect(normalizeIpAddress('nope')).toBeNull();
  });
});
