import { connect } from 'node:net';
import fc from 'fast-check';
import { ALL_SCOPES, apiKeyHeaders, basic, TestApp, type CreatedKey } from '../support/harness';

// Thousands of generated malformed requests against the real server: none may answer 5xx or
// leak a stack trace or a file path, and the server must be healthy afterwards.
jest.setTimeout(120_000);

let t: TestApp;
let key: CreatedKey;
let cookie: string;
beforeAll(async () => {
  t = await TestApp.start({ NODE_ENV: 'production', AUTH_FAILURES_PER_MINUTE: '1000000' });
  key = await t.createKey({ name: 'fuzz', scopes: ALL_SCOPES });
  cookie = await t.adminCookie();
});
afterAll(() => t.stop());

const LEAKS = [
  /\bat [\w$.<>]+ \(/, // a stack frame
  /\n\s+at /,
  /\.(ts|js|mjs|cjs):\d+/,
  /node_modules|\/(work|home|tmp|usr|root|opt|app)\/|\/src\/[\w/.-]+\.[jt]s\b/,
  /QueryFailedError|SqliteError|\bER_[A-Z_]+\b|\bSQLITE_[A-Z]+|TypeORM|\bSELECT\b.*\bFROM\b/,
];

const seen = { requests: 0, byStatus: new Map<number, number>() };

function check(status: number, body: string, what: string): void {
  seen.requests++;
  seen.byStatus.set(status, (seen.byStatus.get(status) ?? 0) + 1);
  if (status >= 500) throw new Error(`${what} answered ${status}: ${body.slice(0, 500)}`);
  for (const leak of LEAKS) {
    if (leak.test(body)) throw new Error(`${what} leaked ${leak}: ${body.slice(0, 500)}`);
  }
}

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE api_keys; --",
  '" OR 1=1 --',
  '%',
  '_',
  '\\',
  '\\%',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '../../../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\uD800',
  '\u202Ekh_',
  '𝕜𝕙_',
  'KH_',
  'kh_',
  'khs_',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '[]',
  '{}',
  '0.0.0.0/0',
  '::/0',
  '256.256.256.256/33',
  '2001:db8::/129',
  'eyJ9',
  'W10',
  'WyJDUkVBVEVEX0FUOkRFU0MiLCIxOTcwLTAxLTAxVDAwOjAwOjAwLjAwMFoiLCJ4Il0',
];

const oddString = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.string({ maxLength: 8 }).map((s) => s.repeat(5000)),
  fc.constantFrom(...INJECTIONS).map((s) => s.repeat(2000)),
);

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddString },
  fc.integer(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, -0, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(oddString, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), oddString, { maxKeys: 4 }),
);

/** Every argument of every operation, as a variable the generator fills. */
const OPERATIONS: { query: string; vars: string[] }[] = [
  {
    query:
      'query Q($first: Int, $after: String, $last: Int, $before: String, $search: String, $status: ApiKeyStatus, $orderBy: ApiKeyOrder) { apiKeys(first: $first, after: $after, last: $last, before: $before, search: $search, status: $status, orderBy: $orderBy) { totalCount nodes { id name usage(days: 3) { date } } pageInfo { endCursor } } }',
    vars: ['first', 'after', 'last', 'before', 'search', 'status', 'orderBy'],
  },
  { query: 'query Q($id: ID!) { apiKey(id: $id) { id name } }', vars: ['id'] },
  {
    query: 'query Q($id: ID!, $days: Int) { apiKey(id: $id) { id usage(days: $days) { date } } }',
    vars: ['id', 'days'],
  },
  {
    query:
      'query Q($first: Int, $after: String, $apiKeyId: ID) { auditEvents(first: $first, after: $after, apiKeyId: $apiKeyId) { totalCount nodes { id action } } }',
    vars: ['first', 'after', 'apiKeyId'],
  },
  { query: 'query Q { scopes { name } viewer { kind scopes } }', vars: [] },
  {
    query:
      'mutation M($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }',
    vars: ['input'],
  },
  {
    query:
      'mutation M($name: String, $active: Boolean, $allowedIps: [String!], $scopes: [String!], $expiresAt: DateTime) { createApiKey(input: { name: $name, active: $active, allowedIps: $allowedIps, scopes: $scopes, expiresAt: $expiresAt }) { apiKey { id } } }',
    vars: ['name', 'active', 'allowedIps', 'scopes', 'expiresAt'],
  },
  {
    query:
      'mutation M($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }',
    vars: ['id', 'input'],
  },
  {
    query:
      'mutation M($id: ID!, $active: Boolean!) { setApiKeyActive(id: $id, active: $active) { id } }',
    vars: ['id', 'active'],
  },
  {
    query:
      'mutation M($id: ID!, $grace: Int) { rotateApiKeySecret(id: $id, gracePeriodSeconds: $grace) { apiKey { id } } }',
    vars: ['id', 'grace'],
  },
  { query: 'mutation M($id: ID!) { deleteApiKey(id: $id) { deletedId } }', vars: ['id'] },
  {
    query:
      'mutation M($key: String!, $secret: String!, $ip: String, $scopes: [String!]) { verifyApiKey(key: $key, secret: $secret, ip: $ip, requiredScopes: $scopes) { valid code } }',
    vars: ['key', 'secret', 'ip', 'scopes'],
  },
  {
    query:
      'mutation M($email: String!, $password: String!) { login(email: $email, password: $password) { kind } }',
    vars: ['email', 'password'],
  },
];

