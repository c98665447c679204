import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/columns';

/** The one key policy (id 1); absent until an admin first saves it. */
@Entity({ name: 'key_policies' })
export class KeyPolicyEntity {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ name: 'max_lifetime_days', type: 'int', nullable: true })
  maxLifetimeDays: number | null;

  @Column({ name: 'require_expiry', type: 'boolean', default: false })
  requireExpiry: boolean;

  @Column({ name: 'require_allowed_ips', type: 'boolean', default: false })
  requireAllowedIps: boolean;

  @Column({ name: 'disable_unused_after_days', type: 'int', nullable: true })
  disableUnusedAfterDays: number | null;

  @Column({
    name: 'expiry_reminder_days',
    type: 'varchar',
    length: 255,
    transformer: {
      to: (value: number[] | undefined) =>
        value === undefined ? undefined : JSON.stringify(value),
      from: (value: string | null) => (value ? (JSON.parse(value) as number[]) : []),
    },
  })
  expiryReminderDays: number[];

  @Column({ name: 'updated_at', ...TIMESTAMP })
  updatedAt: Date;
}
