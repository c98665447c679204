import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const timestamp = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable,
});
const key = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isPrimary: true,
});

/**
 * Usage insight (per key: addresses and exercised scopes, one row per UTC day, kept 90 days),
 * the key policy (one row) and the expiry reminders already sent (so none repeats).
 */
export class UsageInsightAndPolicies1764576000000 implements MigrationInterface {
  name = 'UsageInsightAndPolicies1764576000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'api_key_address_days',
        columns: [
          key('api_key_id', 36),
          key('day', 10),
          key('ip', 45),
          timestamp('first_seen_at'),
          timestamp('last_seen_at'),
          { name: 'success_count', type: 'int', default: 0 },
          { name: 'failure_count', type: 'int', default: 0 },
        ],
        indices: [{ name: 'idx_api_key_address_days_day', columnNames: ['day'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_key_scope_days',
        columns: [
          key('api_key_id', 36),
          key('day', 10),
          key('scope', 64),
          { name: 'use_count', type: 'int', default: 0 },
          timestamp('last_used_at'),
        ],
        indices: [{ name: 'idx_api_key_scope_days_day', columnNames: ['day'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'key_policies',
        columns: [
          { name: 'id', type: 'int', isPrimary: true },
          { name: 'max_lifetime_days', type: 'int', isNullable: true },
          { name: 'require_expiry', type: 'boolean', default: false },
          { name: 'require_allowed_ips', type: 'boolean', default: false },
          { name: 'disable_unused_after_days', type: 'int', isNullable: true },
          { name: 'expiry_reminder_days', type: 'varchar', length: '255', default: "'[]'" },
          timestamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_key_reminders',
        columns: [
          key('api_key_id', 36),
          { name: 'days_before', type: 'int', isPrimary: true },
          { ...timestamp('expires_at'), isPrimary: true },
          timestamp('sent_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'api_key_reminders',
      'key_policies',
      'api_key_scope_days',
      'api_key_address_days',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
