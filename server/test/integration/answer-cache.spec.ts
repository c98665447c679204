import { AnswerCache } from '../../src/http/answer-cache';
import { basic, TestApp, TestClock, type CreatedKey } from '../support/harness';

// Integrators' reads of stored key attributes are answered from memory (http/answer-cache.ts).
// Whatever the cache does, every answer must be what the database says at that moment: these
// tests change keys between identical reads and look for the change in the very next answer.
const lookups = jest.spyOn(AnswerCache.prototype, 'get');
const keeps = jest.spyOn(AnswerCache.prototype, 'set');
const hits = () => lookups.mock.results.filter((r) => r.value !== undefined).length;

let t: TestApp;
let clock: TestClock;
let reader: CreatedKey;

const LIST = '{ apiKeys(first: 100) { nodes { id name status scopes } totalCount } }';

async function list(key = reader, query = LIST, variables: Record<string, unknown> = {}) {
  const res = await t.request<{
    apiKeys: { nodes: { id: string; name: string; status: string }[]; totalCount: number };
  }>(query, variables, { headers: basic(key.key, key.secret) });
  expect(res.status).toBe(200);
  return res.body.data!.apiKeys;
}

beforeAll(async () => {
  clock = TestClock.running();
  t = await TestApp.start({}, undefined, { clock });
  reader = await t.createKey({ name: 'reader', scopes: ['api_keys:read'] });
});
afterAll(() => t.stop());

