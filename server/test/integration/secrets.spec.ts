import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ALL_SCOPES,
  apiKeyHeaders,
  basic,
  type CreatedKey,
  type GqlResponse,
  TestApp,
  usingMysql,
} from '../support/harness';
import { wrongSecret } from '../support/security';

const ROTATE =
  'mutation($id: ID!, $grace: Int) { rotateApiKeySecret(id: $id, gracePeriodSeconds: $grace) { secret } }';
const VERIFY =
  'mutation($key: String!, $secret: String!) { verifyApiKey(key: $key, secret: $secret) { valid code } }';
const KEY_FIELDS = `id name key secretHint active status allowedIps scopes expiresAt lastUsedAt lastUsedIp
  secretRotatedAt previousSecretExpiresAt createdAt updatedAt usage(days: 2) { date successCount failureCount }`;

/** The secret and a run of its random part, so a secret stored without its prefix is caught too. */
function traces(secret: string): string[] {
  return [secret, secret.slice(4, 20)];
}

function expectFree(where: string, text: string, secrets: string[]): void {
  const found = secrets.flatMap(traces).filter((trace) => text.includes(trace));
  expect({ where, found }).toEqual({ where, found: [] });
}

describe('secrets are never kept or shown', () => {
  let t: TestApp;
  // Every secret the server issued, and every wrong one it was sent.
  const issued: string[] = [];
  const sent: string[] = [];
  // Every answer except the two that hand a secret out (createApiKey, rotateApiKeySecret).
  const answers: GqlResponse[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ LOG_LEVEL: 'trace', AUTH_FAILURES_PER_MINUTE: '1000000' });
    const keys: CreatedKey[] = [];
    for (let i = 0; i < 6; i++)
      keys.push(await t.createKey({ name: `key ${i}`, scopes: ALL_SCOPES }));
    const writer = keys[0]!;
    const byKey = await t.request<{
      createApiKey: { secret: string; apiKey: { id: string; key: string } };
    }>(
      'mutation { createApiKey(input: { name: "made by a key" }) { secret apiKey { id key } } }',
      {},
      { headers: basic(writer.key, writer.secret) },
    );
    const made = byKey.body.data!.createApiKey;
    keys.push({ id: made.apiKey.id, key: made.apiKey.key, secret: made.secret });
    issued.push(...keys.map((k) => k.secret));

    for (const [i, key] of keys.entries()) {
      for (const grace of [3600, i % 2 ? 0 : 600]) {
        const res = await t.admin<{ rotateApiKeySecret: { secret: string } }>(ROTATE, {
          id: key.id,
          grace,
        });
        issued.push(res.body.data!.rotateApiKeySecret.secret);
      }
      const current = issued[issued.length - 1]!;
      const wrong = wrongSecret();
      sent.push(wrong);
      answers.push(
        await t.request('{ viewer { kind } }', {}, { headers: basic(key.key, current) }),
      );
      answers.push(
        await t.request('{ viewer { kind } }', {}, { headers: apiKeyHeaders(key.key, wrong) }),
      );
      answers.push(await t.admin(VERIFY, { key: key.key, secret: current }));
      answers.push(await t.admin(VERIFY, { key: key.key, secret: wrong }));
    }
    answers.push(await t.admin(`{ apiKeys(first: 100) { nodes { ${KEY_FIELDS} } } }`));
    answers.push(await t.admin('{ auditEvents(first: 100) { nodes { action actor details } } }'));
    await t.app.services.usage.flush();
  });
  afterAll(() => t?.stop());

  it('issued many distinct secrets', () => {
    expect(new Set(issued).size).toBe(7 * 3);
    for (const secret of issued) expect(secret).toMatch(/^khs_[0-9A-Za-z]{46}$/);
  });

  it('stores none of them in the database', async () => {
    if (usingMysql) {
      const tables = (await t.app.dataSource.query('SHOW TABLES')) as Record<string, string>[];
      expect(tables.length).toBeGreaterThan(5);
      for (const table of tables.map((row) => Object.values(row)[0]!)) {
        const rows = await t.app.dataSource.query(`SELECT * FROM \`${table}\``);
        const text = JSON.stringify(rows, (_k, v: unknown) =>
          v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
            ? Buffer.from((v as { data: number[] }).data).toString('latin1')
            : v,
        );
        expectFree(`table ${table}`, text, [...issued, ...sent]);
      }
      return;
    }
    // Every byte SQLite has on disk: the database file and its write-ahead log and index.
    const path = t.databaseUrl.slice('sqlite:'.length);
    const files = readdirSync(dirname(path)).filter((name) => name.startsWith('keyhold.sqlite'));
    expect(files).toContain('keyhold.sqlite');
    for (const file of files) {
      expectFree(file, readFileSync(join(dirname(path), file)).toString('latin1'), [
        ...issued,
        ...sent,
      ]);
    }
  });

  it('stores what the contract allows instead: the digest and the last four characters', async () => {
    const res = await t.admin<{ apiKeys: { nodes: { secretHint: string }[] } }>(
      '{ apiKeys(first: 100) { nodes { secretHint } } }',
    );
    const hints = res.body.data!.apiKeys.nodes.map((n) => n.secretHint).sort();
    const latest = issued.filter((_s, i) => i >= 7 && (i - 7) % 2 === 1).map((s) => s.slice(-4));
    expect(hints).toEqual(latest.sort());
  });

  it('logs none of them', () => {
    expect(t.logs.length).toBeGreaterThan(20);
    expectFree('logs', t.logs.join(''), [...issued, ...sent]);
  });

  it('shows none of them in any other answer, audit details included', () => {
    const audit = answers[answers.length - 1]!.body.data as {
      auditEvents: { nodes: { action: string }[] };
    };
    expect(
      audit.auditEvents.nodes.filter((n) => n.action === 'api_key.secret_rotated'),
    ).toHaveLength(14);
    for (const res of answers) expectFree('an answer', res.text, [...issued, ...sent]);
  });

  it('never echoes a secret in an error, wherever it was sent', async () => {
    const [key] = (
      await t.admin<{ apiKeys: { nodes: { key: string }[] } }>(
        '{ apiKeys(first: 1) { nodes { key } } }',
      )
    ).body.data!.apiKeys.nodes;
    const secret = wrongSecret();
    const attempts: [string, () => Promise<GqlResponse>][] = [
      [
        'a wrong secret (Basic)',
        () => t.request('{ viewer { kind } }', {}, { headers: basic(key!.key, secret) }),
      ],
      [
        'a wrong secret (headers)',
        () => t.request('{ viewer { kind } }', {}, { headers: apiKeyHeaders(key!.key, secret) }),
      ],
      [
        'key and secret swapped',
        () => t.request('{ viewer { kind } }', {}, { headers: apiKeyHeaders(secret, key!.key) }),
      ],
      [
        'a Basic value without a colon',
        () =>
          t.request(
            '{ viewer { kind } }',
            {},
            { headers: { authorization: `Basic ${Buffer.from(secret).toString('base64')}` } },
          ),
      ],
      [
        'a secret as the ip',
        () =>
          t.admin(
            'mutation($ip: String) { verifyApiKey(key: "k", secret: "s", ip: $ip) { valid } }',
            { ip: secret },
          ),
      ],
      [
        'a secret as a page size',
        () => t.admin('query($n: Int) { apiKeys(first: $n) { totalCount } }', { n: secret }),
      ],
      [
        'a secret as a scope',
        () =>
          t.admin('mutation($s: [String!]) { createApiKey(input: { scopes: $s }) { secret } }', {
            s: [secret],
          }),
      ],
      [
        'a secret as an address',
        () =>
          t.admin(
            'mutation($ips: [String!]) { createApiKey(input: { allowedIps: $ips }) { secret } }',
            { ips: [secret] },
          ),
      ],
      [
        'a secret as a cursor',
        () => t.admin('query($c: String) { apiKeys(after: $c) { totalCount } }', { c: secret }),
      ],
    ];
    for (const [label, attempt] of attempts) {
      const res = await attempt();
      expect({ label, errors: (res.body.errors ?? []).length }).toEqual({ label, errors: 1 });
      expectFree(label, res.text, [secret]);
    }
    const verification = await t.admin<{ verifyApiKey: { code: string } }>(VERIFY, {
      key: key!.key,
      secret,
    });
    expect(verification.body.data!.verifyApiKey.code).toBe('INVALID_CREDENTIALS');
    expectFree('verifyApiKey, wrong secret', verification.text, [secret]);
    expectFree('logs', t.logs.join(''), [secret]);
  });
});
