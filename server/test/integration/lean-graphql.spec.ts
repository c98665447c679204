import { ApolloServer } from '@apollo/server';
import { basic, errorOf, TestApp, type CreatedKey } from '../support/harness';

// The lean path answers documents that Apollo has already prepared; everything it answers must
// be what Apollo answers. Apollo's entry point is watched to know which path answered.
const apolloCalls = jest.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

let t: TestApp;
let key: CreatedKey;
let limited: CreatedKey;
beforeAll(async () => {
  t = await TestApp.start();
  key = await t.createKey({ name: 'lean', scopes: ['api_keys:read', 'api_keys:verify'] });
  limited = await t.createKey({
    name: 'lean-limited',
    scopes: ['api_keys:read'],
    rateLimit: { limit: 4, windowSeconds: 3600 },
  });
});
afterAll(() => t.stop());

async function post(
  body: unknown,
  headers: Record<string, string> = basic(key.key, key.secret),
): Promise<Answer & { apollo: boolean }> {
  const before = apolloCalls.mock.calls.length;
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const all: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name !== 'date' && name !== 'x-request-id') all[name] = value;
  });
  return {
    status: res.status,
    headers: all,
    text: text.replaceAll(res.headers.get('x-request-id') ?? '\0', '<request id>'),
    apollo: apolloCalls.mock.calls.length > before,
  };
}

const strip = ({ status, headers, text }: Answer): Answer => ({ status, headers, text });

