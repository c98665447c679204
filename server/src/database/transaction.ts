import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './dialect';

/**
 * TypeORM drives SQLite through one connection and one query runner: a second
 * `dataSource.transaction()` started while another is open becomes a SAVEPOINT inside it, and the
 * two interleave with no isolation at all (today only better-sqlite3's synchronous calls keep a
 * transaction from yielding midway; the first real await inside one would open the race). On
 * SQLite every transaction therefore waits its turn here; SQLite serialises writers anyway, so
 * this costs no parallelism. MySQL transactions each get their own pooled connection.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

export function transaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (isMysql(dataSource)) return dataSource.transaction(work);
  const previous = queues.get(dataSource) ?? Promise.resolve();
  const run = previous.then(() => dataSource.transaction(work));
  queues.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}
