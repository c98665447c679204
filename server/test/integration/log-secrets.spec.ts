import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { generateApiSecret } from '@keyhold/shared';
import { requireBuild, startServer, tempSqliteUrl } from '../support/process';
import { WebhookReceiver } from '../support/webhook-receiver';

// The real server process with its real logger, at every level: every credential form a caller
// can send, then the whole log is searched for each secret.
jest.setTimeout(120_000);
beforeAll(requireBuild);

const ADMIN_EMAIL = 'logs@example.com';
const ADMIN_PASSWORD = 'pa55word-that-must-never-be-logged';

async function gql(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  path = '/graphql',
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** The server's SQLite driver (it ships no types), to read the database the server writes. */
const Database = createRequire(__filename)('better-sqlite3') as new (
  path: string,
  options: { readonly: boolean },
) => { prepare(sql: string): { get(): unknown }; close(): void };

/** Waits until the server's usage flush has written the day's rows (it runs every second). */
async function flushed(databaseUrl: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true });
    try {
      const { n } = db.prepare('SELECT COUNT(*) AS n FROM api_key_usage_days').get() as {
        n: number;
      };
      if (n > 0) return;
    } finally {
      db.close();
    }
    if (Date.now() > deadline) throw new Error('no usage flush within 15 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const basic = (key: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
});