describe('the lean path for prepared documents', () => {
  it('answers a document the second time without Apollo, byte for byte as Apollo did', async () => {
    const body = { query: '{ viewer { kind apiKey { id name } } }' };
    const first = await post(body);
    expect(first.apollo).toBe(true);
    expect(first.status).toBe(200);
    const second = await post(body);
    const third = await post(body);
    expect(second.apollo).toBe(false);
    expect(third.apollo).toBe(false);
    expect(strip(second)).toEqual(strip(first));
    expect(strip(third)).toEqual(strip(first));
    expect(second.headers['cache-control']).toBe('no-store');
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers with the media type Apollo negotiates; no JSON acceptable is still a 406', async () => {
    const query = '{ viewer { kind } }';
    const accept = { ...basic(key.key, key.secret), accept: 'application/graphql-response+json' };
    await post({ query });
    const lean = await post({ query }, accept);
    expect(lean.apollo).toBe(false);
    // The same document spelled differently is new to the lean path: Apollo answers it.
    const apollo = await post({ query: `${query} ` }, accept);
    expect(apollo.apollo).toBe(true);
    expect(strip(lean)).toEqual(strip(apollo));
    expect(lean.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    const refused = await post({ query }, { ...basic(key.key, key.secret), accept: 'text/plain' });
    expect(refused.status).toBe(406);
  });

  it('keeps operation names apart: a name the document does not have is Apollo’s error', async () => {
    const query = 'query A { viewer { kind } } query B { viewer { apiKey { id } } }';
    const a1 = await post({ query, operationName: 'A' });
    const a2 = await post({ query, operationName: 'A' });
    expect(a2.apollo).toBe(false);
    expect(strip(a2)).toEqual(strip(a1));
    const b = await post({ query, operationName: 'B' });
    expect(b.apollo).toBe(true);
    expect(JSON.parse(b.text).data.viewer.apiKey.id).toBe(key.id);
    for (const operationName of ['C', '', undefined]) {
      const wrong = await post({ query, operationName });
      expect(wrong.apollo).toBe(true);
      expect(wrong.status).toBe(400);
    }
  });

  it('still refuses a cost over the limit and variables of the wrong type, as Apollo does', async () => {
    const query =
      'query($n: Int!, $d: Int!) { apiKeys(first: $n) { nodes { id usage(days: $d) { date } } } }';
    const small = await post({ query, variables: { n: 5, d: 3 } });
    expect(small.status).toBe(200);
    const again = await post({ query, variables: { n: 5, d: 3 } });
    expect(again.apollo).toBe(false);
    expect(strip(again)).toEqual(strip(small));
    const costly = await post({ query, variables: { n: 1000, d: 366 } });
    expect(costly.status).toBe(400);
    expect(errorOf({ ...costly, body: JSON.parse(costly.text) } as never)).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
    });
    const wrongType = await post({ query, variables: { n: 'five', d: 3 } });
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.text).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'n',
    });
    const missing = await post({ query, variables: { n: 5 } });
    expect(missing.status).toBe(400);
  });

  it('costs a document by the variables its cost depends on (@include, first), not the others', async () => {
    const page = (alias: string) =>
      `${alias}: apiKeys(first: 100, search: $s) { nodes { id usage(days: 366) @include(if: $big) { date } } }`;
    const query = `query($s: String, $big: Boolean!) { ${page('a')} ${page('b')} }`;
    const cheap = await post({ query, variables: { s: 'x', big: false } });
    expect(cheap.status).toBe(200);
    const costly = await post({ query, variables: { s: 'x', big: true } });
    expect(costly.status).toBe(400);
    expect(JSON.parse(costly.text).errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
    });
    for (const s of ['y', 'z']) {
      expect((await post({ query, variables: { s, big: false } })).status).toBe(200);
      expect((await post({ query, variables: { s, big: true } })).status).toBe(400);
    }
  });

  it('refuses a scope the key lacks with the same 403 as Apollo', async () => {
    const query =
      'mutation { setApiKeyActive(id: "00000000-0000-0000-0000-000000000000", active: false) { id } }';
    const first = await post({ query });
    const second = await post({ query });
    expect(second.apollo).toBe(false);
    expect(first.status).toBe(403);
    expect(strip(second)).toEqual(strip(first));
  });

  it('counts a rate-limited key on the lean path: RateLimit headers, then 429', async () => {
    const headers = basic(limited.key, limited.secret);
    const body = { query: '{ viewer { kind } }' };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post(body, headers));
    expect(answers.slice(1, 4).every((a) => !a.apollo)).toBe(true);
    expect(answers.map((a) => a.headers['ratelimit-remaining'])).toEqual(['3', '2', '1', '0', '0']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429]);
    expect(answers[4]!.headers['retry-after']).toBeDefined();
  });

  it('masks an unexpected failure in a resolver exactly as Apollo does', async () => {
    const query = '{ apiKeys(first: 3) { totalCount nodes { id } } }';
    expect((await post({ query })).status).toBe(200);
    await t.app.dataSource.query('ALTER TABLE api_keys RENAME TO api_keys_gone');
    try {
      const lean = await post({ query });
      expect(lean.apollo).toBe(false);
      const apollo = await post({ query: `${query} ` });
      expect(apollo.apollo).toBe(true);
      expect(lean.status).toBe(500);
      expect(strip(lean)).toEqual(strip(apollo));
      const error = JSON.parse(lean.text).errors[0];
      expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toBe('Internal server error (request id <request id>)');
      expect(lean.text).not.toMatch(/api_keys|SQL|stack|at .*\.ts/i);
    } finally {
      await t.app.dataSource.query('ALTER TABLE api_keys_gone RENAME TO api_keys');
    }
  });
});

describe('the lean path in production', () => {
  let p: TestApp;
  beforeAll(async () => {
    p = await TestApp.start({ NODE_ENV: 'production' });
  });
  afterAll(() => p.stop());

  it('never answers introspection: anonymous callers are refused every time, keys answered by Apollo', async () => {
    const { key: id, secret } = await p.createKey({
      name: 'introspect',
      scopes: ['api_keys:read'],
    });
    const query = '{ __schema { queryType { name } } }';
    for (let i = 0; i < 3; i++) {
      const before = apolloCalls.mock.calls.length;
      const withKey = await p.request(query, {}, { headers: basic(id, secret) });
      expect(withKey.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const anonymous = await p.request(query);
      expect(anonymous.status).toBe(401);
      expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
      expect(apolloCalls.mock.calls.length).toBe(before + 2);
    }
  });
});
