import type { EntityManager } from 'typeorm';

/** Rows per INSERT: with at most 7 parameters a row, far below any bind-variable limit. */
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts rows in bounded multi-row statements, each ending with the same conflict clause
 * (`ON DUPLICATE KEY UPDATE …` on MySQL, `ON CONFLICT … DO UPDATE …` on SQLite), so a flush of
 * any size never exceeds the database's parameter limit.
 */
export async function upsertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  onConflict: string,
): Promise<void> {
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    await manager.query(
      `INSERT INTO ${table} (${columns.join(', ')}) ` +
        `VALUES ${slice.map(() => placeholders).join(', ')} ${onConflict}`,
      slice.flat(),
    );
  }
}
