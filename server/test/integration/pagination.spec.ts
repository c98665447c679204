import { toDbTimestamp } from '../../src/database/columns';
import { errorOf, TestApp, usingMysql } from '../support/harness';
import { TestClock } from '../support/clock';

interface Node {
  id: string;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}
interface Page {
  apiKeys: {
    totalCount: number;
    nodes: Node[];
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $search: String,
  $status: ApiKeyStatus, $orderBy: ApiKeyOrder) {
  apiKeys(first: $first, after: $after, last: $last, before: $before, search: $search, status: $status, orderBy: $orderBy) {
    totalCount
    nodes { id name createdAt lastUsedAt }
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const ORDERS = ['CREATED_AT', 'NAME', 'LAST_USED_AT'].flatMap((field) =>
  ['ASC', 'DESC'].map((direction) => ({ field, direction })),
);

/**
 * The order the contract promises: sort value then id; never-used keys (null) sort lowest,
 * unnamed keys after every name (A→Z).
 */
function sortKey(node: Node, field: string): string {
  if (field === 'NAME') return node.name ?? '\uffff';
  if (field === 'CREATED_AT') return node.createdAt;
  return node.lastUsedAt ?? '';
}
function isSorted(nodes: Node[], field: string, direction: string): boolean {
  return nodes.every((node, i) => {
    if (i === 0) return true;
    const prev = nodes[i - 1]!;
    const a = sortKey(prev, field);
    const b = sortKey(node, field);
    const cmp = a < b ? -1 : a > b ? 1 : prev.id < node.id ? -1 : 1;
    return direction === 'ASC' ? cmp < 0 : cmp > 0;
  });
}

describe('apiKeys connection', () => {
  let t: TestApp;
  const clock = TestClock.running();
  const initial: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start({}, undefined, { clock });
    // Duplicate names and equal last-use times make ties that only the id can break.
    for (let i = 0; i < 23; i++) {
      const { id } = await t.createKey(
        i % 7 === 3 ? {} : { name: `key-${String(i % 9).padStart(2, '0')}` },
      );
      initial.push(id);
    }
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (const [i, id] of initial.entries()) {
      if (i % 3 === 0) continue;
      const at = toDbTimestamp(new Date(base + (i % 4) * 60_000));
      await t.app.dataSource.query('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, id]);
    }
  });
  afterAll(() => t.stop());

  it.each(ORDERS)(
    'walks forwards and backwards by $field $direction with keys added between pages',
    async (orderBy) => {
      const forward: Node[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const res: Awaited<ReturnType<typeof t.admin<Page>>> = await t.admin<Page>(LIST, {
          first: 5,
          after,
          orderBy,
        });
        expect(res.body.errors).toBeUndefined();
        const page: Page['apiKeys'] = res.body.data!.apiKeys;
        expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
        expect(page.edges.map((e) => e.node.id)).toEqual(page.nodes.map((n) => n.id));
        forward.push(...page.nodes);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
        await t.createKey({ name: `added-${orderBy.field}-${orderBy.direction}-${pages}` });
      } while (after);
      const ids = forward.map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of initial) expect(ids).toContain(id);
      expect(isSorted(forward, orderBy.field, orderBy.direction)).toBe(true);

      const backward: Node[] = [];
      let before: string | null = null;
      let first = true;
      do {
        const res: Awaited<ReturnType<typeof t.admin<Page>>> = await t.admin<Page>(LIST, {
          last: 7,
          before,
          orderBy,
        });
        expect(res.body.errors).toBeUndefined();
        const page: Page['apiKeys'] = res.body.data!.apiKeys;
        expect(page.pageInfo.hasNextPage).toBe(!first);
        backward.unshift(...page.nodes);
        before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
        first = false;
        await t.createKey({ name: `back-${orderBy.field}-${orderBy.direction}` });
      } while (before);
      const backIds = backward.map((n) => n.id);
      expect(new Set(backIds).size).toBe(backIds.length);
      for (const id of initial) expect(backIds).toContain(id);
      expect(isSorted(backward, orderBy.field, orderBy.direction)).toBe(true);
    },
  );

  it('defaults to 25 newest first and counts everything', async () => {
    const res = await t.admin<Page>(LIST);
    const page = res.body.data!.apiKeys;
    expect(page.nodes).toHaveLength(25);
    expect(isSorted(page.nodes, 'CREATED_AT', 'DESC')).toBe(true);
    expect(page.totalCount).toBeGreaterThanOrEqual(initial.length);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('keeps totalCount true right after keys are created and deleted', async () => {
    const count = async () =>
      (await t.admin<Page>(LIST, { search: 'count-me' })).body.data!.apiKeys.totalCount;
    expect(await count()).toBe(0);
    const made = await t.createKey({ name: 'count-me' });
    expect(await count()).toBe(1);
    await t.admin('mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }', { id: made.id });
    expect(await count()).toBe(0);
  });

  it('searches names (contains, case-insensitive) and keys (prefix)', async () => {
    const special = await t.createKey({ name: 'Payments 100% Gateway_x' });
    const byName = await t.admin<Page>(LIST, { search: 'gateway' });
    expect(byName.body.data!.apiKeys.nodes.map((n) => n.id)).toEqual([special.id]);
    const percent = await t.admin<Page>(LIST, { search: '100%' });
    expect(percent.body.data!.apiKeys.nodes.map((n) => n.id)).toEqual([special.id]);
    // Unescaped, '_' would match the space before "Gateway".
    const underscore = await t.admin<Page>(LIST, { search: '%_gate' });
    expect(underscore.body.data!.apiKeys.totalCount).toBe(0);
    const byKey = await t.admin<Page>(LIST, { search: special.key.slice(0, 12) });
    expect(byKey.body.data!.apiKeys.nodes.map((n) => n.id)).toEqual([special.id]);
    const middleOfKey = await t.admin<Page>(LIST, { search: special.key.slice(5, 15) });
    expect(middleOfKey.body.data!.apiKeys.nodes.map((n) => n.id)).not.toContain(special.id);
    const many = await t.admin<Page>(LIST, { search: 'KEY-0', first: 100 });
    // Three of the 23 seeded keys are unnamed.
    expect(many.body.data!.apiKeys.totalCount).toBe(20);
  });

  it('filters by status, EXPIRED computed at query time', async () => {
    const disabled = await t.createKey({ name: 'status-disabled', active: false });
    const expiring = await t.createKey({
      name: 'status-expiring',
      expiresAt: new Date(clock.now().getTime() + 1500).toISOString(),
    });
    clock.advance(1600);
    const ids = async (status: string) =>
      (
        await t.admin<Page>(LIST, { status, search: 'status-', first: 100 })
      ).body.data!.apiKeys.nodes.map((n) => n.id);
    expect(await ids('DISABLED')).toEqual([disabled.id]);
    expect(await ids('EXPIRED')).toEqual([expiring.id]);
    expect(await ids('ACTIVE')).toEqual([]);
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ last: 101 }, 'last'],
    [{ first: 5, last: 5 }, 'last'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ last: 5, before: Buffer.from('["NAME:ASC","x","y"]').toString('base64url') }, 'before'],
    [{ after: Buffer.from('["CREATED_AT:DESC","yesterday","y"]').toString('base64url') }, 'after'],
    [{ search: 'x'.repeat(101) }, 'search'],
  ])('refuses %j with BAD_USER_INPUT naming %s', async (variables, field) => {
    const res = await t.admin(LIST, variables);
    expect(res.body.data ?? null).toBeNull();
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a cursor issued for another order', async () => {
    const res = await t.admin<Page>(LIST, {
      first: 2,
      orderBy: { field: 'NAME', direction: 'ASC' },
    });
    const cursor = res.body.data!.apiKeys.pageInfo.endCursor;
    const reused = await t.admin(LIST, { first: 2, after: cursor });
    expect(errorOf(reused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(errorOf(reused).message).toMatch(/another order/);
  });

  (usingMysql ? it : it.skip)(
    'reads at most first + 1 rows from the index for a deep page (MariaDB ANALYZE)',
    async () => {
      await t.app.dataSource.query(
        `INSERT INTO api_keys (id, name, \`key\`, secret_digest, secret_hint, active, allowed_ips, scopes, created_at, updated_at)
       SELECT UUID(), CONCAT('bulk-', seq), CONCAT('kh_bulk', LPAD(seq, 20, '0')), REPEAT('0', 64), '0000', 1, '[]', '[]',
              NOW(3) - INTERVAL seq SECOND, NOW(3) FROM seq_1_to_5000`,
      );
      await t.app.dataSource.query('ANALYZE TABLE api_keys');
      const middle = (await t.admin<Page>(LIST, { first: 100 })).body.data!.apiKeys.pageInfo
        .endCursor;
      const seen: { query: string; parameters: unknown[] }[] = [];
      const logger = t.app.dataSource.logger as { logQuery: (q: string, p?: unknown[]) => void };
      const original = logger.logQuery.bind(logger);
      logger.logQuery = (query: string, parameters?: unknown[]) => {
        seen.push({ query, parameters: parameters ?? [] });
        original(query, parameters);
      };
      try {
        await t.admin(
          `query($after: String) { apiKeys(first: 25, after: $after) { nodes { id } } }`,
          { after: middle },
        );
      } finally {
        logger.logQuery = original;
      }
      const pageQuery = seen.find(
        (q) => /FROM `api_keys`/.test(q.query) && /LIMIT 26/.test(q.query),
      )!;
      expect(pageQuery.query).not.toMatch(/OFFSET/i);
      const [row] = await t.app.dataSource.query(
        `ANALYZE FORMAT=JSON ${pageQuery.query}`,
        pageQuery.parameters,
      );
      const plan = JSON.parse(Object.values(row as Record<string, string>)[0]!);
      const table = plan.query_block.table ?? plan.query_block.nested_loop?.[0]?.table;
      expect(table.key).toBe('idx_api_keys_created_cover');
      expect(['range', 'index']).toContain(table.access_type);
      expect(table.r_rows).toBeLessThanOrEqual(26);
      expect(JSON.stringify(plan)).not.toMatch(/filesort/);
    },
  );
});
