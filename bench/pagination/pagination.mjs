#!/usr/bin/env node
// bench/pagination: keyset vs OFFSET paging of api_keys on MariaDB/MySQL, at SQL level (the exact
// statements the server sends) and end to end (GraphQL over HTTP against the built server).
// `--database sqlite:<path>` runs the SQLite variant instead (pagination/sqlite.mjs).
import { cpus } from 'node:os';
import mysql from 'mysql2/promise';
import { seed, SEARCH_TERM } from './seed.mjs';
import { sqliteBench } from './sqlite.mjs';
import { listQueries } from '../lib/list-queries.mjs';
import {
  adminSession,
  graphql,
  median,
  migrate,
  parseArgs,
  startServer,
  table,
} from '../lib/server.mjs';

const opts = parseArgs(process.argv.slice(2), {
  rows: 0, // 1,000,000 on MySQL, 100,000 on SQLite
  runs: 9,
  offsetRuns: 3, // each OFFSET page at 1M rows is a full scan + filesort: tens of seconds
  first: 25,
  mysql: 'mysql://root@127.0.0.1:3306',
  database: 'keyhold_bench',
  http: true,
  reseed: false,
});

const LIMIT = opts.first + 1;

async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs each case once to warm up, then `runs` rounds (cases interleaved); medians in ms. */
async function measure(cases, runs) {
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const fn of Object.values(cases)) await fn();
  for (let r = 0; r < runs; r++) {
    for (const [name, fn] of Object.entries(cases)) samples[name].push(await time(fn));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const verdict = (ok) => (ok === null ? 'info' : ok ? 'PASS' : 'FAIL');

async function main() {
  if (opts.database.startsWith('sqlite:')) return sqliteBench(opts, opts.database);
  opts.rows ||= 1_000_000;
  console.log(
    `bench/pagination: ${opts.rows.toLocaleString('en')} keys, ${opts.runs} runs, first ${opts.first}`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString()}`,
  );
  const admin = await mysql.createConnection(`${opts.mysql}/mysql`);
  await admin.query(
    `CREATE DATABASE IF NOT EXISTS \`${opts.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  const [[version]] = await admin.query('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool');
  console.log(
    `database: ${version.v}, innodb_buffer_pool_size ${(version.pool / 2 ** 20).toFixed(0)} MiB`,
  );
  await admin.end();
  const databaseUrl = `${opts.mysql}/${opts.database}`;
  migrate(databaseUrl);

  const conn = await mysql.createConnection({ uri: databaseUrl, dateStrings: true, timezone: 'Z' });
  const [[{ n }]] = await conn.query('SELECT COUNT(*) AS n FROM api_keys');
  if (opts.reseed || Number(n) !== opts.rows) {
    console.log(
      `seeding ${opts.rows.toLocaleString('en')} rows (found ${Number(n).toLocaleString('en')})`,
    );
    const seconds = await seed(conn, opts.rows, { log: console.log });
    console.log(
      `seeded in ${seconds.toFixed(1)} s (${Math.round(opts.rows / seconds).toLocaleString('en')} rows/s)`,
    );
  } else {
    console.log('seed: already there, reusing it (--reseed to rebuild)');
  }

  // The statements and cursors come from the server's own repository (server/dist).
  const list = await listQueries(databaseUrl);
  // The row just before each depth: the cursor a client holds after paging that far.
  const depths = { '50%': 0.5, '99%': 0.99 };
  const positions = {};
  const cursors = {};
  const pages = {};
  for (const [label, fraction] of Object.entries(depths)) {
    const position = Math.floor(opts.rows * fraction);
    positions[label] = position;
    cursors[label] = { text: await list.cursorAfter(position) };
    pages[label] = list.page({ first: opts.first, after: cursors[label].text });
  }
  const firstPage = list.page({ first: opts.first }).page;
  const searchPage = list.page({ first: opts.first, search: SEARCH_TERM }).page;
  const count = list.count();
  const countSearch = list.count({ search: SEARCH_TERM });
  const offsets = Object.fromEntries(
    Object.entries(positions).map(([label, offset]) => [
      label,
      list.offset({ first: opts.first, offset }),
    ]),
  );
  await list.close();

  const q =
    ({ sql, params }) =>
    () =>
      conn.query(sql, params);
  const keyset = (label) => q(pages[label].page);
  const otherSide = (label) => q(pages[label].otherSide);
  const offset = (label) => q(offsets[label]);

  console.log('\nSQL level (mysql2 text protocol, the statements the server sends):');
  const sql = await measure(
    {
      first: q(firstPage),
      keyset50: keyset('50%'),
      other50: otherSide('50%'),
      keyset99: keyset('99%'),
      other99: otherSide('99%'),
      search: q(searchPage),
      count: q(count),
      countSearch: q(countSearch),
    },
    opts.runs,
  );
  // OFFSET: fewer runs, no warm-up run; the first run also checks it returns the keyset's rows.
  for (const label of Object.keys(depths)) {
    const [a] = await keyset(label)();
    const samples = [];
    for (let r = 0; r < opts.offsetRuns; r++) {
      const t = performance.now();
      const [b] = await offset(label)();
      samples.push(performance.now() - t);
      if (a.map((x) => x.k_id).join() !== b.map((x) => x.k_id).join())
        throw new Error(`keyset and OFFSET differ at ${label}`);
    }
    sql[`offset${label.replace('%', '')}`] = median(samples);
  }
  const [[{ n: searchCount }]] = await q(countSearch)();
  const page50 = sql.keyset50 + sql.other50;
  const page99 = sql.keyset99 + sql.other99;
  console.log(
    table([
      ['case', 'median ms', 'note'],
      ['first page', ms(sql.first), `LIMIT ${LIMIT}`],
      [
        'keyset page at 50 %',
        ms(page50),
        `page query ${ms(sql.keyset50)} + other-side check ${ms(sql.other50)}`,
      ],
      [
        'keyset page at 99 %',
        ms(page99),
        `page query ${ms(sql.keyset99)} + other-side check ${ms(sql.other99)}`,
      ],
      [
        'OFFSET page at 50 %',
        ms(sql.offset50),
        `OFFSET ${positions['50%'].toLocaleString('en')}, median of ${opts.offsetRuns}`,
      ],
      [
        'OFFSET page at 99 %',
        ms(sql.offset99),
        `OFFSET ${positions['99%'].toLocaleString('en')}, median of ${opts.offsetRuns}`,
      ],
      [
        `search "${SEARCH_TERM}" first page`,
        ms(sql.search),
        `${Number(searchCount).toLocaleString('en')} matches`,
      ],
      ['totalCount', ms(sql.count), 'COUNT over the whole table'],
      [
        `totalCount, search "${SEARCH_TERM}"`,
        ms(sql.countSearch),
        'full scan: LIKE %term% has no index',
      ],
    ]),
  );

  console.log('\nEXPLAIN of the keyset page query at 99 % depth:');
  const keyset99 = pages['99%'].page;
  const [explain] = await conn.query(`EXPLAIN ${keyset99.sql}`, keyset99.params);
  console.log(
    table([
      Object.keys(explain[0]),
      ...explain.map((r) => Object.values(r).map((v) => v ?? 'NULL')),
    ]),
  );
  const [analyzed] = await conn.query(`ANALYZE FORMAT=JSON ${keyset99.sql}`, keyset99.params);
  const plan = JSON.parse(Object.values(analyzed[0])[0]);
  const tableNode = findTable(plan);
  console.log(
    `ANALYZE: access ${tableNode.access_type} on ${tableNode.key}, rows read r_rows=${tableNode.r_rows} ` +
      `(first + 1 = ${LIMIT}), estimated rows=${tableNode.rows}`,
  );
  const other99 = pages['99%'].otherSide;
  const [explainOther] = await conn.query(`EXPLAIN ${other99.sql}`, other99.params);
  console.log(
    `EXPLAIN other-side check: type=${explainOther[0].type} key=${explainOther[0].key} rows=${explainOther[0].rows} Extra=${explainOther[0].Extra}`,
  );

  let http;
  if (opts.http) http = await endToEnd(databaseUrl, cursors);

  console.log('\nTargets:');
  const results = [
    [
      `SQL: page at 99 % ≤ 1.5 × first page`,
      `${ms(page99)} vs ${ms(sql.first)} ms = ${(page99 / sql.first).toFixed(2)}×`,
      page99 <= 1.5 * sql.first,
    ],
    [
      `SQL: page at 99 % ≥ 100 × faster than OFFSET`,
      `${(sql.offset99 / page99).toFixed(0)}×`,
      sql.offset99 >= 100 * page99,
    ],
  ];
  if (http) {
    results.push([
      `HTTP: page at 99 % ≤ 1.5 × first page`,
      `${ms(http.deep99)} vs ${ms(http.first)} ms = ${(http.deep99 / http.first).toFixed(2)}×`,
      http.deep99 <= 1.5 * http.first,
    ]);
    results.push([
      'HTTP: SQL OFFSET at 99 % alone vs the whole HTTP keyset request (info)',
      `${(sql.offset99 / http.deep99).toFixed(0)}×`,
      null,
    ]);
  }
  console.log(
    table([['target', 'measured', 'verdict'], ...results.map(([a, b, ok]) => [a, b, verdict(ok)])]),
  );
  await conn.end();
  if (results.some(([, , ok]) => ok === false)) process.exitCode = 1;
}

function findTable(node) {
  if (node && typeof node === 'object') {
    if (node.table && node.table.table_name) return node.table;
    for (const v of Object.values(node)) {
      const found = findTable(v);
      if (found) return found;
    }
  }
  return undefined;
}

/** The same pages through GraphQL over HTTP, with an admin session, against the built server. */
async function endToEnd(databaseUrl, cursors) {
  const server = await startServer({ databaseUrl });
  try {
    const cookie = await adminSession(server.url);
    const pageQuery = `query ($first: Int, $after: String, $search: String) {
      apiKeys(first: $first, after: $after, search: $search) {
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { id name key secretHint active status allowedIps scopes expiresAt lastUsedAt createdAt } }
      } }`;
    const countQuery =
      'query ($search: String) { apiKeys(first: 1, search: $search) { totalCount } }';
    const call = (query, variables) => () => graphql(server.url, query, variables, { cookie });
    const [first, deep] = await Promise.all([
      call(pageQuery, { first: opts.first })(),
      call(pageQuery, { first: opts.first, after: cursors['99%'].text })(),
    ]);
    if (
      first.data.apiKeys.edges.length !== opts.first ||
      deep.data.apiKeys.edges.length !== opts.first
    ) {
      throw new Error('GraphQL pages are not full');
    }
    if (!deep.data.apiKeys.pageInfo.hasPreviousPage)
      throw new Error('deep page says it has no previous page');
    const t = await measure(
      {
        first: call(pageQuery, { first: opts.first }),
        deep50: call(pageQuery, { first: opts.first, after: cursors['50%'].text }),
        deep99: call(pageQuery, { first: opts.first, after: cursors['99%'].text }),
        search: call(pageQuery, { first: opts.first, search: SEARCH_TERM }),
        count: call(countQuery, {}),
        countSearch: call(countQuery, { search: SEARCH_TERM }),
      },
      opts.runs,
    );
    console.log('\nEnd to end (POST /graphql with an admin session; one request at a time):');
    console.log(
      table([
        ['case', 'median ms'],
        [`first page (${opts.first})`, ms(t.first)],
        ['keyset page at 50 %', ms(t.deep50)],
        ['keyset page at 99 %', ms(t.deep99)],
        [`search "${SEARCH_TERM}"`, ms(t.search)],
        ['totalCount (with a 1-row page)', ms(t.count)],
        [`totalCount, search "${SEARCH_TERM}"`, ms(t.countSearch)],
      ]),
    );
    return t;
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
