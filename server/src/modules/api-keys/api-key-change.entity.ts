import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/columns';

/**
 * One row per change to a key, written in the change's transaction. Every replica polls it to
 * drop stale entries from its verification cache (contract: enforced everywhere within 2 s).
 */
@Entity({ name: 'api_key_changes' })
@Index('idx_api_key_changes_at', ['changedAt'])
export class ApiKeyChangeEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  key: string;

  @Column({ name: 'changed_at', ...TIMESTAMP })
  changedAt: Date;
}
