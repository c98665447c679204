import { PrivateMariaDb } from '../support/mariadb';
import { requireBuild, startServer, type RunningServer } from '../support/process';

// The database dies under a running Keyhold (its own mariadbd, killed by PID) and comes back.
// Runs in every pass, SQLite's included: it brings its own MariaDB and never touches the shared
// one. A machine without mariadbd fails here instead of skipping.
jest.setTimeout(120_000);

const ADMIN_EMAIL = 'outage@example.com';
const ADMIN_PASSWORD = 'outage-password-0123';

let db: PrivateMariaDb;
let server: RunningServer;
beforeAll(async () => {
  requireBuild();
  db = await PrivateMariaDb.create();
  await db.query('CREATE DATABASE keyhold CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  server = await startServer({
    DATABASE_URL: `${db.url}/keyhold`,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    USAGE_FLUSH_SECONDS: '1',
    NODE_ENV: 'production',
  });
});
afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exit;
  }
  await db?.destroy();
});

interface Answer {
  status: number;
  ms: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

async function gql(
  query: string,
  headers: Record<string, string> = {},
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    ms: Date.now() - started,
    headers: res.headers,
    body: JSON.parse(text) as Answer['body'],
  };
}

/** What the usage flush logs when the database does not take its counts. */
const FLUSH_FAILED = 'writing usage failed; counts kept for the next flush';

const codeOf = (a: Answer) => a.body.errors?.[0]?.extensions?.code;

async function status(path: string): Promise<number> {
  return (await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(10_000) })).status;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

it('survives the database dying and coming back, losing no usage', async () => {
  const login = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
      variables: { e: ADMIN_EMAIL, p: ADMIN_PASSWORD },
    }),
  });
  const cookie = { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
  const created = await gql(
    'mutation { createApiKey(input: { name: "integrator", scopes: ["api_keys:read", "api_keys:verify"] }) { secret apiKey { id key } } }',
    cookie,
  );
  const payload = created.body.data!.createApiKey as {
    secret: string;
    apiKey: { id: string; key: string };
  };
  const asKey = { 'x-api-key': payload.apiKey.key, 'x-api-secret': payload.secret };
  let sentWithKey = 0;
  const withKey = async (query: string, variables: Record<string, unknown> = {}) => {
    sentWithKey++;
    return gql(query, asKey, variables);
  };

  // Verified once while the database is up: now in the verification cache.
  expect((await withKey('{ viewer { kind } }')).body.data).toEqual({
    viewer: { kind: 'API_KEY' },
  });
  expect((await withKey('{ apiKeys(first: 5) { totalCount } }')).status).toBe(200);
  // A key with a rate limit: its counter lives in MySQL (no Redis here) while MySQL is up.
  const limitedCreated = await gql(
    'mutation { createApiKey(input: { name: "limited", rateLimit: { limit: 1000, windowSeconds: 3600 } }) { secret apiKey { key } } }',
    cookie,
  );
  const limitedPayload = limitedCreated.body.data!.createApiKey as {
    secret: string;
    apiKey: { key: string };
  };
  const asLimited = {
    'x-api-key': limitedPayload.apiKey.key,
    'x-api-secret': limitedPayload.secret,
  };
  const limitedBefore = await gql('{ viewer { kind } }', asLimited);
  expect(limitedBefore.status).toBe(200);
  expect(limitedBefore.headers.get('ratelimit-remaining')).toBe('999');

  await db.kill();
  const killedAt = Date.now();

  await waitFor('/readyz 503', async () => (await status('/readyz')) === 503, 5_000);
  expect(Date.now() - killedAt).toBeLessThan(5_000);
  expect(await status('/healthz')).toBe(200);

  // Requests that need the database get a clean code, quickly.
  const needDatabase: [string, () => Promise<Answer>][] = [
    ['a page of keys, as the cached key', () => withKey('{ apiKeys(first: 5) { totalCount } }')],
    ['a page of keys, as the admin', () => gql('{ apiKeys(first: 5) { totalCount } }', cookie)],
    [
      'create a key',
      () => gql('mutation { createApiKey(input: { name: "lost" }) { secret } }', cookie),
    ],
    [
      'sign in',
      () =>
        gql(
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
          {},
          {
            e: ADMIN_EMAIL,
            p: ADMIN_PASSWORD,
          },
        ),
    ],
    [
      'an uncached key',
      () =>
        gql('{ viewer { kind } }', {
          'x-api-key': 'kh_000000000000000000000000',
          'x-api-secret': payload.secret,
        }),
    ],
  ];
  for (const [what, send] of needDatabase) {
    const answer = await send();
    expect({ what, status: answer.status, code: codeOf(answer) }).toEqual({
      what,
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
    expect({ what, fast: answer.ms < 3_000 }).toEqual({ what, fast: true });
  }

  // The key verified before keeps authenticating from the cache; its use is counted.
  for (let i = 0; i < 20; i++) {
    const answer = await withKey('{ viewer { kind scopes } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data!.viewer).toMatchObject({ kind: 'API_KEY' });
  }
  // A limited key keeps authenticating too: its count goes on in this replica's memory.
  for (let i = 0; i < 3; i++) {
    const answer = await gql('{ viewer { kind } }', asLimited);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-limit')).toBe('1000');
  }
  const verified = await withKey(
    'mutation($k: String!, $s: String!) { verifyApiKey(key: $k, secret: $s) { valid code } }',
    { k: payload.apiKey.key, s: payload.secret },
  );
  expect(verified.body.data).toEqual({ verifyApiKey: { valid: true, code: 'VALID' } });
  // verifyApiKey counts as a use of the verified key too.
  const usesDuringOutage = 1;

  // A few flush intervals pass while the database is gone (two flushes fail and say so): the
  // counts must be kept.
  const failedFlushes = () => server.output().split(FLUSH_FAILED).length - 1;
  const failedBefore = failedFlushes();
  await waitFor(
    'two failed usage flushes',
    async () => failedFlushes() >= failedBefore + 2,
    20_000,
  );
  expect(server.child.exitCode).toBeNull();

  await db.start();
  const readyAfter = await waitFor(
    '/readyz 200',
    async () => (await status('/readyz')) === 200,
    15_000,
  );
  expect(readyAfter).toBeLessThan(15_000);
  expect(server.child.exitCode).toBeNull();
  const page = await gql('{ apiKeys(first: 5) { totalCount } }', cookie);
  expect({ status: page.status, data: page.body.data }).toEqual({
    status: 200,
    data: { apiKeys: { totalCount: 2 } },
  });

  // Every use (before, during and after the outage) reaches the database.
  const expected = sentWithKey + usesDuringOutage;
  await waitFor(
    'usage written',
    async () => {
      const [row] = await db.query<{ n: string | number | null }[]>(
        `SELECT SUM(success_count) AS n FROM api_key_usage_days WHERE api_key_id = '${payload.apiKey.id}'`,
        'keyhold',
      );
      return Number(row?.n ?? 0) === expected;
    },
    10_000,
  );
  const [key] = await db.query<{ last_used_at: Date | null }[]>(
    `SELECT last_used_at FROM api_keys WHERE id = '${payload.apiKey.id}'`,
    'keyhold',
  );
  expect(key?.last_used_at).not.toBeNull();
  expect(server.output()).not.toMatch(/"level":60|unhandled|uncaught/i);
});
