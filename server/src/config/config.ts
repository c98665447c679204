import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseIpOrCidr } from '@keyhold/shared';

/**
 * The folder that holds server/ and web/ (the repository, or /app in the image). Relative paths
 * in the configuration mean the same file whatever the working directory: `pnpm start` at the
 * root and `pnpm --filter @keyhold/server cli …` inside server/ open the same database.
 */
export const INSTALL_ROOT = resolve(__dirname, '..', '..', '..');

const fromRoot = (path: string) => (path === ':memory:' ? path : resolve(INSTALL_ROOT, path));

const intFrom = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^sqlite:.+/.test(v) || /^mysql:\/\/[^/]+\/[^/?]+/.test(v), {
    message: 'must be sqlite:<path> or mysql://user:pass@host:port/database',
  });

const trustProxy = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const parsed = parseIpOrCidr(entry);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
    }
  })
  .transform((entries) => entries.map((e) => (parseIpOrCidr(e) as { value: string }).value));

const schema = z.object({
  DATABASE_URL: databaseUrl.default('sqlite:./data/keyhold.sqlite'),
  PORT: intFrom(0, 65535).default(4000),
  HOST: z
    .string()
    .trim()
    .refine(
      (v) => isIP(v) !== 0 || /^[a-zA-Z0-9.-]+$/.test(v),
      'must be an IP address or host name',
    )
    .default('127.0.0.1'),
  ADMIN_EMAIL: z
    .string()
    .trim()
    .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address')
    .max(254)
    .optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  TRUST_PROXY: trustProxy.default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUTH_FAILURES_PER_MINUTE: intFrom(1, 1_000_000).default(30),
  USAGE_FLUSH_SECONDS: intFrom(1, 3600).default(5),
  POLICY_SWEEP_SECONDS: intFrom(1, 3600).default(60),
  NODE_ENV: z.string().default('development'),
  SESSION_IDLE_SECONDS: intFrom(60, 31_536_000).default(8 * 3600),
  SESSION_MAX_SECONDS: intFrom(60, 31_536_000).default(7 * 24 * 3600),
  KEY_CHANGE_POLL_MS: intFrom(100, 2000).default(1000),
  AUDIT_RETENTION_DAYS: intFrom(1, 36_500).default(365),
  STATIC_DIR: z.string().optional(),
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => {
      try {
        const url = new URL(v);
        return (
          (url.protocol === 'redis:' || url.protocol === 'rediss:') &&
          url.hostname !== '' &&
          /^\/?(\d+)?$/.test(url.pathname)
        );
      } catch {
        return false;
      }
    }, 'must be redis://[:password@]host:port[/db]')
    .optional(),
  METRICS_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{16,256}$/, 'must be 16 to 256 visible ASCII characters')
    .optional(),
  SECRET_ENCRYPTION_KEY: z
    .string()
    .trim()
    .refine(
      (v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'must be 32 bytes, base64 (make one with `openssl rand -base64 32`)',
    )
    .optional(),
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(['true', 'false'], 'must be true or false').default('false'),
  SECRET_SCANNING_PUBLIC_KEYS: z.string().trim().optional(),
});

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string };

export interface Config {
  database: DatabaseConfig;
  port: number;
  host: string;
  adminEmail?: string;
  adminPassword?: string;
  trustProxy: string[];
  logLevel: string;
  authFailuresPerMinute: number;
  usageFlushSeconds: number;
  /** How often the key policy sweep (unused keys, expiry reminders) runs on one replica. */
  policySweepSeconds: number;
  production: boolean;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /** How often each replica looks for key changes made by other replicas (contract: ≤ 2 s). */
  keyChangePollMs: number;
  /** Audit events older than this are deleted by the housekeeping sweep. */
  auditRetentionDays: number;
  staticDir?: string;
  /** When set, GET /metrics requires `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Shared counters and key-change notifications; none: database counters and polling. */
  redisUrl?: string;
  /** Encrypts webhook signing secrets at rest; none on SQLite: a key file beside the database. */
  secretEncryptionKey?: Buffer;
  /** Lets webhooks deliver to loopback, private and link-local addresses (tests, labs). */
  webhookAllowPrivateUrls: boolean;
  /** GitHub's secret scanning public keys (a JSON file); none: the endpoint answers 404. */
  secretScanningPublicKeys?: string;
}

export class ConfigError extends Error {}

/**
 * Parses and validates the environment once. Throws ConfigError with one line naming the
 * variable; nothing else in the server reads process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown =
      name === 'ADMIN_PASSWORD' ||
      name === 'METRICS_TOKEN' ||
      name === 'REDIS_URL' ||
      name === 'SECRET_ENCRYPTION_KEY'
        ? ''
        : ` (got "${String(present[name] ?? '')}")`;
    throw new ConfigError(`Invalid ${name}: ${issue.message}${shown}`);
  }
  const e = result.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'Invalid ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
  }
  const database: DatabaseConfig = e.DATABASE_URL.startsWith('sqlite:')
    ? { kind: 'sqlite', path: fromRoot(e.DATABASE_URL.slice('sqlite:'.length)) }
    : { kind: 'mysql', url: e.DATABASE_URL };
  if (database.kind === 'mysql' && e.SECRET_ENCRYPTION_KEY === undefined) {
    // Replicas share the database, so a key generated by one would be unknown to the others.
    throw new ConfigError(
      'Invalid SECRET_ENCRYPTION_KEY: required with a MySQL database (32 bytes, base64; make one with `openssl rand -base64 32`)',
    );
  }
  return {
    database,
    port: e.PORT,
    host: e.HOST,
    adminEmail: e.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    usageFlushSeconds: e.USAGE_FLUSH_SECONDS,
    policySweepSeconds: e.POLICY_SWEEP_SECONDS,
    production: e.NODE_ENV === 'production',
    sessionIdleSeconds: e.SESSION_IDLE_SECONDS,
    sessionMaxSeconds: e.SESSION_MAX_SECONDS,
    keyChangePollMs: e.KEY_CHANGE_POLL_MS,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    staticDir: e.STATIC_DIR === undefined ? undefined : fromRoot(e.STATIC_DIR),
    metricsToken: e.METRICS_TOKEN,
    redisUrl: e.REDIS_URL,
    secretEncryptionKey:
      e.SECRET_ENCRYPTION_KEY === undefined
        ? undefined
        : Buffer.from(e.SECRET_ENCRYPTION_KEY, 'base64'),
    webhookAllowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    secretScanningPublicKeys:
      e.SECRET_SCANNING_PUBLIC_KEYS === undefined
        ? undefined
        : fromRoot(e.SECRET_SCANNING_PUBLIC_KEYS),
  };
}
