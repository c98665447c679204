import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: true,
});
const timestamp = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable,
});
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});

/** Written once with TypeORM's table builder so that it runs unchanged on SQLite and MySQL. */
export class InitialSchema1764230400000 implements MigrationInterface {
  name = 'InitialSchema1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          id(),
          { ...varchar('name', 100), default: "''" },
          varchar('key', 32),
          varchar('secret_digest', 64),
          varchar('secret_hint', 4),
          varchar('previous_secret_digest', 64, true),
          timestamp('previous_secret_expires_at', true),
          timestamp('secret_rotated_at', true),
          { name: 'active', type: 'boolean', default: true },
          { name: 'allowed_ips', type: 'text' },
          { name: 'scopes', type: 'text' },
          timestamp('expires_at', true),
          timestamp('last_used_at', true),
          varchar('last_used_ip', 45, true),
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        indices: [
          { name: 'uq_api_keys_key', columnNames: ['key'], isUnique: true },
          { name: 'idx_api_keys_created', columnNames: ['created_at', 'id'] },
          { name: 'idx_api_keys_name', columnNames: ['name', 'id'] },
          { name: 'idx_api_keys_last_used', columnNames: ['last_used_at', 'id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          id(),
          timestamp('at'),
          varchar('action', 64),
          varchar('actor', 320),
          varchar('api_key_id', 36, true),
          varchar('ip', 45, true),
          { name: 'details', type: 'text', isNullable: true },
        ],
        indices: [
          { name: 'idx_audit_events_at', columnNames: ['at', 'id'] },
          { name: 'idx_audit_events_key_at', columnNames: ['api_key_id', 'at', 'id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'admins',
        columns: [
          id(),
          varchar('email', 254),
          varchar('password_hash', 255),
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        indices: [{ name: 'uq_admins_email', columnNames: ['email'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'admin_sessions',
        columns: [
          id(),
          varchar('token_digest', 64),
          varchar('admin_id', 36),
          timestamp('created_at'),
          timestamp('last_seen_at'),
          timestamp('expires_at'),
        ],
        indices: [
          { name: 'uq_admin_sessions_token', columnNames: ['token_digest'], isUnique: true },
          { name: 'idx_admin_sessions_admin', columnNames: ['admin_id'] },
        ],
        foreignKeys: [
          {
            name: 'fk_admin_sessions_admin',
            columnNames: ['admin_id'],
            referencedTableName: 'admins',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_key_usage_days',
        columns: [
          id('api_key_id'),
          { ...varchar('day', 10), isPrimary: true },
          { name: 'success_count', type: 'int', default: 0 },
          { name: 'failure_count', type: 'int', default: 0 },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_key_changes',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          varchar('key', 32),
          timestamp('changed_at'),
        ],
        indices: [{ name: 'idx_api_key_changes_at', columnNames: ['changed_at'] }],
      }),
    );
    if (queryRunner.connection.options.type === 'mysql') {
      // rate-limiter-flexible's own layout, created here so replicas never race to create it.
      await queryRunner.query(
        'CREATE TABLE `auth_rate_limits` (`key` VARCHAR(255) CHARACTER SET ascii NOT NULL, ' +
          '`points` INT NOT NULL DEFAULT 0, `expire` BIGINT UNSIGNED, PRIMARY KEY (`key`)) ENGINE=InnoDB',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'mysql') {
      await queryRunner.query('DROP TABLE `auth_rate_limits`');
    }
    for (const table of [
      'api_key_changes',
      'api_key_usage_days',
      'admin_sessions',
      'admins',
      'audit_events',
      'api_keys',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
