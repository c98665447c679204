import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Per-key rate limits: requests per window, both null when the key has no limit. */
export class ApiKeyRateLimits1764460800000 implements MigrationInterface {
  name = 'ApiKeyRateLimits1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('api_keys', [
      new TableColumn({ name: 'rate_limit', type: 'int', isNullable: true }),
      new TableColumn({ name: 'rate_limit_window_seconds', type: 'int', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('api_keys', 'rate_limit_window_seconds');
    await queryRunner.dropColumn('api_keys', 'rate_limit');
  }
}
