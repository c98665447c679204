#!/usr/bin/env node
// bench/auth: what authenticating an integrator costs, and how Keyhold compares with a stock
// Apollo Server. autocannon against the built server on 127.0.0.1; in every round, one after
// the other: the peer (a stock Apollo Server 5 standalone with a one-field schema, peer-apollo.mjs),
// Keyhold anonymous, Keyhold Basic-authenticated, the same request from a key with a rate
// limit, and an integrator's `apiKeys(first: 25)` page (stored attributes only, which Keyhold may
// answer from the key's kept answers; and once with a live field, read from the database every
// time). Ratios are taken round by round (the
// machine's load drifts between rounds, not within one) and their medians are the verdicts.
// Also: database queries per 1,000 authenticated requests from /metrics; verifyApiKey latency
// at a fixed 4,000 req/s; the rate limit's cost per request (counters in memory on SQLite, MySQL
// on MySQL, Redis with --redis).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import {
  adminSession,
  basicAuth,
  createKey,
  databaseQueries,
  median,
  parseArgs,
  sleep,
  startServer,
  table,
} from '../lib/server.mjs';

const opts = parseArgs(process.argv.slice(2), {
  rounds: 3,
  duration: 10,
  warmup: 5,
  connections: 32,
  database: '', // empty: SQLite in a temporary directory; or mysql://root@127.0.0.1:3306/keyhold_bench_auth
  flushSeconds: 5,
  verify: true,
  redis: '', // e.g. redis://127.0.0.1:6379: REDIS_URL for the server (counters in Redis)
  verifyRate: 4000, // verifyApiKey is measured at this fixed request rate
});

const KINDS = ['peer', 'anonymous', 'authenticated', 'limited', 'apiKeys', 'apiKeysLive'];
const API_KEYS_PAGE = JSON.stringify({
  query: '{ apiKeys(first: 25) { nodes { id key name scopes status } } }',
});
// The same page with a live field (last use moves with every request): its answers are never
// kept in memory, so this is what reading the page from the database costs.
const API_KEYS_LIVE_PAGE = JSON.stringify({
  query: '{ apiKeys(first: 25) { nodes { id key name scopes status lastUsedAt } } }',
});

// Far above what 2 cores can send in the bench's runs: every request is counted, none refused.
const FAR_ABOVE = { limit: 1_000_000, windowSeconds: 86_400 };

const VIEWER = JSON.stringify({ query: '{ viewer { kind } }' });
const pct = (v) => `${(v * 100).toFixed(1)} %`;
const fmt = (v) => Math.round(v).toLocaleString('en');

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere.
 * Per request it says what each server costs even when other jobs share the cores.
 */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Starts peer-apollo.mjs in its own process; resolves { url, stop() }. */
