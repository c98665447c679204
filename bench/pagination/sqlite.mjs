// bench/pagination on the embedded SQLite database (`--database sqlite:<path>`): what a small
// panel runs. Seeds the keys with better-sqlite3, shows the plans SQLite picks for the list's
// statements, then times the list end to end through the built server.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { row, SEARCH_TERM } from './seed.mjs';
import { listQueries } from '../lib/list-queries.mjs';
import {
  adminSession,
  databaseQueries,
  graphql,
  median,
  migrate,
  startServer,
  table,
} from '../lib/server.mjs';

/** A term no seeded name or key contains: the search walks the whole index for nothing. */
const RARE_TERM = 'zzqx';

const COLUMNS =
  'id, name, key, secret_digest, secret_hint, active, allowed_ips, scopes, last_used_at, ' +
  'last_used_ip, created_at, updated_at';

function seed(db, n, log) {
  const started = performance.now();
  const now = Date.now();
  const insert = db.prepare(
    `INSERT INTO api_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.exec('DELETE FROM api_keys');
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) insert.run(...row(i, n, now));
  });
  for (let from = 0; from < n; from += 50_000) {
    batch(from, Math.min(n, from + 50_000));
    log(`  ${Math.min(n, from + 50_000).toLocaleString('en')} rows`);
  }
  // No ANALYZE: the server never runs it, so the plans below are the ones a panel gets.
  return (performance.now() - started) / 1000;
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

async function measure(cases, runs, between) {
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const fn of Object.values(cases)) await fn();
  for (let r = 0; r < runs; r++) {
    for (const [name, fn] of Object.entries(cases)) {
      await between?.(name);
      const t = performance.now();
      await fn();
      samples[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

export async function sqliteBench(opts, databaseUrl) {
  const path = databaseUrl.slice('sqlite:'.length);
  const rows = opts.rows || 100_000;
  console.log(
    `bench/pagination (SQLite ${path}): ${rows.toLocaleString('en')} keys, ${opts.runs} runs, first ${opts.first}`,
  );
  const fresh = !existsSync(path);
  migrate(databaseUrl);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM api_keys').get();
  if (fresh || opts.reseed || n !== rows) {
    console.log(`seeding ${rows.toLocaleString('en')} rows (found ${n.toLocaleString('en')})`);
    const seconds = seed(db, rows, console.log);
    console.log(`seeded in ${seconds.toFixed(1)} s`);
  } else {
    console.log('seed: already there, reusing it (--reseed to rebuild)');
  }
  db.close();
  // The statements and cursors come from the server's own repository (server/dist).
  const list = await listQueries(databaseUrl);
  const cursors = {
    '50%': { text: await list.cursorAfter(Math.floor(rows * 0.5)) },
    '99%': { text: await list.cursorAfter(Math.floor(rows * 0.99)) },
  };
  // The plans for the statements the repository sends on SQLite (row-value keyset, LIKE without
  // LOWER, COUNT(*)).
  const plans = [
    ['first page', list.page({ first: opts.first }).page],
    ['page at 99 %', list.page({ first: opts.first, after: cursors['99%'].text }).page],
    [`search "${RARE_TERM}"`, list.page({ first: opts.first, search: RARE_TERM }).page],
    ['count', list.count()],
    [`count, search`, list.count({ search: SEARCH_TERM })],
  ];
  await list.close();
  const explain = new Database(path, { readonly: true });
  console.log('\nQuery plans (EXPLAIN QUERY PLAN):');
  for (const [label, { sql, params }] of plans) {
    const plan = explain.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params);
    console.log(`  ${label}: ${plan.map((p) => p.detail).join(' | ')}`);
  }
  explain.close();

  const server = await startServer({ databaseUrl });
  try {
    const cookie = await adminSession(server.url);
    const headers = { cookie };
    const pageQuery = `query ($first: Int, $after: String, $search: String) {
      apiKeys(first: $first, after: $after, search: $search) {
        pageInfo { hasNextPage hasPreviousPage endCursor }
        nodes { id name key active status allowedIps scopes expiresAt lastUsedAt createdAt } } }`;
    const countQuery =
      'query ($search: String) { apiKeys(first: 1, search: $search) { totalCount } }';
    const usagePage =
      '{ apiKeys(first: 100) { nodes { id key lastUsedAt usage(days: 30) { date successCount failureCount } } } }';
    const call =
      (query, variables = {}) =>
      () =>
        graphql(server.url, query, variables, headers);
    const deep = await call(pageQuery, { first: opts.first, after: cursors['99%'].text })();
    if (
      deep.data.apiKeys.nodes.length !== opts.first ||
      !deep.data.apiKeys.pageInfo.hasPreviousPage
    )
      throw new Error('the page at 99 % is not a full page with a previous page');
    const { id: toggled } = deep.data.apiKeys.nodes[0];
    const setActive =
      'mutation ($id: ID!, $active: Boolean!) { setApiKeyActive(id: $id, active: $active) { id } }';
    const t = await measure(
      {
        first: call(pageQuery, { first: opts.first }),
        deep50: call(pageQuery, { first: opts.first, after: cursors['50%'].text }),
        deep99: call(pageQuery, { first: opts.first, after: cursors['99%'].text }),
        search: call(pageQuery, { first: opts.first, search: SEARCH_TERM }),
        searchRare: call(pageQuery, { first: opts.first, search: RARE_TERM }),
        count: call(countQuery),
        countSearch: call(countQuery, { search: SEARCH_TERM }),
        usage100: call(usagePage),
      },
      opts.runs,
      // totalCount is cached for 10 s and any key change clears it: make one before each count
      // so that the figure is the database's, not the cache's.
      async (name) => {
        if (!name.startsWith('count')) return;
        await graphql(server.url, setActive, { id: toggled, active: false }, headers);
        await graphql(server.url, setActive, { id: toggled, active: true }, headers);
      },
    );
    const before = await databaseQueries(server.url);
    await call(usagePage)();
    const usageQueries = (await databaseQueries(server.url)) - before;

    console.log('\nEnd to end (POST /graphql with an admin session; one request at a time):');
    console.log(
      table([
        ['case', 'median ms'],
        [`first page (${opts.first})`, ms(t.first)],
        ['keyset page at 50 %', ms(t.deep50)],
        ['keyset page at 99 %', ms(t.deep99)],
        [`search "${SEARCH_TERM}" (about 2 % of names)`, ms(t.search)],
        [`search "${RARE_TERM}" (no match: the whole index is walked)`, ms(t.searchRare)],
        ['totalCount, uncached (with a 1-row page)', ms(t.count)],
        [`totalCount, search "${SEARCH_TERM}", uncached`, ms(t.countSearch)],
        ['100 keys with usage(days: 30)', ms(t.usage100)],
      ]),
    );
    console.log(
      `queries for one 100-key page with usage (session lookup included): ${usageQueries}`,
    );

    const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
    const page = Math.max(t.first, t.deep50, t.deep99);
    const searched = Math.max(t.search, t.searchRare);
    const results = [
      ['HTTP: first and deep pages ≤ 20 ms', `${ms(page)} ms (slowest)`, page <= 20],
      ['HTTP: search ≤ 100 ms', `${ms(searched)} ms (slowest)`, searched <= 100],
      ['100-key page with usage ≤ 3 queries', String(usageQueries), usageQueries <= 3],
    ];
    console.log('\nTargets:');
    console.log(
      table([
        ['target', 'measured', 'verdict'],
        ...results.map(([a, b, ok]) => [a, b, verdict(ok)]),
      ]),
    );
    if (results.some(([, , ok]) => !ok)) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}
