import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../common/logger';

/**
 * TypeORM's logger hook, used to count queries (the auth benchmark checks a warm cache costs
 * none) and to report failures. Parameters are never logged: they may hold credentials' digests.
 */
export class QueryLogger implements TypeOrmLogger {
  queries = 0;

  constructor(private readonly logger?: Logger) {}

  logQuery(): void {
    this.queries++;
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger?.warn({ err: error, query: query.slice(0, 500) }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger?.warn({ ms: time, query: query.slice(0, 500) }, 'slow query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger?.debug({ migration: message }, 'migration');
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn({ message }, 'database warning');
  }
}
