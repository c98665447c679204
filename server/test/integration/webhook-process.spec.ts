import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTestDatabase, usingMysql } from '../support/harness';
import { MAIN, requireBuild, runNode, startServer, tempSqliteUrl } from '../support/process';
import { WebhookReceiver } from '../support/webhook-receiver';

// The built server, as users run it: an event committed before a SIGKILL is delivered after
// the restart; the encryption key is generated once, kept private, and a wrong one is refused.
jest.setTimeout(120_000);
beforeAll(requireBuild);

const ADMIN = { ADMIN_EMAIL: 'crash@example.com', ADMIN_PASSWORD: 'a long enough password' };

async function gql<T>(url: string, query: string, variables: object, cookie?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { headers: res.headers, body: (await res.json()) as { data: T } };
}

async function signIn(url: string): Promise<string> {
  const res = await gql(
    url,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
    {
      e: ADMIN.ADMIN_EMAIL,
      p: ADMIN.ADMIN_PASSWORD,
    },
  );
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('webhook delivery across a crash', () => {
  // On MySQL the dead replica's claim must first run out (its lease, 30 s): no other replica can
  // tell a dead claimer from a slow one. SQLite is one process: a restart releases its claims.
  it('delivers an event committed before a SIGKILL after the restart', async () => {
    const receiver = await WebhookReceiver.start();
    const database = usingMysql ? await createTestDatabase() : null;
    const env = {
      DATABASE_URL: database?.url ?? tempSqliteUrl(),
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      ...ADMIN,
    };
    try {
      const first = await startServer(env);
      const cookie = await signIn(first.url);
      await gql(
        first.url,
        'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }',
        { i: { url: receiver.url, events: ['api_key.created'] } },
        cookie,
      );
      // The receiver holds the first attempt: the server dies with the delivery in flight.
      receiver.answers.push('hang');
      const created = await gql<{ createApiKey: { apiKey: { id: string } } }>(
        first.url,
        'mutation { createApiKey(input: { name: "before the crash" }) { apiKey { id } } }',
        {},
        cookie,
      );
      const keyId = created.body.data.createApiKey.apiKey.id;
      const [inFlight] = await receiver.waitFor(1);
      first.child.kill('SIGKILL');
      await first.exit;

      const second = await startServer(env);
      try {
        const [, after] = await receiver.waitFor(2, usingMysql ? 60_000 : 15_000);
        expect(after!.json).toMatchObject({
          id: inFlight!.json.id,
          type: 'api_key.created',
          data: { apiKey: { id: keyId, name: 'before the crash' } },
        });
        expect(after!.body).toBe(inFlight!.body);
      } finally {
        second.child.kill('SIGTERM');
        await second.exit;
      }
    } finally {
      await receiver.stop();
      await database?.drop();
    }
  });
});

(usingMysql ? describe.skip : describe)('SECRET_ENCRYPTION_KEY', () => {
  it('is generated once beside the SQLite file (mode 0600) and a different key is refused', async () => {
    const databaseUrl = tempSqliteUrl();
    const keyFile = join(
      dirname(databaseUrl.slice('sqlite:'.length)),
      'keyhold.secret-encryption-key',
    );
    const first = await startServer({ DATABASE_URL: databaseUrl, ...ADMIN });
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await startServer({ DATABASE_URL: databaseUrl, ...ADMIN });
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(0);

    const wrong = await runNode(MAIN, [], {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      ...ADMIN,
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(
      /Invalid SECRET_ENCRYPTION_KEY: it is not the key that encrypted the stored webhook secrets/,
    );
    expect(wrong.stderr + wrong.stdout).not.toContain(Buffer.alloc(32, 9).toString('base64'));
  });

  it('is required with MySQL: one line naming the variable', async () => {
    const res = await runNode(MAIN, [], { DATABASE_URL: 'mysql://root@127.0.0.1:1/keyhold' });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toMatch(
      /^keyhold: Invalid SECRET_ENCRYPTION_KEY: required with a MySQL database/,
    );
  });
});
