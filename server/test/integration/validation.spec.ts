import { errorOf, TestApp } from '../support/harness';

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id name allowedIps scopes expiresAt } }`;
const ROTATE = `mutation($id: ID!, $grace: Int) { rotateApiKeySecret(id: $id, gracePeriodSeconds: $grace) { secret } }`;

const future = () => new Date(Date.now() + 86_400_000).toISOString();

const INVALID_INPUTS: [string, Record<string, unknown>, string, RegExp][] = [
  ['a name over 100 characters', { name: 'x'.repeat(101) }, 'name', /at most 100/],
  ['a name with a control character', { name: 'bad\u0007name' }, 'name', /control characters/],
  ['a name with a newline', { name: 'two\nlines' }, 'name', /control characters/],
  ['a pasted secret in the name', { name: `old khs_${'x'.repeat(46)}` }, 'name', /API secret/],
  ['an IPv4 address out of range', { allowedIps: ['10.0.0.300'] }, 'allowedIps', /10\.0\.0\.300/],
  ['a shortened IPv4 form', { allowedIps: ['127.1'] }, 'allowedIps', /127\.1/],
  ['a CIDR prefix too long', { allowedIps: ['10.0.0.0/33'] }, 'allowedIps', /prefix length/],
  ['an IPv6 prefix too long', { allowedIps: ['2001:db8::/129'] }, 'allowedIps', /prefix length/],
  ['a host name', { allowedIps: ['example.com'] }, 'allowedIps', /not a valid/],
  ['an empty entry', { allowedIps: [''] }, 'allowedIps', /not a valid/],
  [
    'more than 100 entries',
    { allowedIps: Array.from({ length: 101 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`) },
    'allowedIps',
    /at most 100/,
  ],
  ['an unknown scope', { scopes: ['api_keys:admin'] }, 'scopes', /unknown scope "api_keys:admin"/],
  ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', /in the future/],
  ['an expiry that is not a date', { expiresAt: 'tomorrow' }, 'input', /DateTime/],
];

describe('input validation: BAD_USER_INPUT naming the field, nothing changed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  const keyCount = async () =>
    (await t.admin<{ apiKeys: { totalCount: number } }>('{ apiKeys { totalCount } }')).body.data!
      .apiKeys.totalCount;

  it.each(INVALID_INPUTS)('createApiKey refuses %s', async (_label, input, field, message) => {
    const before = await keyCount();
    const res = await t.admin(CREATE, { input: { name: 'ok', ...input } });
    const error = errorOf(res);
    expect(error.code).toBe('BAD_USER_INPUT');
    if (field !== 'input') expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(res.body.data ?? null).toBeNull();
    expect(await keyCount()).toBe(before);
  });

  it.each(INVALID_INPUTS.filter(([, , field]) => field !== 'input'))(
    'updateApiKey refuses %s and leaves the key as it was',
    async (_label, input, field, message) => {
      const { id } = await t.createKey({
        name: 'kept',
        allowedIps: ['192.0.2.1'],
        scopes: ['api_keys:read'],
      });
      const res = await t.admin(UPDATE, { id, input: { name: 'changed', ...input } });
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(errorOf(res).message).toMatch(message);
      const after = await t.admin<{ apiKey: Record<string, unknown> }>(
        'query($id: ID!) { apiKey(id: $id) { name allowedIps scopes expiresAt } }',
        { id },
      );
      expect(after.body.data!.apiKey).toEqual({
        name: 'kept',
        allowedIps: ['192.0.2.1'],
        scopes: ['api_keys:read'],
        expiresAt: null,
      });
    },
  );

  it('accepts the edges: 100 characters, 100 addresses, an expiry in the future', async () => {
    const res = await t.admin(CREATE, {
      input: {
        name: 'é'.repeat(100),
        allowedIps: Array.from({ length: 100 }, (_, i) => `10.1.${Math.floor(i / 250)}.${i % 250}`),
        expiresAt: future(),
      },
    });
    expect(res.body.errors).toBeUndefined();
  });

  it.each([-1, 604_801])('rotateApiKeySecret refuses gracePeriodSeconds %d', async (grace) => {
    const { id, key } = await t.createKey();
    const res = await t.admin(ROTATE, { id, grace });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gracePeriodSeconds' });
    const hint = await t.admin<{ apiKey: { key: string; secretRotatedAt: string | null } }>(
      'query($id: ID!) { apiKey(id: $id) { key secretRotatedAt } }',
      { id },
    );
    expect(hint.body.data!.apiKey).toEqual({ key, secretRotatedAt: null });
  });

  it('usage(days) must be 1..366', async () => {
    const { id } = await t.createKey();
    const res = await t.admin('query($id: ID!) { apiKey(id: $id) { usage(days: 0) { date } } }', {
      id,
    });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
  });

  it.each([
    ['{ auditEvents(first: 0) { totalCount } }', 'first', /between 1 and 100 \(got 0\)/],
    ['{ auditEvents(first: 101) { totalCount } }', 'first', /between 1 and 100 \(got 101\)/],
    ['{ auditEvents(action: "api_key.nope") { totalCount } }', 'action', /unknown action/],
    ['{ apiKeys(last: 0) { totalCount } }', 'last', /between 1 and 100/],
  ])('every argument rule is on its args class: %s', async (query, field, message) => {
    const res = await t.admin(query);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(errorOf(res).message).toMatch(message);
  });

  it.each([
    [{ limit: 0, windowSeconds: 60 }, 'rateLimit.limit', /1 to 1000000 \(got 0\)/],
    [{ limit: 5, windowSeconds: 86_401 }, 'rateLimit.windowSeconds', /1 to 86400/],
  ])('rateLimit %j is refused naming the nested field', async (rateLimit, field, message) => {
    const res = await t.admin(CREATE, { input: { name: 'limited', rateLimit } });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(errorOf(res).message).toMatch(message);
  });

  it('addresses(days) must be 1..90', async () => {
    const { id } = await t.createKey();
    const res = await t.admin(
      'query($id: ID!) { apiKey(id: $id) { addresses(days: 91) { ip } } }',
      {
        id,
      },
    );
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
    expect(errorOf(res).message).toMatch(/between 1 and 90 \(got 91\)/);
  });

  it('a wrongly typed variable names the variable', async () => {
    const res = await t.admin('query($first: Int) { apiKeys(first: $first) { totalCount } }', {
      first: 'ten',
    });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
