import { suggestAllowedIps } from '../../src/modules/usage/suggest-allowed-ips';

describe('suggestAllowedIps', () => {
  it('is empty for no addresses', () => {
    expect(suggestAllowedIps([])).toEqual([]);
  });

  it('keeps an IPv4 address alone in its /24 as a single address', () => {
    expect(suggestAllowedIps(['198.51.100.7', '192.0.2.9'])).toEqual(['192.0.2.9', '198.51.100.7']);
  });

  it('turns IPv4 addresses sharing a /24 into that /24', () => {
    expect(suggestAllowedIps(['10.0.0.1', '10.0.0.200', '10.0.1.1'])).toEqual([
      '10.0.0.0/24',
      '10.0.1.1',
    ]);
  });

  it('turns each IPv6 address into its /64, once per network', () => {
    expect(suggestAllowedIps(['2001:db8::1', '2001:db8::2', '2001:db8:0:1::5'])).toEqual([
      '2001:db8:0:1::/64',
      '2001:db8::/64',
    ]);
  });

  it('reads IPv4-mapped IPv6 as IPv4 and counts a repeated address once', () => {
    expect(suggestAllowedIps(['::ffff:203.0.113.5', '203.0.113.5'])).toEqual(['203.0.113.5']);
  });
});
