import { migrations as allMigrations } from '../../src/database/data-source';
import { createTestDatabase, TestApp, usingMysql } from '../support/harness';

// Replicas of one deployment start at the same moment against one empty MySQL database.
(usingMysql ? describe : describe.skip)(
  'two servers starting together on an empty database',
  () => {
    it('both come up: migrations are serialised and one first admin is created', async () => {
      const database = await createTestDatabase();
      const [a, b] = await Promise.all([
        TestApp.start({}, { databaseUrl: database.url }),
        TestApp.start({}, { databaseUrl: database.url }),
      ]);
      try {
        const admins = await a.app.dataSource.query('SELECT COUNT(*) AS n FROM admins');
        expect(Number(admins[0].n)).toBe(1);
        const migrations = await a.app.dataSource.query('SELECT COUNT(*) AS n FROM migrations');
        expect(Number(migrations[0].n)).toBe(allMigrations.length);
        for (const app of [a, b]) {
          const res = await app.admin<{ viewer: { kind: string } }>('{ viewer { kind } }');
          expect(res.body.data!.viewer.kind).toBe('ADMIN');
        }
      } finally {
        await a.app.close();
        await b.app.close();
        await database.drop();
      }
    });
  },
);
