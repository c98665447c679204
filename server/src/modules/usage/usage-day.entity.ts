import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'api_key_usage_days' })
export class UsageDayEntity {
  @PrimaryColumn({ name: 'api_key_id', type: 'varchar', length: 36 })
  apiKeyId: string;

  /** UTC day, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @Column({ name: 'success_count', type: 'int', default: 0 })
  successCount: number;

  @Column({ name: 'failure_count', type: 'int', default: 0 })
  failureCount: number;
}
