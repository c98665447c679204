#!/usr/bin/env node
// Profiles the server (node --cpu-prof) under ONE workload of bench/auth, so that the server's
// CPU time per request can be compared between anonymous, authenticated and verifyApiKey calls
// and the difference located function by function.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { adminSession, basicAuth, createKey, parseArgs, startServer } from '../lib/server.mjs';
import { summarise } from './profile-summary.mjs';

const opts = parseArgs(process.argv.slice(2), {
  workload: 'authenticated', // anonymous | authenticated | verify | apiKeys
  duration: 10,
  warmup: 3,
  connections: 10,
  database: '',
  top: 25,
});

function cannon(url, headers, body, duration) {
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: `${url}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        connections: opts.connections,
        duration,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'keyhold-bench-profile-'));
const server = await startServer({
  databaseUrl: opts.database || `sqlite:${join(dir, 'keyhold.sqlite')}`,
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
});
let requests = 0;
try {
  const cookie = await adminSession(server.url);
  const integrator = await createKey(server.url, cookie, 'profile integrator', ['api_keys:read']);
  const service = await createKey(server.url, cookie, 'profile verifier', ['api_keys:verify']);
  const viewer = JSON.stringify({ query: '{ viewer { kind } }' });
  if (opts.workload === 'apiKeys') {
    for (let i = 0; i < 23; i++)
      await createKey(server.url, cookie, `profile page ${i}`, ['api_keys:read']);
  }
  const [headers, body] = {
    anonymous: [{}, viewer],
    authenticated: [{ authorization: basicAuth(integrator.key, integrator.secret) }, viewer],
    apiKeys: [
      { authorization: basicAuth(integrator.key, integrator.secret) },
      JSON.stringify({ query: '{ apiKeys(first: 25) { nodes { id key name scopes status } } }' }),
    ],
    verify: [
      { authorization: basicAuth(service.key, service.secret) },
      JSON.stringify({
        query:
          'mutation ($key: String!, $secret: String!) { verifyApiKey(key: $key, secret: $secret) { valid code } }',
        variables: { key: integrator.key, secret: integrator.secret },
      }),
    ],
  }[opts.workload];
  if (!headers) throw new Error(`unknown --workload ${opts.workload}`);
  const warm = await cannon(server.url, headers, body, opts.warmup);
  const r = await cannon(server.url, headers, body, opts.duration);
  requests = warm.requests.total + r.requests.total;
  console.log(
    `${opts.workload}: ${Math.round(r.requests.average)} req/s, ${r.requests.total} requests in ${opts.duration} s (+ ${opts.warmup} s warm-up)`,
  );
} finally {
  await server.stop();
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
console.log(`profile: ${join(dir, file)}`);
console.log(summarise(profile, { top: opts.top, requests }));
