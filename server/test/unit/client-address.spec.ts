import { createClientAddressResolver } from '../../src/common/client-address';

describe('client address', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const resolve = createClientAddressResolver([]);
    expect(resolve('203.0.113.5', '10.0.0.1')).toBe('203.0.113.5');
    expect(resolve('::ffff:203.0.113.5', undefined)).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const resolve = createClientAddressResolver(['10.0.0.0/8']);
    expect(resolve('203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
  });

  it('takes the rightmost address that is not a trusted proxy', () => {
    const resolve = createClientAddressResolver(['10.0.0.0/8', '2001:db8::/32']);
    expect(resolve('10.0.0.2', '1.2.3.4, 198.51.100.7, 10.0.0.9')).toBe('198.51.100.7');
    expect(resolve('::ffff:10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
    expect(resolve('2001:db8::1', ['spoofed', '2001:DB8:1::7'])).toBe('2001:db8:1::7');
    expect(resolve('10.0.0.2', '10.0.0.3, 10.0.0.4')).toBe('10.0.0.3');
  });

  it('stops at a malformed hop instead of trusting what is left of it', () => {
    const resolve = createClientAddressResolver(['10.0.0.0/8']);
    expect(resolve('10.0.0.2', '198.51.100.7, garbage')).toBe('10.0.0.2');
  });
});
