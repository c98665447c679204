import type { MigrationInterface, QueryRunner } from 'typeorm';

// Column definitions as the initial migration made them, with a binary collation. utf8mb4_bin
// rather than ascii_bin: the connection speaks utf8mb4, and comparing an ascii column with a
// non-ASCII parameter (a search term) would be an "illegal mix of collations". Emails are
// normalised (NFKC, lower case) before they are stored or compared.
const MYSQL_COLUMNS: [table: string, column: string, type: string][] = [
  ['api_keys', 'key', 'VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL'],
  ['api_keys', 'secret_digest', 'VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL'],
  [
    'api_keys',
    'previous_secret_digest',
    'VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL',
  ],
  ['api_key_changes', 'key', 'VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL'],
  [
    'admin_sessions',
    'token_digest',
    'VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
  ],
  ['admins', 'email', 'VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL'],
  ['auth_rate_limits', 'key', 'VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL'],
];

/**
 * Keys, digests, tokens and emails compare exactly on MySQL too. The initial schema left them
 * in the database's default collation (case- and accent-insensitive on most servers), under
 * which `KH_…` found `kh_…`. SQLite compares bytes already; nothing to do there.
 */
export class ExactCredentialCollations1764403260000 implements MigrationInterface {
  name = 'ExactCredentialCollations1764403260000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'mysql') return;
    for (const [table, column, type] of MYSQL_COLUMNS) {
      await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` ${type}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'mysql') return;
    for (const [table, column, type] of MYSQL_COLUMNS) {
      const original = type
        .replace(/ CHARACTER SET \w+ COLLATE \w+/, '')
        .replace(/^VARCHAR\(255\)/, 'VARCHAR(255) CHARACTER SET ascii');
      await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` ${original}`);
    }
  }
}
