import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/columns';

@Entity({ name: 'admin_sessions' })
export class AdminSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** SHA-256 of the cookie token, hex; the token itself is never stored. */
  @Index('uq_admin_sessions_token', { unique: true })
  @Column({ name: 'token_digest', type: 'varchar', length: 64 })
  tokenDigest: string;

  @Index('idx_admin_sessions_admin')
  @Column({ name: 'admin_id', type: 'varchar', length: 36 })
  adminId: string;

  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'last_seen_at', ...TIMESTAMP })
  lastSeenAt: Date;

  /** Absolute expiry; idle expiry is last_seen_at + the idle timeout. */
  @Column({ name: 'expires_at', ...TIMESTAMP })
  expiresAt: Date;
}
