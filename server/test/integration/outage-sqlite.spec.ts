import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyHeaders, errorOf, TestApp, type CreatedKey } from '../support/harness';

// The embedded database stops accepting writes (a full disk, a read-only file) under a running
// Keyhold. Tests run as root, which file modes do not stop, so the read-only file is made by
// SQLite itself (`PRAGMA query_only`): every write then fails with SQLITE_READONLY, exactly the
// error a read-only file gives. Runs in every pass: this is about SQLite whatever the pass.
jest.setTimeout(60_000);

let t: TestApp;
let dir: string;
let key: CreatedKey;
const readOnly = (on: boolean) => t.app.dataSource.query(`PRAGMA query_only = ${on ? 1 : 0}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhold-readonly-'));
  t = await TestApp.start({}, { databaseUrl: `sqlite:${join(dir, 'keyhold.sqlite')}` });
  key = await t.createKey({ name: 'integrator', scopes: ['api_keys:read'] });
});
afterAll(async () => {
  await readOnly(false).catch(() => undefined);
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('answers clean errors while the file cannot be written, and loses nothing it acknowledged', async () => {
  const asKey = apiKeyHeaders(key.key, key.secret);
  let uses = 0;
  const useKey = async (query: string) => {
    uses++;
    return t.request(query, {}, { headers: asKey });
  };
  expect((await useKey('{ viewer { kind } }')).status).toBe(200);
  const acknowledged = await t.createKey({ name: 'created before' });
  await t.app.services.usage.flush();

  await readOnly(true);

  // Writes: a clean 503 with a code, quickly; nothing half-done.
  const started = Date.now();
  const create = await t.admin('mutation { createApiKey(input: { name: "refused" }) { secret } }');
  expect({ status: create.status, code: errorOf(create).code }).toEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
  });
  expect(create.text).not.toMatch(/SQLITE|readonly|stack/i);
  const disable = await t.admin(
    'mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { active } }',
    { id: acknowledged.id },
  );
  expect(errorOf(disable).code).toBe('SERVICE_UNAVAILABLE');
  const login = await t.request(
    'mutation { login(email: "admin@example.com", password: "correct horse battery staple") { kind } }',
  );
  expect({ status: login.status, code: errorOf(login).code }).toEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
  });
  expect(Date.now() - started).toBeLessThan(10_000);

  // Reads, and the key's authentication, go on; its uses are counted in memory.
  for (let i = 0; i < 10; i++) {
    const res = await useKey('{ apiKeys(first: 10) { totalCount nodes { name active } } }');
    expect(res.status).toBe(200);
  }
  const page = await t.admin<{ apiKeys: { nodes: { name: string; active: boolean }[] } }>(
    '{ apiKeys(first: 10) { nodes { name active } } }',
  );
  expect(page.status).toBe(200);
  expect(page.body.data!.apiKeys.nodes.map((n) => n.name).sort()).toEqual([
    'created before',
    'integrator',
  ]);
  expect(page.body.data!.apiKeys.nodes.every((n) => n.active)).toBe(true);

  // A flush while read-only fails and keeps its counts.
  await t.app.services.usage.flush();
  expect(t.logs.join('')).toMatch(/writing usage failed; counts kept/);

  await readOnly(false);
  await t.app.services.usage.flush();
  const [row] = (await t.app.dataSource.query(
    'SELECT SUM(success_count) AS n FROM api_key_usage_days WHERE api_key_id = ?',
    [key.id],
  )) as { n: number }[];
  expect(Number(row!.n)).toBe(uses);
  const [refused] = (await t.app.dataSource.query(
    "SELECT COUNT(*) AS n FROM api_keys WHERE name = 'refused'",
  )) as { n: number }[];
  expect(Number(refused!.n)).toBe(0);
  // Writable again: the same requests now succeed, without a restart.
  const again = await t.admin('mutation { createApiKey(input: { name: "after" }) { secret } }');
  expect(again.status).toBe(200);
});