describe.each(['trace', 'debug', 'info', 'warn', 'error'])('logs at %s', (level) => {
  it('never hold a credential, whichever way it was sent', async () => {
    const databaseUrl = tempSqliteUrl();
    const receiver = await WebhookReceiver.start();
    const server = await startServer({
      DATABASE_URL: databaseUrl,
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      LOG_LEVEL: level,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      USAGE_FLUSH_SECONDS: '1',
    });
    try {
      const { url } = server;
      const login = await gql(url, {
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
        variables: { e: ADMIN_EMAIL, p: ADMIN_PASSWORD },
      });
      const sessionCookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const sessionToken = sessionCookie.split('=')[1]!;
      const cookie = { cookie: sessionCookie };
      const created = JSON.parse(
        (
          await gql(
            url,
            {
              query:
                'mutation { createApiKey(input: { name: "logs", scopes: ["api_keys:read", "api_keys:verify"] }) { secret apiKey { key } } }',
            },
            cookie,
          )
        ).text,
      ) as { data: { createApiKey: { secret: string; apiKey: { key: string } } } };
      const { secret } = created.data.createApiKey;
      const { key } = created.data.createApiKey.apiKey;
      const wrong = generateApiSecret();
      const pasted = generateApiSecret();
      const inQuery = generateApiSecret();
      const asName = generateApiSecret();
      const inUrl = generateApiSecret();
      const asRequestId = generateApiSecret();
      const wrongPassword = 'another-password-never-logged';
      const viewer = { query: '{ viewer { kind } }' };

      // Headers: Basic, X-API-Key/X-API-Secret, each right and wrong; the session cookie.
      expect((await gql(url, viewer, basic(key, secret))).status).toBe(200);
      expect((await gql(url, viewer, basic(key, wrong))).status).toBe(401);
      expect((await gql(url, viewer, { 'x-api-key': key, 'x-api-secret': secret })).status).toBe(
        200,
      );
      expect((await gql(url, viewer, { 'x-api-key': key, 'x-api-secret': wrong })).status).toBe(
        401,
      );
      expect((await gql(url, viewer, cookie)).status).toBe(200);
      expect((await gql(url, viewer, { cookie: 'keyhold_session=forged-token' })).status).toBe(200);
      // In variables: verifyApiKey, a secret pasted as a key name, a wrong password.
      await gql(
        url,
        {
          query:
            'mutation($k: String!, $s: String!) { verifyApiKey(key: $k, secret: $s) { valid } }',
          variables: { k: key, s: secret },
        },
        basic(key, secret),
      );
      await gql(
        url,
        {
          query: 'mutation($n: String) { createApiKey(input: { name: $n }) { apiKey { id } } }',
          variables: { n: `prod ${pasted}` },
        },
        cookie,
      );
      await gql(url, {
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
        variables: { e: ADMIN_EMAIL, p: wrongPassword },
      });
      // In the query text, valid and invalid documents alike.
      await gql(
        url,
        { query: `mutation { verifyApiKey(key: "${key}", secret: "${inQuery}") { valid } }` },
        basic(key, secret),
      );
      await gql(url, { query: `{ viewer(secret: "${inQuery}") { kind } }` });
      await gql(url, {
        query: `mutation { login(email: "${ADMIN_EMAIL}", password: "${wrongPassword}") { kind } }`,
      });
      // As the operation name, and as a name the document lacks.
      await gql(url, { query: `query ${asName} { viewer { kind } }` });
      await gql(url, { query: '{ viewer { kind } }', operationName: asName });
      // In the URL: path, query string (GET), and the request id header.
      await fetch(`${url}/admin/api-keys/${inUrl}`);
      await fetch(`${url}/graphql/${inUrl}`);
      await fetch(
        `${url}/graphql?query=${encodeURIComponent(`query ${inUrl} { viewer { kind } }`)}&variables=${encodeURIComponent(JSON.stringify({ secret: inUrl }))}`,
      );
      await fetch(`${url}/healthz?secret=${inUrl}`);
      await gql(url, viewer, { 'x-request-id': asRequestId });
      // A webhook: its signing secret, and deliveries that succeed and fail.
      const hook = JSON.parse(
        (
          await gql(
            url,
            {
              query: `mutation { createWebhook(input: { url: "${receiver.url}", events: ["api_key.created"] }) { secret webhook { id } } }`,
            },
            cookie,
          )
        ).text,
      ) as { data: { createWebhook: { secret: string; webhook: { id: string } } } };
      const signingSecret = hook.data.createWebhook.secret;
      receiver.answers.push(500);
      await gql(url, { query: 'mutation { createApiKey(input: {}) { apiKey { id } } }' }, cookie);
      await gql(
        url,
        {
          query: `mutation { sendTestWebhook(id: "${hook.data.createWebhook.webhook.id}") { id } }`,
        },
        cookie,
      );
      await receiver.waitFor(2);
      const encryptionKey = readFileSync(
        join(dirname(databaseUrl.slice('sqlite:'.length)), 'keyhold.secret-encryption-key'),
        'utf8',
      ).trim();
      // Let a usage flush run (its rows reach the database), then stop (shutdown lines are
      // logged too).
      await flushed(databaseUrl);
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);

      const log = server.output();
      if (level === 'trace' || level === 'debug') expect(log).toMatch(/"msg":"request"/);
      const secrets: Record<string, string> = {
        'the admin password': ADMIN_PASSWORD,
        'a wrong password': wrongPassword,
        'the session token': sessionToken,
        'the key secret': secret,
        'a wrong secret': wrong,
        'a secret pasted as a name': pasted,
        'a secret in the query text': inQuery,
        'a secret as the operation name': asName,
        'a secret in the URL': inUrl,
        'a secret as the request id': asRequestId,
        'the Basic header': basic(key, secret).authorization.slice('Basic '.length),
        'the wrong Basic header': basic(key, wrong).authorization.slice('Basic '.length),
        'a webhook signing secret': signingSecret,
        'the generated secret encryption key': encryptionKey,
      };
      for (const delivery of receiver.received) {
        const v1 = /v1=([0-9a-f]+)/.exec(String(delivery.headers['keyhold-signature']))![1]!;
        secrets[`a delivery signature ${v1.slice(0, 8)}`] = v1;
      }
      const found = Object.entries(secrets)
        .filter(([, value]) => log.includes(value))
        .map(([name]) => name);
      expect(found).toEqual([]);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await receiver.stop();
    }
  });
});
