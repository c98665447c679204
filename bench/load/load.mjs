#!/usr/bin/env node
// bench/load: a realistic mix against the built server on MariaDB, under autocannon. Each
// request picks its kind by weight (integrator reads 60 %, verifyApiKey 20 %, admin list/search
// 10 %, creates 5 %, anonymous viewer 5 %); latency, status and GraphQL errors are recorded per
// kind. RSS of the server after the warm-up and at the end shows whether memory keeps growing.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { adminSession, basicAuth, graphql, parseArgs, startServer, table } from '../lib/server.mjs';

const opts = parseArgs(process.argv.slice(2), {
  duration: 60,
  warmup: 20,
  connections: 100,
  keys: 500,
  mysql: 'mysql://root@127.0.0.1:3306',
  database: 'keyhold_bench_load',
  flushSeconds: 5,
});

const fmt = (v, digits = 0) =>
  v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

async function freshDatabase() {
  const conn = await mysql.createConnection(opts.mysql);
  await conn.query(`DROP DATABASE IF EXISTS \`${opts.database}\``);
  await conn.query(
    `CREATE DATABASE \`${opts.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await conn.end();
  const url = new URL(opts.mysql);
  url.pathname = `/${opts.database}`;
  return url.toString();
}

async function createKey(url, headers, input) {
  const { data } = await graphql(
    url,
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id key } } }',
    { input },
    headers,
  );
  return {
    id: data.createApiKey.apiKey.id,
    key: data.createApiKey.apiKey.key,
    secret: data.createApiKey.secret,
  };
}

/** The kinds of request, their weights, and how each is built. */
function kinds({ cookie, integrator, provisioner, verifier, ids }) {
  const post = (headers, query, variables) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  let created = 0;
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  return [
    {
      name: 'integrator reads',
      weight: 60,
      build: () =>
        Math.random() < 0.5
          ? post(
              { authorization: basicAuth(integrator.key, integrator.secret) },
              'query Keys($first: Int) { apiKeys(first: $first) { nodes { id name status lastUsedAt } pageInfo { endCursor hasNextPage } } }',
              { first: 25 },
            )
          : post(
              { authorization: basicAuth(integrator.key, integrator.secret) },
              'query Key($id: ID!) { apiKey(id: $id) { id name status scopes allowedIps expiresAt } }',
              { id: pick(ids) },
            ),
    },
    {
      name: 'verifyApiKey',
      weight: 20,
      build: () =>
        post(
          { authorization: basicAuth(verifier.key, verifier.secret) },
          'mutation Verify($key: String!, $secret: String!) { verifyApiKey(key: $key, secret: $secret, requiredScopes: ["api_keys:read"]) { valid code } }',
          { key: integrator.key, secret: integrator.secret },
        ),
    },
    {
      name: 'admin list/search',
      weight: 10,
      build: () =>
        Math.random() < 0.5
          ? post(
              { cookie },
              'query AdminKeys { apiKeys(first: 25) { totalCount nodes { id name key status scopes lastUsedAt } pageInfo { endCursor hasNextPage } } }',
            )
          : post(
              { cookie },
              'query AdminSearch($search: String) { apiKeys(first: 25, search: $search) { totalCount nodes { id name key status } } }',
              { search: `seed-${Math.floor(Math.random() * 50)}` },
            ),
    },
    {
      name: 'creates',
      weight: 5,
      build: () =>
        post(
          { authorization: basicAuth(provisioner.key, provisioner.secret) },
          'mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
          { input: { name: `load-${process.pid}-${++created}`, scopes: ['api_keys:read'] } },
        ),
    },
    {
      name: 'anonymous viewer',
      weight: 5,
      build: () => post({}, 'query Viewer { viewer { kind } }'),
    },
  ];
}

function run(url, mix, duration) {
  const total = mix.reduce((s, k) => s + k.weight, 0);
  const stats = new Map(
    mix.map((k) => [k.name, { latencies: [], statuses: new Map(), graphqlErrors: 0, samples: [] }]),
  );
  const choose = () => {
    let r = Math.random() * total;
    for (const kind of mix) if ((r -= kind.weight) < 0) return kind;
    return mix[mix.length - 1];
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: opts.connections,
        duration,
        timeout: 10,
        requests: [
          {
            setupRequest: (_req, context) => {
              const kind = choose();
              context.kind = kind.name;
              return kind.build();
            },
            onResponse: (status, body, context) => {
              const s = stats.get(context.kind);
              if (status === 200 && body.includes('"errors"')) {
                s.graphqlErrors++;
                if (s.samples.length < 3) s.samples.push(body.slice(0, 300));
              }
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve({ result, stats })),
    );
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      const s = stats.get(client.requestIterator.context.kind);
      if (!s) return;
      s.latencies.push(responseTime);
      s.statuses.set(statusCode, (s.statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

async function main() {
  console.log(
    `bench/load: ${opts.duration} s at ${opts.connections} connections after a ${opts.warmup} s warm-up, MariaDB ${opts.mysql}/${opts.database}`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${new Date().toISOString()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; autocannon, the server and MariaDB share these cores`,
  );
  const databaseUrl = await freshDatabase();
  const server = await startServer({
    databaseUrl,
    env: { USAGE_FLUSH_SECONDS: String(opts.flushSeconds) },
  });
  try {
    const cookie = await adminSession(server.url);
    const admin = { cookie };
    const integrator = await createKey(server.url, admin, {
      name: 'integrator',
      scopes: ['api_keys:read'],
    });
    const provisioner = await createKey(server.url, admin, {
      name: 'provisioner',
      scopes: ['api_keys:read', 'api_keys:write'],
    });
    const verifier = await createKey(server.url, admin, {
      name: 'verifier',
      scopes: ['api_keys:verify'],
    });
    const ids = [];
    for (let i = 0; i < opts.keys; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, opts.keys - i) }, (_, j) =>
          createKey(server.url, admin, {
            name: `seed-${(i + j) % 50}-${i + j}`,
            scopes: ['api_keys:read'],
          }),
        ),
      );
      ids.push(...batch.map((k) => k.id));
    }
    console.log(`seeded ${ids.length} keys`);
    const mix = kinds({ cookie, integrator, provisioner, verifier, ids });

    await run(server.url, mix, opts.warmup);
    const rssWarm = rssBytes(server.pid);
    const rssSeries = [];
    const sampler = setInterval(() => rssSeries.push(rssBytes(server.pid)), 10_000);
    const { result, stats } = await run(server.url, mix, opts.duration);
    clearInterval(sampler);
    const rssEnd = rssBytes(server.pid);

    const seconds = opts.duration;
    const rows = [
      ['kind', 'share', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', '5xx', 'GraphQL errors'],
    ];
    let all = [];
    let non2xx = 0;
    let fiveXX = 0;
    let gqlErrors = 0;
    const count = [...stats.values()].reduce((s, k) => s + k.latencies.length, 0);
    for (const [name, s] of stats) {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      all = all.concat(s.latencies);
      const bad = [...s.statuses]
        .filter(([c]) => c < 200 || c > 299)
        .reduce((n, [, v]) => n + v, 0);
      const five = [...s.statuses].filter(([c]) => c >= 500).reduce((n, [, v]) => n + v, 0);
      non2xx += bad;
      fiveXX += five;
      gqlErrors += s.graphqlErrors;
      rows.push([
        name,
        `${fmt((100 * sorted.length) / count, 1)} %`,
        fmt(sorted.length / seconds),
        fmt(percentile(sorted, 50), 1),
        fmt(percentile(sorted, 99), 1),
        fmt(bad),
        fmt(five),
        fmt(s.graphqlErrors),
      ]);
      for (const sample of s.samples) console.log(`  ${name}: ${sample}`);
    }
    all.sort((a, b) => a - b);
    rows.push([
      'all',
      '100 %',
      fmt(all.length / seconds),
      fmt(percentile(all, 50), 1),
      fmt(percentile(all, 99), 1),
      fmt(non2xx),
      fmt(fiveXX),
      fmt(gqlErrors),
    ]);
    console.log(`\n${table(rows)}\n`);
    const transport = result.errors + result.timeouts;
    const growth = (rssEnd - rssWarm) / rssWarm;
    console.log(
      `transport errors ${result.errors}, timeouts ${result.timeouts}; RSS after warm-up ${fmt(rssWarm / 2 ** 20, 1)} MiB, at the end ${fmt(rssEnd / 2 ** 20, 1)} MiB (${growth >= 0 ? '+' : ''}${fmt(growth * 100, 1)} %)`,
    );
    console.log(`RSS every 10 s: ${rssSeries.map((b) => fmt(b / 2 ** 20, 0)).join(', ')} MiB`);
    const checks = [
      ['zero errors (transport, non-2xx, GraphQL)', transport + non2xx + gqlErrors === 0],
      ['zero 5xx', fiveXX === 0],
      ['RSS growth after warm-up ≤ 20 %', growth <= 0.2],
    ];
    for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
    process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
