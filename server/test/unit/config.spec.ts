import { join } from 'node:path';
import { ConfigError, INSTALL_ROOT, loadConfig } from '../../src/config/config';

const KEY = Buffer.alloc(32, 1).toString('base64');

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    expect(loadConfig({})).toMatchObject({
      database: { kind: 'sqlite', path: join(INSTALL_ROOT, 'data', 'keyhold.sqlite') },
      port: 4000,
      host: '127.0.0.1',
      trustProxy: [],
      logLevel: 'info',
      authFailuresPerMinute: 30,
      usageFlushSeconds: 5,
      policySweepSeconds: 60,
      production: false,
      auditRetentionDays: 365,
    });
  });

  it('resolves a relative SQLite path against the repository root, whatever the working directory', () => {
    expect(INSTALL_ROOT).toBe(join(__dirname, '..', '..', '..'));
    const cwd = process.cwd();
    try {
      process.chdir(join(INSTALL_ROOT, 'server'));
      expect(loadConfig({ DATABASE_URL: 'sqlite:data/x.sqlite' }).database).toEqual({
        kind: 'sqlite',
        path: join(INSTALL_ROOT, 'data', 'x.sqlite'),
      });
    } finally {
      process.chdir(cwd);
    }
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/k.sqlite' }).database).toEqual({
      kind: 'sqlite',
      path: '/var/lib/k.sqlite',
    });
    expect(loadConfig({ STATIC_DIR: 'web/dist' }).staticDir).toBe(
      join(INSTALL_ROOT, 'web', 'dist'),
    );
  });

  it('reads REDIS_URL (empty: no Redis) and refuses anything but redis://host:port[/db]', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://:pw@cache:6379/2' }).redisUrl).toBe(
      'redis://:pw@cache:6379/2',
    );
    for (const bad of ['http://cache:6379', 'redis://', 'cache:6379', 'redis://:secret@h:1/x']) {
      expect(() => loadConfig({ REDIS_URL: bad })).toThrow(ConfigError);
      // The URL may hold a password: it is never echoed.
      expect(() => loadConfig({ REDIS_URL: bad })).toThrow(
        /^Invalid REDIS_URL: must be redis:\/\/\[:password@\]host:port\[\/db\]$/,
      );
    }
  });

  it('requires SECRET_ENCRYPTION_KEY with MySQL, 32 bytes in base64, never echoed', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://keyhold:pw@db:3306/keyhold' })).toThrow(
      /^Invalid SECRET_ENCRYPTION_KEY: required with a MySQL database/,
    );
    for (const bad of ['short', Buffer.alloc(31).toString('base64'), `${KEY}x`]) {
      expect(() => loadConfig({ SECRET_ENCRYPTION_KEY: bad })).toThrow(
        /^Invalid SECRET_ENCRYPTION_KEY: must be 32 bytes, base64 \(make one with `openssl rand -base64 32`\)$/,
      );
    }
    expect(loadConfig({ SECRET_ENCRYPTION_KEY: KEY }).secretEncryptionKey).toEqual(
      Buffer.from(KEY, 'base64'),
    );
    expect(loadConfig({}).webhookAllowPrivateUrls).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }).webhookAllowPrivateUrls).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' })).toThrow(
      /^Invalid WEBHOOK_ALLOW_PRIVATE_URLS: must be true or false/,
    );
  });

  it('reads MySQL URLs and proxy lists', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://keyhold:pw@db:3306/keyhold',
      TRUST_PROXY: '10.0.0.1, 10.1.0.0/16 ,::1',
      NODE_ENV: 'production',
      SECRET_ENCRYPTION_KEY: KEY,
    });
    expect(config.database).toEqual({ kind: 'mysql', url: 'mysql://keyhold:pw@db:3306/keyhold' });
    expect(config.trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16', '::1']);
    expect(config.production).toBe(true);
  });

  it.each([
    [{ PORT: '-1' }, 'Invalid PORT: must be a whole number (got "-1")'],
    [{ PORT: '65536' }, 'Invalid PORT: must be at most 65535 (got "65536")'],
    [{ DATABASE_URL: 'sqlite:' }, 'Invalid DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://host' }, 'Invalid DATABASE_URL'],
    [
      { ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' },
      'Invalid ADMIN_EMAIL',
    ],
    [
      { ADMIN_EMAIL: 'admin@localhost' },
      'Invalid ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    ],
    [{ USAGE_FLUSH_SECONDS: '0' }, 'Invalid USAGE_FLUSH_SECONDS: must be at least 1'],
    [{ POLICY_SWEEP_SECONDS: '0' }, 'Invalid POLICY_SWEEP_SECONDS: must be at least 1'],
    [{ POLICY_SWEEP_SECONDS: '3601' }, 'Invalid POLICY_SWEEP_SECONDS: must be at most 3600'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'Invalid TRUST_PROXY'],
    [{ AUDIT_RETENTION_DAYS: '0' }, 'Invalid AUDIT_RETENTION_DAYS: must be at least 1'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes ADMIN_PASSWORD', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' })).toThrow(
      /^Invalid ADMIN_PASSWORD: must be at least 12 characters$/,
    );
  });

  it('reads METRICS_TOKEN and never echoes it', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-metrics-token' }).metricsToken).toBe(
      'a-long-enough-metrics-token',
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(
      /^Invalid METRICS_TOKEN: must be 16 to 256 visible ASCII characters$/,
    );
  });
});
