// Bulk-loads synthetic API keys into the benchmark database (MariaDB / MySQL).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import columns from '../../server/dist/database/columns.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const WORDS = [
  'billing',
  'backup',
  'deploy',
  'dns',
  'mail',
  'monitoring',
  'webhook',
  'ci',
  'storage',
  'reseller',
  'wordpress',
  'ssl',
  'ftp',
  'cron',
  'dashboard',
  'migration',
  'analytics',
  'cdn',
  'firewall',
  'support',
  'invoice',
  'sync',
  'staging',
  'export',
  'import',
  'status',
  'mobile',
  'partner',
  'legacy',
  'terraform',
  'ansible',
  'zapier',
  'slack',
  'grafana',
  'nagios',
  'uptime',
  'cpanel',
  'plesk',
  'whmcs',
  'stripe',
  'php',
  'node',
  'python',
  'docker',
  'k8s',
  'git',
  'sftp',
  'dkim',
  'spam',
  'quota',
];
const ENVS = ['prod', 'staging', 'dev', 'test', 'eu', 'us', 'asia', 'internal'];
export const SEARCH_TERM = 'billing'; // one WORD of 50: about 2 % of the names contain it

function base62(bytes) {
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** `YYYY-MM-DD hh:mm:ss.mmm` in UTC, written by the server's own helper (server/dist). */
export function sqlDate(ms) {
  return columns.toDbTimestamp(new Date(ms));
}

/**
 * Row i of n. created_at runs over the last two years, oldest first, with every hundredth row
 * sharing its predecessor's millisecond (bulk-created keys do that) so the id tiebreaker is
 * exercised. A quarter of the keys were never used (last_used_at NULL).
 */
export function row(i, n, now) {
  const span = 2 * 365 * 86_400_000;
  const step = Math.floor(span / n);
  const createdIndex = i % 100 === 99 ? i - 1 : i;
  const created = now - span + createdIndex * step;
  const rnd = randomBytes(32);
  const digest = createHash('sha256').update(rnd).digest('hex');
  const word = WORDS[rnd[0] % WORDS.length];
  const env = ENVS[rnd[1] % ENVS.length];
  const name = i % 20 === 19 ? '' : `${word}-${env}-${i}`;
  const lastUsed =
    rnd[2] % 4 === 0
      ? null
      : created + ((rnd[3] * 65_536 + rnd[4] * 256 + rnd[5]) % (now - created));
  return [
    randomUUID(),
    name,
    `kh_${base62(rnd.subarray(6, 30))}`,
    digest,
    digest.slice(-4),
    rnd[30] % 10 !== 0 ? 1 : 0,
    '[]',
    '["api_keys:read"]',
    lastUsed === null ? null : sqlDate(lastUsed),
    lastUsed === null ? null : '203.0.113.7',
    sqlDate(created),
    sqlDate(created),
  ];
}

const COLUMNS =
  '(`id`, `name`, `key`, `secret_digest`, `secret_hint`, `active`, `allowed_ips`, `scopes`, ' +
  '`last_used_at`, `last_used_ip`, `created_at`, `updated_at`)';

/**
 * Inserts n rows in multi-row INSERTs of `batch` rows, inside one transaction per 50k rows with
 * unique and foreign key checks off (the generator guarantees unique keys and ids).
 */
export async function seed(conn, n, { batch = 5000, log = () => {} } = {}) {
  const now = Date.now();
  const started = performance.now();
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  try {
    await conn.query('TRUNCATE TABLE api_keys');
    await conn.beginTransaction();
    for (let start = 0; start < n; start += batch) {
      const rows = [];
      for (let i = start; i < Math.min(n, start + batch); i++) rows.push(row(i, n, now));
      await conn.query(`INSERT INTO api_keys ${COLUMNS} VALUES ?`, [rows]);
      if ((start + batch) % 50_000 === 0 || start + batch >= n) {
        await conn.commit();
        log(
          `  ${Math.min(n, start + batch).toLocaleString('en')} rows, ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
        if (start + batch < n) await conn.beginTransaction();
      }
    }
  } finally {
    await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
  }
  await conn.query('ANALYZE TABLE api_keys');
  return (performance.now() - started) / 1000;
}
