import { readCredentials } from '../../src/http/credentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('readCredentials', () => {
  it('reads Basic and the X-API-Key / X-API-Secret pair', () => {
    expect(readCredentials({ authorization: `Basic ${b64('kh_a:khs_b')}` })).toEqual({
      kind: 'api-key',
      key: 'kh_a',
      secret: 'khs_b',
    });
    expect(readCredentials({ authorization: `basic   ${b64('kh_a:khs_b:c')}` })).toEqual({
      kind: 'api-key',
      key: 'kh_a',
      secret: 'khs_b:c',
    });
    expect(readCredentials({ 'x-api-key': 'kh_a', 'x-api-secret': 'khs_b' })).toEqual({
      kind: 'api-key',
      key: 'kh_a',
      secret: 'khs_b',
    });
    expect(readCredentials({})).toEqual({ kind: 'none' });
  });

  it.each([
    { authorization: 'Bearer abc' },
    { authorization: 'Basic' },
    { authorization: 'Basic !!!' },
    { authorization: `Basic ${b64('no-colon')}` },
    { authorization: `Basic ${b64(':secret')}` },
    { authorization: `Basic ${b64('key:')}` },
    { 'x-api-key': 'kh_a' },
    { 'x-api-secret': 'khs_b' },
    { 'x-api-key': 'kh_a', 'x-api-secret': 'x'.repeat(300) },
  ])('calls %j malformed', (headers) => {
    expect(readCredentials(headers)).toEqual({ kind: 'malformed' });
  });
});
