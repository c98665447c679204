// Helpers shared by the benchmarks: start the built server, talk GraphQL to it, read /metrics.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import launcher from '../../scripts/lib/launch-server.cjs';

const { launchServer } = launcher;

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// KEYHOLD_BENCH_SERVER: another build's main.js (e.g. a patched copy, to measure a change).
export const SERVER_MAIN = resolve(
  process.env.KEYHOLD_BENCH_SERVER ?? resolve(REPO, 'server/dist/main.js'),
);
export const SERVER_CLI = resolve(REPO, 'server/dist/cli.js');

export const ADMIN_EMAIL = 'bench@keyhold.test';
export const ADMIN_PASSWORD = 'bench-password-0123456789';

export function requireBuild() {
  if (!existsSync(SERVER_MAIN)) {
    console.error(
      `${SERVER_MAIN} is missing: run \`pnpm run build\` at the repository root first.`,
    );
    process.exit(2);
  }
}

/** MySQL requires SECRET_ENCRYPTION_KEY; bench servers on one database share this one. */
function benchSecretKey(databaseUrl) {
  return databaseUrl?.startsWith('mysql:') && !process.env.SECRET_ENCRYPTION_KEY
    ? { SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }
    : {};
}

/** Applies migrations with the server's own CLI, so the bench never re-describes the schema. */
export function migrate(databaseUrl) {
  const out = spawnSync(process.execPath, [SERVER_CLI, 'migrate'], {
    cwd: REPO,
    env: {
      ...process.env,
      ...benchSecretKey(databaseUrl),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`migrate failed: ${out.stderr || out.stdout}`);
  return out.stdout.trim();
}

/**
 * Starts `node server/dist/main.js` on 127.0.0.1 and waits for /readyz, with the launcher the
 * server's and the browser tests use. Returns { url, pid, output(), stop() }. `nodeArgs` lets the
 * caller add e.g. --cpu-prof.
 */
export async function startServer({ databaseUrl, env = {}, nodeArgs = [], cwd = REPO } = {}) {
  requireBuild();
  const server = await launchServer({
    main: SERVER_MAIN,
    inheritEnv: true,
    nodeArgs,
    cwd,
    readyTimeoutMs: 60_000,
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      ...benchSecretKey(databaseUrl),
      ...env,
    },
  });
  return {
    url: server.url,
    pid: server.pid,
    output: server.output,
    // A profiled server writes its profile on the way out: give it time before SIGKILL.
    stop: () => server.stop(60_000),
  };
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** One GraphQL POST; throws on transport or GraphQL errors. Returns { data, headers }. */
export async function graphql(url, query, variables, headers = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) {
    throw new Error(`GraphQL error (${res.status}): ${JSON.stringify(body.errors)}`);
  }
  return { data: body.data, headers: res.headers };
}

/** Signs the bench admin in; returns the Cookie header value for the session. */
export async function adminSession(url) {
  const { data, headers } = await graphql(
    url,
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { kind } }',
    { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  );
  if (data.login.kind !== 'ADMIN') throw new Error(`login answered ${JSON.stringify(data.login)}`);
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('keyhold_session='));
  if (!cookie) throw new Error('login set no keyhold_session cookie');
  return cookie;
}

/** Creates a key through the API; returns { key, secret }. */
export async function createKey(url, cookie, name, scopes, extra = {}) {
  const { data } = await graphql(
    url,
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { key } } }',
    { input: { name, scopes, ...extra } },
    { cookie },
  );
  return { key: data.createApiKey.apiKey.key, secret: data.createApiKey.secret };
}

export function basicAuth(key, secret) {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

/** Current value of keyhold_database_queries_total (sum over its label sets). */
export async function databaseQueries(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    if (/^keyhold_database_queries_total(\{[^}]*\})?\s/.test(line)) {
      total += Number(line.trim().split(/\s+/).at(-1));
      seen = true;
    }
  }
  if (!seen) throw new Error('/metrics has no keyhold_database_queries_total');
  return total;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Prints rows as an aligned text table (first row = header). */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ');
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** Minimal --flag value / --flag parser. */
export function parseArgs(argv, defaults) {
  const opts = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    const name = m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(name in defaults)) throw new Error(`unknown option --${m[1]}`);
    if (typeof defaults[name] === 'boolean') {
      const value = m[2] ?? (['true', 'false'].includes(argv[i + 1]) ? argv[++i] : 'true');
      opts[name] = value !== 'false';
    } else {
      const value = m[2] ?? argv[++i];
      opts[name] = typeof defaults[name] === 'number' ? Number(value) : value;
    }
  }
  return opts;
}
