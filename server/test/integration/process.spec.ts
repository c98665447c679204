import { CLI, MAIN, requireBuild, runNode, startServer, tempSqliteUrl } from '../support/process';

beforeAll(requireBuild);

describe('the server process', () => {
  it.each([
    [{ PORT: 'eighty' }, /^keyhold: Invalid PORT: must be a whole number \(got "eighty"\)$/],
    [{ PORT: '70000' }, /^keyhold: Invalid PORT: must be at most 65535/],
    [
      { DATABASE_URL: 'postgres://localhost/keyhold' },
      /^keyhold: Invalid DATABASE_URL: must be sqlite:<path> or mysql:/,
    ],
    [{ TRUST_PROXY: '10.0.0.0/99' }, /^keyhold: Invalid TRUST_PROXY: /],
    [
      { AUTH_FAILURES_PER_MINUTE: '0' },
      /^keyhold: Invalid AUTH_FAILURES_PER_MINUTE: must be at least 1/,
    ],
    [{ LOG_LEVEL: 'loud' }, /^keyhold: Invalid LOG_LEVEL: /],
  ])('refuses to start with %j, in one line', async (env, message) => {
    const result = await runNode(MAIN, [], { DATABASE_URL: tempSqliteUrl(), ...env });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('serves health, readiness, metrics, the SPA, the explorer page and GraphQL; SIGTERM exits 0', async () => {
    const server = await startServer({ DATABASE_URL: tempSqliteUrl() });
    const { url } = server;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).toContain('keyhold_http_request_duration_seconds');
    const root = await fetch(`${url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/admin/api-keys');
    const spa = await fetch(`${url}/admin/api-keys/some-id/edit`);
    expect(spa.status).toBe(200);
    expect(spa.headers.get('content-type')).toMatch(/text\/html/);
    expect(spa.headers.get('cache-control')).toBe('no-cache');
    const explorer = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(explorer.status).toBe(200);
    const html = await explorer.text();
    expect(html).toMatch(/<html/i);
    expect(html).not.toMatch(
      /https?:\/\/(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}\/[^"']*\.(js|css)/i,
    );
    const gql = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    expect(await gql.json()).toEqual({ data: { viewer: { kind: 'ANONYMOUS' } } });
    const tooBig = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ viewer { kind } } # ${'x'.repeat(110_000)}` }),
    });
    expect(tooBig.status).toBe(413);

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.output()).toMatch(/stopped/);
  });

  it('prints a generated admin password once, on the very first start only', async () => {
    const databaseUrl = tempSqliteUrl();
    const first = await startServer({ DATABASE_URL: databaseUrl });
    first.child.kill('SIGTERM');
    await first.exit;
    const password = /password: (\S+)/.exec(first.output())?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(first.output().split(password!).length - 1).toBe(1);
    const second = await startServer({ DATABASE_URL: databaseUrl });
    const res = await fetch(`${second.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { login(email: "admin@localhost", password: "${password}") { email } }`,
      }),
    });
    expect(((await res.json()) as { data: { login: { email: string } } }).data.login.email).toBe(
      'admin@localhost',
    );
    second.child.kill('SIGTERM');
    await second.exit;
    expect(second.output()).not.toMatch(/password:/);
  });
});

describe('the operator CLI', () => {
  it('migrates, creates an admin and resets a password read from stdin', async () => {
    const env = { DATABASE_URL: tempSqliteUrl() };
    expect((await runNode(CLI, ['migrate'], env)).stdout).toMatch(/applied: InitialSchema/);
    expect((await runNode(CLI, ['migrate'], env)).stdout).toMatch(/up to date/);
    const created = await runNode(
      CLI,
      ['admin:create', 'Ops@Example.com'],
      env,
      'a long enough password\n',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('created admin ops@example.com');
    const short = await runNode(CLI, ['admin:create', 'two@example.com'], env, 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/password: must be at least 12 characters/);
    const reset = await runNode(
      CLI,
      ['admin:reset-password', 'ops@example.com'],
      env,
      'another long password\n',
    );
    expect(reset.code).toBe(0);

    const server = await startServer({
      ...env,
      ADMIN_EMAIL: 'ignored@example.com',
      ADMIN_PASSWORD: 'ignored password',
    });
    const login = async (password: string) =>
      (
        (await (
          await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query:
                'mutation($p: String!) { login(email: "ops@example.com", password: $p) { email } }',
              variables: { p: password },
            }),
          })
        ).json()) as { data?: { login?: { email: string } } }
      ).data?.login?.email ?? null;
    expect(await login('a long enough password')).toBeNull();
    expect(await login('another long password')).toBe('ops@example.com');
    server.child.kill('SIGTERM');
    await server.exit;
  }, 30_000);
});