function startPeer() {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'peer-apollo.mjs');
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the peer exited (${code}) while starting`)));
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      const exited = new Promise((res) => child.once('exit', res));
      resolve({
        pid: child.pid,
        url: out.trim().replace(/\/$/, ''),
        stop: () => (child.kill('SIGTERM'), exited),
      });
    });
  });
}

function cannon(url, { headers = {}, body, duration, expectBody, overallRate }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        connections: opts.connections,
        duration,
        expectBody,
        ...(overallRate ? { overallRate } : {}),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/** The exact body the server answers, so autocannon counts any other answer as a mismatch. */
async function expectedBody(url, headers, body, check) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  if (res.status !== 200 || !check(JSON.parse(text)))
    throw new Error(`unexpected answer ${res.status}: ${text}`);
  return text;
}

async function main() {
  const started = new Date();
  console.log(
    `bench/auth: ${opts.rounds} rounds × (${KINDS.join(', ')}: ${opts.duration} s each), ` +
      `${opts.connections} connections, warm-up ${opts.warmup} s each`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${started.toISOString()}; ` +
      'autocannon and the server share these cores',
  );
  console.log(
    `load average before the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-bench-auth-'));
  const databaseUrl = opts.database || `sqlite:${join(dir, 'keyhold.sqlite')}`;
  console.log(`database: ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
  console.log(
    `rate-limit counters: ${opts.redis ? `Redis (${opts.redis.replace(/\/\/[^@]*@/, '//')})` : databaseUrl.startsWith('mysql:') ? 'MySQL' : 'memory'}`,
  );
  if (databaseUrl.startsWith('mysql:')) {
    const url = new URL(databaseUrl);
    const name = decodeURIComponent(url.pathname.slice(1));
    url.pathname = '/mysql';
    const conn = await mysql.createConnection(url.toString());
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await conn.end();
  }
  const server = await startServer({
    databaseUrl,
    env: {
      USAGE_FLUSH_SECONDS: String(opts.flushSeconds),
      AUTH_FAILURES_PER_MINUTE: '30',
      ...(opts.redis ? { REDIS_URL: opts.redis } : {}),
    },
  });
  const peer = await startPeer();
  try {
    const cookie = await adminSession(server.url);
    const integrator = await createKey(server.url, cookie, 'bench integrator', ['api_keys:read']);
    const service = await createKey(server.url, cookie, 'bench verifier', ['api_keys:verify']);
    const auth = { authorization: basicAuth(integrator.key, integrator.secret) };
    const limitedKey = await createKey(server.url, cookie, 'bench limited', ['api_keys:read'], {
      rateLimit: FAR_ABOVE,
    });
    const limitedAuth = { authorization: basicAuth(limitedKey.key, limitedKey.secret) };
    // A full first page for the integrator's apiKeys(first: 25).
    for (let i = 0; i < 22; i++)
      await createKey(server.url, cookie, `bench page ${i}`, ['api_keys:read']);

    const anonBody = await expectedBody(
      server.url,
      {},
      VIEWER,
      (b) => b.data?.viewer?.kind === 'ANONYMOUS',
    );
    const authBody = await expectedBody(
      server.url,
      auth,
      VIEWER,
      (b) => b.data?.viewer?.kind === 'API_KEY',
    );
    const peerBody = await expectedBody(
      peer.url,
      {},
      VIEWER,
      (b) => b.data?.viewer?.kind === 'ANONYMOUS',
    );
    if (peerBody !== anonBody) throw new Error(`the peer answers ${peerBody}, Keyhold ${anonBody}`);
    const pageBody = await expectedBody(
      server.url,
      auth,
      API_KEYS_PAGE,
      (b) => b.data?.apiKeys?.nodes?.length === 25,
    );
    const limitedCheck = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...limitedAuth },
      body: VIEWER,
    });
    if (limitedCheck.headers.get('ratelimit-limit') !== String(FAR_ABOVE.limit))
      throw new Error('the limited key answered without RateLimit-Limit');
    const run = (kind, duration) =>
      ({
        peer: () => cannon(peer.url, { body: VIEWER, duration, expectBody: peerBody }),
        anonymous: () => cannon(server.url, { body: VIEWER, duration, expectBody: anonBody }),
        authenticated: () =>
          cannon(server.url, { headers: auth, body: VIEWER, duration, expectBody: authBody }),
        limited: () =>
          cannon(server.url, {
            headers: limitedAuth,
            body: VIEWER,
            duration,
            expectBody: authBody,
          }),
        apiKeys: () =>
          cannon(server.url, {
            headers: auth,
            body: API_KEYS_PAGE,
            duration,
            expectBody: pageBody,
          }),
        apiKeysLive: () =>
          cannon(server.url, { headers: auth, body: API_KEYS_LIVE_PAGE, duration }),
      })[kind]();

    // Warm-up: JIT, connection pools, and the verification cache filled by the first request.
    for (const kind of KINDS) await run(kind, opts.warmup);
    await sleep((opts.flushSeconds + 1) * 1000);

    const rows = [];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const kind of KINDS) {
        const pid = kind === 'peer' ? peer.pid : server.pid;
        const q0 = await databaseQueries(server.url);
        const c0 = cpuSeconds(pid);
        const t0 = performance.now();
        const r = await run(kind, opts.duration);
        const seconds = (performance.now() - t0) / 1000;
        const c1 = cpuSeconds(pid);
        const queries = (await databaseQueries(server.url)) - q0;
        const cpuUs = c0 === null ? NaN : ((c1 - c0) * 1e6) / r.requests.total;
        rows.push({ round, kind, r, seconds, queries, cpuUs });
        // Let the usage left over from this round flush outside any measured window.
        if (kind === 'authenticated' || kind === 'limited')
          await sleep((opts.flushSeconds + 1) * 1000);
      }
    }

    // One flush measured alone: a single authenticated request, then a flush interval of quiet.
    // Counting starts after the request has been answered, so only the flush is in the window.
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: VIEWER,
    });
    const p0 = await databaseQueries(server.url);
    const probeStart = performance.now();
    await sleep((opts.flushSeconds + 1) * 1000);
    const probe = {
      queries: (await databaseQueries(server.url)) - p0,
      seconds: (performance.now() - probeStart) / 1000,
    };

    console.log('\nThroughput (POST /graphql {"query":"{ viewer { kind } }"}):');
    console.log(
      table([
        [
          'round',
          'request',
          'req/s',
          'p50 ms',
          'p99 ms',
          'requests',
          'errors',
          'non-2xx',
          'mismatch',
          'SQL',
          'CPU µs/req',
        ],
        ...rows.map(({ round, kind, r, queries, cpuUs }) => [
          round,
          kind,
          fmt(r.requests.average),
          r.latency.p50,
          r.latency.p99,
          fmt(r.requests.total),
          r.errors + r.timeouts,
          r.non2xx,
          r.mismatches ?? 0,
          queries,
          Number.isNaN(cpuUs) ? '' : Math.round(cpuUs),
        ]),
      ]),
    );
    const of = (kind) => rows.filter((x) => x.kind === kind);
    const anonRps = median(of('anonymous').map((x) => x.r.requests.average));
    const authRps = median(of('authenticated').map((x) => x.r.requests.average));
    const peerRps = median(of('peer').map((x) => x.r.requests.average));
    const pageRps = median(of('apiKeys').map((x) => x.r.requests.average));
    // Ratios round by round, then their median: each round's runs are seconds apart.
    const rps = (round, kind) =>
      rows.find((x) => x.round === round && x.kind === kind).r.requests.average;
    const rounds = Array.from({ length: opts.rounds }, (_, i) => i + 1);
    const ratios = {
      authPeer: rounds.map((n) => rps(n, 'authenticated') / rps(n, 'peer')),
      anonPeer: rounds.map((n) => rps(n, 'anonymous') / rps(n, 'peer')),
      authAnon: rounds.map((n) => rps(n, 'authenticated') / rps(n, 'anonymous')),
      pageViewer: rounds.map((n) => rps(n, 'apiKeys') / rps(n, 'authenticated')),
      livePageViewer: rounds.map((n) => rps(n, 'apiKeysLive') / rps(n, 'authenticated')),
    };
    // The same comparison in server CPU per request (peer's / Keyhold's: above 1 when Keyhold
    // needs less), which other jobs on the machine disturb far less than throughput.
    const cpu = (round, kind) => rows.find((x) => x.round === round && x.kind === kind).cpuUs;
    const cpuRatios = {
      auth: rounds.map((n) => cpu(n, 'peer') / cpu(n, 'authenticated')),
      anon: rounds.map((n) => cpu(n, 'peer') / cpu(n, 'anonymous')),
    };
    const ratio = median(ratios.authAnon);
    console.log('\nRatios, round by round:');
    console.log(
      table([
        [
          'round',
          'authenticated / peer',
          'anonymous / peer',
          'authenticated / anonymous',
          'apiKeys(25) / viewer',
        ],
        ...rounds.map((n, i) => [
          n,
          ratios.authPeer[i].toFixed(3),
          ratios.anonPeer[i].toFixed(3),
          ratios.authAnon[i].toFixed(3),
          ratios.pageViewer[i].toFixed(3),
        ]),
        [
          'median',
          median(ratios.authPeer).toFixed(3),
          median(ratios.anonPeer).toFixed(3),
          median(ratios.authAnon).toFixed(3),
          median(ratios.pageViewer).toFixed(3),
        ],
      ]),
    );
    console.log(
      `apiKeys(25) with a live field (lastUsedAt: never answered from memory) / viewer: ` +
        `${median(ratios.livePageViewer).toFixed(3)} (rounds: ${ratios.livePageViewer.map((x) => x.toFixed(3)).join(', ')}; for information, not a target)`,
    );
    if (!cpuRatios.auth.some(Number.isNaN)) {
      console.log(
        `\nServer CPU per request, peer / Keyhold (medians of the rounds): authenticated ${median(cpuRatios.auth).toFixed(3)}, ` +
          `anonymous ${median(cpuRatios.anon).toFixed(3)} (rounds: ${cpuRatios.auth.map((x) => x.toFixed(2)).join(', ')} / ${cpuRatios.anon.map((x) => x.toFixed(2)).join(', ')})`,
      );
    }
    const failures = (r) => r.errors + r.timeouts + r.non2xx + (r.mismatches ?? 0);
    let bad = rows.reduce((s, { r }) => s + failures(r), 0);

    // Queries: anonymous rounds see only the background (change-feed poll, ~1/s); authenticated
    // rounds add usage flushes (one batch every flushSeconds). Anything per request would scale
    // with the request count instead.
    const sum = (list, f) => list.reduce((s, x) => s + f(x), 0);
    const anonQueries = sum(of('anonymous'), (x) => x.queries);
    const anonSeconds = sum(of('anonymous'), (x) => x.seconds);
    const background = anonQueries / anonSeconds;
    const authQueries = sum(of('authenticated'), (x) => x.queries);
    const authSeconds = sum(of('authenticated'), (x) => x.seconds);
    const authRequests = sum(of('authenticated'), (x) => x.r.requests.total);
    const beyondPoll = authQueries - background * authSeconds;
    // The probe: one request's usage flushed, over a quiet interval; what is not background is one flush.
    const perFlush = Math.max(0, probe.queries - background * probe.seconds);
    const flushes = of('authenticated').reduce(
      (s, x) => s + Math.floor(x.seconds / opts.flushSeconds),
      0,
    );
    const outside = beyondPoll - perFlush * flushes;
    console.log('\nDatabase queries during authenticated rounds (warm cache):');
    console.log(
      table([
        ['measure', 'value'],
        ['authenticated requests', fmt(authRequests)],
        ['SQL statements (raw /metrics delta)', fmt(authQueries)],
        ['raw per 1,000 requests', ((authQueries / authRequests) * 1000).toFixed(3)],
        ['background (change-feed poll) seen in anonymous rounds', `${background.toFixed(2)} /s`],
        ['statements per usage flush (probe)', perFlush.toFixed(1)],
        [
          `usage flushes in the authenticated rounds (every ${opts.flushSeconds} s)`,
          String(flushes),
        ],
        ['statements outside background and flushes', fmt(outside)],
        [
          'per 1,000 requests, outside background and flushes',
          ((outside / authRequests) * 1000).toFixed(3),
        ],
      ]),
    );

    let verify;
    if (opts.verify) {
      const body = JSON.stringify({
        query:
          'mutation ($key: String!, $secret: String!) { verifyApiKey(key: $key, secret: $secret) { valid code } }',
        variables: { key: integrator.key, secret: integrator.secret },
      });
      const headers = { authorization: basicAuth(service.key, service.secret) };
      const expectBody = await expectedBody(
        server.url,
        headers,
        body,
        (b) => b.data?.verifyApiKey?.code === 'VALID',
      );
      const overallRate = opts.verifyRate;
      await cannon(server.url, { headers, body, duration: opts.warmup, expectBody, overallRate });
      const v0 = await databaseQueries(server.url);
      const vt = performance.now();
      verify = await cannon(server.url, {
        headers,
        body,
        duration: opts.duration,
        expectBody,
        overallRate,
      });
      const verifyQueries =
        (await databaseQueries(server.url)) - v0 - background * ((performance.now() - vt) / 1000);
      bad += failures(verify);
      console.log(
        `\nverifyApiKey (service key with api_keys:verify, ${opts.connections} connections, ${opts.duration} s at ${opts.verifyRate.toLocaleString('en')} req/s):`,
      );
      console.log(
        table([
          [
            'req/s',
            'p50 ms',
            'p90 ms',
            'p99 ms',
            'max ms',
            'errors',
            'non-2xx',
            'mismatch',
            'SQL per 1,000 (poll removed)',
          ],
          [
            fmt(verify.requests.average),
            verify.latency.p50,
            verify.latency.p90,
            verify.latency.p99,
            verify.latency.max,
            verify.errors + verify.timeouts,
            verify.non2xx,
            verify.mismatches ?? 0,
            ((verifyQueries / verify.requests.total) * 1000).toFixed(1),
          ],
        ]),
      );
    }

    // The rate limit's cost: limited vs unlimited key, both warm, same request. Per request, as
    // time on the server's one event loop: 1/rps difference (the loop is the bottleneck).
    const limitedRows = of('limited');
    const limitedRps = median(limitedRows.map((x) => x.r.requests.average));
    const limitedP50 = median(limitedRows.map((x) => x.r.latency.p50));
    const authP50 = median(of('authenticated').map((x) => x.r.latency.p50));
    const limitedRequests = sum(limitedRows, (x) => x.r.requests.total);
    const limitedQueries = sum(limitedRows, (x) => x.queries);
    const limitedSeconds = sum(limitedRows, (x) => x.seconds);
    const limitedOutside = limitedQueries - background * limitedSeconds - perFlush * flushes;
    const costUs = 1e6 / limitedRps - 1e6 / authRps;
    console.log(
      `\nRate limit cost (key limited to ${FAR_ABOVE.limit.toLocaleString('en')} per ${FAR_ABOVE.windowSeconds} s, counters: ${opts.redis ? 'Redis' : databaseUrl.startsWith('mysql:') ? 'MySQL' : 'memory'}):`,
    );
    console.log(
      table([
        [
          'key',
          'req/s (median)',
          'µs per request',
          'p50 ms',
          'SQL per 1,000 (outside background + flushes)',
        ],
        [
          'unlimited',
          fmt(authRps),
          (1e6 / authRps).toFixed(1),
          authP50,
          ((outside / authRequests) * 1000).toFixed(3),
        ],
        [
          'limited',
          fmt(limitedRps),
          (1e6 / limitedRps).toFixed(1),
          limitedP50,
          ((limitedOutside / limitedRequests) * 1000).toFixed(1),
        ],
        [
          'cost of the limit',
          `${pct(limitedRps / authRps)} of unlimited`,
          `${costUs >= 0 ? '+' : '−'}${Math.abs(costUs).toFixed(1)}`,
          '',
          '',
        ],
      ]),
    );

    console.log('\nTargets (ratios: medians of the round-by-round ratios):');
    const authPeer = median(ratios.authPeer);
    const anonPeer = median(ratios.anonPeer);
    const pageViewer = median(ratios.pageViewer);
    const results = [
      [
        'authenticated Keyhold / stock Apollo Server ≥ 1.0',
        `${fmt(authRps)} / ${fmt(peerRps)} req/s: ${authPeer.toFixed(3)}`,
        authPeer >= 1,
      ],
      [
        'anonymous Keyhold / stock Apollo Server ≥ 1.0',
        `${fmt(anonRps)} / ${fmt(peerRps)} req/s: ${anonPeer.toFixed(3)}`,
        anonPeer >= 1,
      ],
      [
        'authenticated / anonymous throughput ≥ 95 %',
        `${fmt(authRps)} / ${fmt(anonRps)} req/s: ${pct(ratio)}`,
        ratio >= 0.95,
      ],
      [
        'apiKeys(first: 25) / viewer (authenticated) ≥ 0.5',
        `${fmt(pageRps)} / ${fmt(authRps)} req/s: ${pageViewer.toFixed(3)}`,
        pageViewer >= 0.5,
      ],
      ...(verify
        ? [
            [
              `verifyApiKey p99 ≤ 3 ms at ${opts.verifyRate.toLocaleString('en')} req/s`,
              `${verify.latency.p99} ms (${fmt(verify.requests.average)} req/s)`,
              verify.latency.p99 <= 3 && verify.requests.average >= opts.verifyRate * 0.95,
            ],
          ]
        : []),
      ['errors + non-2xx + mismatches = 0', String(bad), bad === 0],
      [
        'queries per 1,000 authenticated requests outside flushes ≈ 0',
        `${((outside / authRequests) * 1000).toFixed(3)} (raw ${((authQueries / authRequests) * 1000).toFixed(1)})`,
        // Counting noise is a few statements (a poll or flush at a window edge), not one per request.
        (outside / authRequests) * 1000 < 1,
      ],
    ];
    console.log(
      table([
        ['target', 'measured', 'verdict'],
        ...results.map(([a, b, ok]) => [a, b, ok ? 'PASS' : 'FAIL']),
      ]),
    );
    if (results.some(([, , ok]) => !ok)) process.exitCode = 1;
  } finally {
    await peer.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
