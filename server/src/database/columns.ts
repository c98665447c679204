import type { ValueTransformer } from 'typeorm';

/**
 * Millisecond timestamps in both dialects: DATETIME(3) on MySQL, text on SQLite. TypeORM writes
 * both as 'YYYY-MM-DD HH:MM:SS.SSS' in UTC, so comparisons behave the same everywhere.
 */
export const TIMESTAMP = { type: 'datetime', precision: 3 } as const;

/** The same text TypeORM binds for a Date, for raw queries that bypass its escaping. */
export function toDbTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A JSON array kept in a text column (allowed IPs, scopes): small, read whole, never queried. */
export const stringArray: ValueTransformer = {
  to: (value: string[] | undefined) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value ? (JSON.parse(value) as string[]) : []),
};