const credentialsArb = fc.oneof(
  fc.constant(() => ({})),
  fc.constant(() => apiKeyHeaders(key.key, key.secret)),
  fc.constant(() => basic(key.key, key.secret)),
  fc.constant(() => ({ cookie })),
);

async function post(
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

describe('fuzzing', () => {
  it('every argument of every operation, with odd and hostile values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        fc.array(oddValue, { minLength: 7, maxLength: 7 }),
        credentialsArb,
        async (op, values, credentials) => {
          const variables = Object.fromEntries(op.vars.map((v, i) => [v, values[i]]));
          const body = JSON.stringify({ query: op.query, variables });
          if (body.length > 90_000) return;
          const res = await post(body, credentials());
          check(res.status, res.text, `${op.query.slice(0, 40)} ${body.slice(0, 200)}`);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('hostile values written into the query text itself', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        oddString,
        credentialsArb,
        async (op, value, credentials) => {
          const literal = JSON.stringify(value);
          // Put the value where each variable was; type errors are expected, crashes are not.
          let query = op.query.replace(/^(query|mutation) \w+(\([^)]*\))?/, '$1');
          for (const v of op.vars) query = query.split(`$${v}`).join(literal);
          const body = JSON.stringify({ query, operationName: value });
          if (body.length > 90_000) return;
          const res = await post(body, credentials());
          check(res.status, res.text, query.slice(0, 200));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('broken JSON, wrong envelope types, odd documents and persisted-query hashes', async () => {
    const envelope = fc.record(
      {
        query: fc.oneof(
          oddValue,
          fc.constantFrom(
            '{',
            '{ viewer { kind } ',
            '{ __schema { types { name } } }',
            '{ viewer { kind } } { viewer { kind } }',
            'query A { viewer { kind } } query A { viewer { kind } }',
            'subscription { viewer { kind } }',
            '{ viewer @skip(if: true) { kind } }',
            `{ ${'viewer { apiKey { '.repeat(30)} id ${'} }'.repeat(30)} }`,
            `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: viewer { kind }`).join(' ')} }`,
            '{ apiKeys(first: 100) { nodes { usage(days: 400) { date } } } }',
            'fragment F on Query { ...F } { ...F }',
          ),
        ),
        variables: oddValue,
        operationName: oddValue,
        extensions: fc.oneof(
          oddValue,
          fc.record({
            persistedQuery: fc.record({
              version: fc.oneof(fc.constant(1), oddValue),
              sha256Hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), oddValue),
            }),
          }),
        ),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      envelope.map((e) => JSON.stringify(e)),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom(
        '',
        'null',
        '[]',
        '[{}]',
        '"x"',
        '1',
        '{"query":"{ viewer { kind } }"',
        '\u0000',
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, credentialsArb, async (text, credentials) => {
        if (Buffer.byteLength(text) > 90_000) return;
        const res = await post(text, credentials());
        check(res.status, res.text, text.slice(0, 200));
      }),
      { numRuns: 1200 },
    );
  });

  it('odd methods, paths, query strings and headers', async () => {
    const headerValue = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 200,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'GET',
          'POST',
          'PUT',
          'PATCH',
          'DELETE',
          'OPTIONS',
          'HEAD',
          'TRACE_X',
          'PROPFIND',
        ),
        fc.oneof(
          fc.constantFrom(
            '/graphql',
            '/healthz',
            '/readyz',
            '/metrics',
            '/',
            '/admin',
            '/admin/assets/x.js',
            '/admin/../../etc/passwd',
            '/graphql/..%2f..%2fetc',
            '/%00',
            '/admin/%E0%A4%A',
          ),
          fc.webPath(),
        ),
        fc.oneof(
          fc.constant(''),
          oddString.map(
            (s) => `?query=${encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'))}`,
          ),
          fc.webQueryParameters().map((q) => `?${q}`),
        ),
        fc.record(
          {
            'content-type': fc.oneof(
              fc.constantFrom(
                'application/json',
                'application/graphql',
                'text/plain',
                'multipart/form-data; boundary=x',
                'application/json; charset=utf-16',
                'application/json; charset=x-unknown',
              ),
              headerValue,
            ),
            accept: fc.oneof(
              fc.constantFrom(
                '*/*',
                'text/html',
                'application/graphql-response+json',
                'multipart/mixed',
                'application/json;q=0',
              ),
              headerValue,
            ),
            authorization: fc.oneof(
              fc.constantFrom(
                'Basic',
                'Basic =',
                'Basic Og==',
                'Bearer x',
                `Basic ${'A'.repeat(5000)}`,
              ),
              headerValue.map((v) => `Basic ${v}`),
              headerValue,
            ),
            'x-api-key': fc.oneof(
              fc.constantFrom(key.key.toUpperCase(), `${key.key} `),
              headerValue,
            ),
            'x-api-secret': headerValue,
            cookie: fc.oneof(
              headerValue.map((v) => `keyhold_session=${v}`),
              headerValue,
            ),
            'x-forwarded-for': headerValue,
            'x-request-id': headerValue,
            'content-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x'),
          },
          { requiredKeys: [] },
        ),
        fc.option(fc.string({ unit: 'binary', maxLength: 200 })),
        async (method, path, search, headers, body) => {
          let res: Response;
          try {
            res = await fetch(`${t.url}${path}${search}`, {
              method,
              headers,
              body: body === null || method === 'GET' || method === 'HEAD' ? undefined : body,
            });
          } catch (err) {
            // The client refused to send it (e.g. a forbidden method): nothing reached the server.
            if (err instanceof TypeError && !/fetch failed/.test(err.message)) return;
            throw err;
          }
          check(
            res.status,
            await res.text(),
            `${method} ${path}${search} ${JSON.stringify(headers).slice(0, 300)}`,
          );
        },
      ),
      { numRuns: 800 },
    );
  });

  it('raw bytes on the socket: NUL bytes, bad request lines, lying Content-Length', async () => {
    const { port } = new URL(t.url);
    const raw = (payload: Buffer): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1');
        let answer = '';
        socket.setTimeout(5000, () => socket.destroy());
        socket.on('data', (d) => (answer += d.toString('latin1')));
        socket.on('error', (err) =>
          (err as { code?: string }).code === 'ECONNRESET' ? resolve(answer) : reject(err),
        );
        socket.on('close', () => resolve(answer));
        socket.end(payload);
      });
    const request = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc
        .tuple(
          fc.constantFrom('POST', 'GET', 'G\u0000T', 'PO ST'),
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.integer({ min: -5, max: 100_000 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
        )
        .map(([method, path, length, body]) =>
          Buffer.from(
            `${method} /graphql${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${body}`,
            'utf8',
          ),
        ),
    );
    await fc.assert(
      fc.asyncProperty(request, async (payload) => {
        const answer = await raw(payload);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
        check(status, answer, payload.toString('latin1').slice(0, 200));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the server healthy, with no unexpected error logged', async () => {
    expect(seen.requests).toBeGreaterThan(4000);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    const res = await t.request(
      '{ viewer { kind } }',
      {},
      { headers: apiKeyHeaders(key.key, key.secret) },
    );
    expect(res.body).toEqual({ data: { viewer: { kind: 'API_KEY' } } });
    const unexpected = t.logs.filter((line) => /"level":(50|60)/.test(line));
    expect(unexpected).toEqual([]);
    console.log(
      `fuzz: ${seen.requests} requests by status ${JSON.stringify([...seen.byStatus].sort())}`,
    );
  });
});
