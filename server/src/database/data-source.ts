import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { ApiKeyChangeEntity, ApiKeyEntity } from '../modules/api-keys';
import { AuditEventEntity } from '../modules/audit';
import { AdminEntity, AdminSessionEntity } from '../modules/auth';
import { UsageDayEntity } from '../modules/usage';
import { isMysql } from './dialect';
import { QueryLogger } from './query-logger';
import { InitialSchema1764230400000 } from './migrations/1764230400000-initial-schema';
import { CoveringListIndexes1764403200000 } from './migrations/1764403200000-covering-list-indexes';
import { ExactCredentialCollations1764403260000 } from './migrations/1764403260000-exact-credential-collations';
import { ApiKeyRateLimits1764460800000 } from './migrations/1764460800000-api-key-rate-limits';
import { UsageInsightAndPolicies1764576000000 } from './migrations/1764576000000-usage-insight-and-policies';
import { KeyPolicyEntity } from '../modules/policy';
import { WebhookDeliveryEntity, WebhookEntity } from '../modules/webhooks';
import { Webhooks1764900000000 } from './migrations/1764900000000-webhooks';

export { isMysql };

export const entities = [
  ApiKeyEntity,
  ApiKeyChangeEntity,
  AuditEventEntity,
  AdminEntity,
  AdminSessionEntity,
  UsageDayEntity,
  KeyPolicyEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
];
export const migrations = [
  InitialSchema1764230400000,
  CoveringListIndexes1764403200000,
  ExactCredentialCollations1764403260000,
  ApiKeyRateLimits1764460800000,
  UsageInsightAndPolicies1764576000000,
  Webhooks1764900000000,
];

export function createDataSource(
  database: DatabaseConfig,
  queryLogger = new QueryLogger(),
): DataSource {
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logger: queryLogger,
    maxQueryExecutionTime: 1000,
  } as const;
  if (database.kind === 'sqlite') {
    const path = resolve(database.path);
    mkdirSync(dirname(path), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: path,
      enableWAL: true,
      timeout: 5000,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
      },
    });
  }
  return new DataSource({
    ...common,
    type: 'mysql',
    url: database.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: 10,
    // A database that is down or unreachable must answer a request with an error in seconds,
    // not hang it: connecting gives up after 3 s.
    connectTimeout: 3000,
    extra: { enableKeepAlive: true },
  });
}

/**
 * Applies pending migrations. On MySQL a named lock serialises replicas that start together:
 * the second waits, then finds nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (!isMysql(dataSource)) {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  try {
    const [row] = (await runner.query("SELECT GET_LOCK('keyhold_migrations', 120) AS locked")) as {
      locked: number | string;
    }[];
    if (Number(row?.locked) !== 1) throw new Error('timed out waiting for the migration lock');
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query("SELECT RELEASE_LOCK('keyhold_migrations')");
    }
  } finally {
    await runner.release();
  }
}
