import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/columns';

/** Kept after its key is deleted: there is deliberately no foreign key to api_keys. */
@Entity({ name: 'audit_events' })
@Index('idx_audit_events_at', ['at', 'id'])
@Index('idx_audit_events_key_at', ['apiKeyId', 'at', 'id'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ ...TIMESTAMP })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 320 })
  actor: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 36, nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  details: string | null;
}
