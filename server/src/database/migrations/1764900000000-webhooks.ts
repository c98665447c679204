import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

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

/**
 * Webhooks and their outbox: one delivery row per event and webhook, written in the transaction
 * of the change that caused the event. `seq` orders the deliveries of one key (it is assigned
 * while the key's row is locked); `claimed_until` is the lease of the replica that is posting it.
 * `secret_key_checks` holds one value encrypted under SECRET_ENCRYPTION_KEY, so a start with
 * another key is refused before any secret is written under it.
 */
export class Webhooks1764900000000 implements MigrationInterface {
  name = 'Webhooks1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webhooks',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('url', 2048),
          { name: 'events', type: 'text' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'secret_ciphertext', type: 'text' },
          varchar('secret_hint', 4),
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          {
            name: 'seq',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          varchar('id', 36),
          varchar('webhook_id', 36),
          varchar('event_id', 36),
          varchar('event_type', 64),
          varchar('ordering_key', 36, true),
          { name: 'payload', type: 'text' },
          varchar('status', 16),
          { name: 'attempts', type: 'int', default: 0 },
          { name: 'response_status', type: 'int', isNullable: true },
          varchar('error', 300, true),
          timestamp('created_at'),
          timestamp('last_attempt_at', true),
          timestamp('next_attempt_at', true),
          timestamp('claimed_until', true),
          varchar('claim_token', 36, true),
        ],
        indices: [
          { name: 'uq_webhook_deliveries_id', columnNames: ['id'], isUnique: true },
          { name: 'idx_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
          {
            name: 'idx_webhook_deliveries_order',
            columnNames: ['webhook_id', 'ordering_key', 'status', 'seq'],
          },
          {
            name: 'idx_webhook_deliveries_list',
            columnNames: ['webhook_id', 'created_at', 'seq'],
          },
          { name: 'idx_webhook_deliveries_created', columnNames: ['created_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'secret_key_checks',
        columns: [
          { name: 'id', type: 'int', isPrimary: true },
          { name: 'check_value', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['secret_key_checks', 'webhook_deliveries', 'webhooks']) {
      await queryRunner.dropTable(table);
    }
  }
}
