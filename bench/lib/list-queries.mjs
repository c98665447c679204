// The api-keys list's statements exactly as the server builds them: the server's own repository
// (server/dist) on a TypeORM data source of the bench database. The bench runs the statements
// itself (to time them, EXPLAIN them); it never re-describes the SQL or the cursors.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { REPO } from './server.mjs';

const requireServer = createRequire(resolve(REPO, 'server/package.json'));

/** The list's order the benchmarks page through (the admin list's default). */
const ORDER = { field: 'CREATED_AT', direction: 'DESC' };

const statement = (qb) => {
  const [sql, params] = qb.getQueryAndParameters();
  return { sql, params };
};

/** Opens the server's data source on `databaseUrl` (sqlite:<path> or mysql://…); `close()` it. */
export async function listQueries(databaseUrl) {
  requireServer('reflect-metadata');
  const { createDataSource } = requireServer('./dist/database/data-source.js');
  const { ApiKeyRepository } = requireServer('./dist/modules/api-keys/index.js');
  const database = databaseUrl.startsWith('sqlite:')
    ? { kind: 'sqlite', path: resolve(databaseUrl.slice('sqlite:'.length)) }
    : { kind: 'mysql', url: databaseUrl };
  const dataSource = createDataSource(database);
  await dataSource.initialize();
  const repository = new ApiKeyRepository(dataSource);
  const window = (first, after) => ({ limit: first, backward: false, after });
  return {
    /** The page query (LIMIT first + 1) and, after a cursor, the other-side check. */
    page({ first, after, search }) {
      const { page, otherSide } = repository.pageQueries({ search }, ORDER, window(first, after));
      return { page: statement(page), otherSide: otherSide && statement(otherSide) };
    },
    /** The first page's query skipping `offset` rows: what OFFSET paging would send. */
    offset({ first, offset, search }) {
      const { page } = repository.pageQueries({ search }, ORDER, window(first));
      return statement(page.offset(offset));
    },
    /** totalCount's statement. */
    count({ search } = {}) {
      return statement(repository.countQuery({ search }));
    },
    /** The cursor a client holds after paging through `position` rows. */
    async cursorAfter(position) {
      const { page } = repository.pageQueries({}, ORDER, window(1));
      const row = await page
        .limit(1)
        .offset(position - 1)
        .getOne();
      return repository.cursorOf(row, ORDER);
    },
    close: () => dataSource.destroy(),
  };
}
