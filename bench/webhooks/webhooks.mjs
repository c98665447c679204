// `pnpm bench:webhooks`: delivery latency and throughput of webhooks for 1,000 events.
//
// Starts the built server (SQLite by default; --mysql <url> for MySQL/MariaDB, on a fresh
// database), a local receiver that answers 204 at once, and one webhook subscribed to
// api_key.updated. Then `--events` updateApiKey mutations spread over `--keys` keys are sent
// with `--concurrency` in flight. Latency is from the mutation's answer (the change and its
// event are committed) to the receiver's arrival; throughput is events delivered per second
// from the first mutation to the last arrival. Every event must arrive exactly once, in order
// per key.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import {
  adminSession,
  graphql,
  parseArgs,
  requireBuild,
  startServer,
  table,
} from '../lib/server.mjs';

const opts = parseArgs(process.argv.slice(2), {
  events: 1000,
  keys: 100,
  concurrency: 10,
  mysql: '',
});

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function databaseUrl() {
  if (!opts.mysql)
    return { url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'kh-bench-wh-')), 'keyhold.sqlite')}` };
  const name = `keyhold_bench_webhooks_${process.pid}`;
  const admin = await createConnection(opts.mysql);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(opts.mysql);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const conn = await createConnection(opts.mysql);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

requireBuild();
const arrivals = new Map(); // event id -> { at, keyId, name }
const perKey = new Map(); // key id -> names in arrival order
let duplicates = 0;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const event = JSON.parse(body);
    if (arrivals.has(event.id)) duplicates++;
    const { id: keyId, name } = event.data.apiKey;
    arrivals.set(event.id, { at: performance.now(), keyId, name });
    if (!perKey.has(keyId)) perKey.set(keyId, []);
    perKey.get(keyId).push(name);
    res.writeHead(204).end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

const db = await databaseUrl();
const server = await startServer({
  databaseUrl: db.url,
  env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', AUTH_FAILURES_PER_MINUTE: '1000000' },
});
try {
  const cookie = await adminSession(server.url);
  await graphql(
    server.url,
    'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }',
    { i: { url: hookUrl, events: ['api_key.updated'] } },
    { cookie },
  );
  const keyIds = [];
  for (let i = 0; i < opts.keys; i++) {
    const { data } = await graphql(
      server.url,
      'mutation($n: String) { createApiKey(input: { name: $n }) { apiKey { id } } }',
      { n: `k${i}-0` },
      { cookie },
    );
    keyIds.push(data.createApiKey.apiKey.id);
  }

  // Each key's updates are sent one after the other (so their order is defined); keys in parallel.
  const committed = new Map(); // "<keyId> <name>" -> time the mutation answered
  const perKeyEvents = Math.ceil(opts.events / opts.keys);
  const jobs = keyIds.map((id, k) => async () => {
    for (let n = 1; n <= perKeyEvents && k * perKeyEvents + n <= opts.events; n++) {
      const name = `k${k}-${n}`;
      await graphql(
        server.url,
        'mutation($id: ID!, $n: String) { updateApiKey(id: $id, input: { name: $n }) { id } }',
        { id, n: name },
        { cookie },
      );
      committed.set(`${id} ${name}`, performance.now());
    }
  });
  const started = performance.now();
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (queue.length) await queue.shift()();
    }),
  );
  const mutationsDone = performance.now();
  const deadline = Date.now() + 120_000;
  while (arrivals.size < opts.events && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const lastArrival = Math.max(...[...arrivals.values()].map((a) => a.at));

  const latencies = [...arrivals.values()]
    .map((a) => a.at - committed.get(`${a.keyId} ${a.name}`))
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  let outOfOrder = 0;
  for (const names of perKey.values()) {
    const seq = names.map((n) => Number(n.split('-')[1]));
    for (let i = 1; i < seq.length; i++) if (seq[i] <= seq[i - 1]) outOfOrder++;
  }
  const seconds = (lastArrival - started) / 1000;
  console.log(
    `webhooks: ${opts.events} events over ${opts.keys} keys, ${opts.concurrency} mutations in flight, ${opts.mysql ? 'MySQL' : 'SQLite'}`,
  );
  console.log(
    table([
      ['measure', 'value'],
      ['events delivered', `${arrivals.size} / ${opts.events}`],
      ['duplicates / out of order', `${duplicates} / ${outOfOrder}`],
      [
        'mutations (changes committed) per second',
        (opts.events / ((mutationsDone - started) / 1000)).toFixed(0),
      ],
      [
        'deliveries per second (first change to last arrival)',
        (arrivals.size / seconds).toFixed(0),
      ],
      ['latency p50 (commit -> arrival)', `${percentile(latencies, 50).toFixed(0)} ms`],
      ['latency p95', `${percentile(latencies, 95).toFixed(0)} ms`],
      ['latency p99', `${percentile(latencies, 99).toFixed(0)} ms`],
      ['latency max', `${latencies.at(-1).toFixed(0)} ms`],
      ['last arrival after last commit', `${(lastArrival - mutationsDone).toFixed(0)} ms`],
    ]),
  );
  if (arrivals.size !== opts.events || duplicates || outOfOrder) process.exitCode = 1;
} finally {
  await server.stop();
  receiver.close();
  await db.drop?.();
}