describe('answers kept for integrators', () => {
  it('shows a key created, renamed, disabled or deleted in the very next identical read', async () => {
    await list();
    await list();
    const created = await t.createKey({ name: 'cache-created', scopes: ['api_keys:read'] });
    let page = await list();
    expect(page.nodes.find((n) => n.id === created.id)?.name).toBe('cache-created');

    await t.admin(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "renamed" }) { id } }',
      {
        id: created.id,
      },
    );
    page = await list();
    expect(page.nodes.find((n) => n.id === created.id)?.name).toBe('renamed');

    await t.admin('mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { id } }', {
      id: created.id,
    });
    page = await list();
    expect(page.nodes.find((n) => n.id === created.id)?.status).toBe('DISABLED');

    const before = page.totalCount;
    await t.admin('mutation($id: ID!) { deleteApiKey(id: $id) { __typename } }', {
      id: created.id,
    });
    page = await list();
    expect(page.nodes.find((n) => n.id === created.id)).toBeUndefined();
    expect(page.totalCount).toBe(before - 1);
  });

  it('never answers with a name from before a rename that reads raced with', async () => {
    const racing = await t.createKey({ name: 'race-0', scopes: ['api_keys:read'] });
    for (let round = 1; round <= 5; round++) {
      const readers = Array.from({ length: 20 }, () => list());
      const renamed = await t.admin(
        'mutation($id: ID!, $n: String!) { updateApiKey(id: $id, input: { name: $n }) { name } }',
        { id: racing.id, n: `race-${round}` },
      );
      expect(renamed.body.data).toEqual({ updateApiKey: { name: `race-${round}` } });
      await Promise.all(readers);
      // Every read that starts after the change has been answered shows it.
      const after = await Promise.all(Array.from({ length: 10 }, () => list()));
      for (const page of after) {
        expect(page.nodes.find((n) => n.id === racing.id)?.name).toBe(`race-${round}`);
      }
    }
  });

  it('keeps a bounded number of answers, however many variants a caller sends', async () => {
    const cache = new AnswerCache({ now: () => new Date() });
    for (let i = 0; i < 5000; i++) {
      cache.set(
        `variant ${i}`,
        { body: 'x'.repeat(100), contentType: 'a', scopes: [], until: Date.now() + 60_000 },
        0,
      );
    }
    expect(cache.size).toBeLessThanOrEqual(2000);
    expect(cache.get('variant 4999')).toBeDefined();
    expect(cache.get('variant 0')).toBeUndefined();
    const generation = cache.generation;
    cache.clear();
    cache.set(
      'late',
      { body: 'x', contentType: 'a', scopes: [], until: Date.now() + 60_000 },
      generation,
    );
    expect(cache.get('late')).toBeUndefined();
  });

  it('answers repeated reads from memory, byte for byte', async () => {
    await list();
    const first = await t.request(LIST, {}, { headers: basic(reader.key, reader.secret) });
    const before = hits();
    const second = await t.request(LIST, {}, { headers: basic(reader.key, reader.secret) });
    expect(hits()).toBe(before + 1);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(second.headers.get('cache-control')).toBe('no-store');
  });

  it('turns a key to EXPIRED at its expiry, not a moment later', async () => {
    const expiring = await t.createKey({
      name: 'cache-expiring',
      scopes: ['api_keys:read'],
      expiresAt: new Date(clock.now().getTime() + 60_000).toISOString(),
    });
    const status = async () => (await list()).nodes.find((n) => n.id === expiring.id)?.status;
    // Half a second before the expiry, well within the time an answer may be kept (1 s).
    clock.advance(59_500);
    expect(await status()).toBe('ACTIVE'); // (the first sight of a document is Apollo's)
    expect(await status()).toBe('ACTIVE');
    const before = hits();
    expect(await status()).toBe('ACTIVE');
    expect(hits()).toBe(before + 1);
    clock.advance(600);
    expect(await status()).toBe('EXPIRED');
  });

  it('never keeps live fields: last use moves with every request', async () => {
    const query = '{ apiKey(id: "ID") { lastUsedAt } }'.replace('ID', reader.id);
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      const res = await t.request<{ apiKey: { lastUsedAt: string } }>(
        query,
        {},
        { headers: basic(reader.key, reader.secret) },
      );
      seen.add(res.body.data!.apiKey.lastUsedAt);
    }
    expect(seen.size).toBe(3);
  });

  it('counts the scope used by every read answered from memory', async () => {
    const counter = await t.createKey({ name: 'cache-scope-counter', scopes: ['api_keys:read'] });
    for (let i = 0; i < 5; i++) await list(counter);
    const res = await t.admin<{ apiKey: { scopeUsage: { scope: string; useCount: number }[] } }>(
      '{ apiKey(id: "ID") { scopeUsage(days: 1) { scope useCount } } }'.replace('ID', counter.id),
    );
    const use = res.body.data!.apiKey.scopeUsage.find((s) => s.scope === 'api_keys:read');
    expect(use?.useCount).toBe(5);
  });

  it('keeps answers per key: another key with fewer scopes is refused, not answered', async () => {
    const other = await t.createKey({ name: 'cache-no-read', scopes: ['api_keys:verify'] });
    await list();
    await list();
    const res = await t.request(LIST, {}, { headers: basic(other.key, other.secret) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('FORBIDDEN');
  });

  it('a key that loses the scope is refused at once', async () => {
    const losing = await t.createKey({ name: 'cache-losing', scopes: ['api_keys:read'] });
    await list(losing);
    await list(losing);
    await t.admin(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { scopes: ["api_keys:verify"] }) { id } }',
      {
        id: losing.id,
      },
    );
    const res = await t.request(LIST, {}, { headers: basic(losing.key, losing.secret) });
    expect(res.status).toBe(403);
  });

  it('never keeps a secret in memory: variables that look like one are not kept', async () => {
    const query = 'query($s: String) { apiKeys(first: 5, search: $s) { nodes { id } } }';
    for (let i = 0; i < 3; i++) await list(reader, query, { s: reader.secret });
    for (let i = 0; i < 3; i++) await list(reader, query, { s: 'plain term' });
    const ids = keeps.mock.calls.map(([id]) => id);
    expect(ids.some((id) => id.includes('plain term'))).toBe(true);
    expect(ids.some((id) => id.includes(reader.secret))).toBe(false);
  });

  it('never keeps live fields, mutations or answers with errors', async () => {
    const before = keeps.mock.calls.length;
    const headers = basic(reader.key, reader.secret);
    for (let i = 0; i < 2; i++) {
      await t.request('{ apiKeys(first: 2) { nodes { id lastUsedAt } } }', {}, { headers });
      await t.request(
        '{ apiKeys(first: 2) { nodes { id usage(days: 1) { day } } } }',
        {},
        { headers },
      );
      await t.request('{ viewer { kind } }', {}, { headers });
      await t.request('{ apiKeys(first: 2, after: "nonsense") { nodes { id } } }', {}, { headers });
    }
    expect(keeps.mock.calls.length).toBe(before);
  });
});
