import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { stringArray, TIMESTAMP } from '../../database/columns';

export type ApiKeyStatusValue = 'ACTIVE' | 'DISABLED' | 'EXPIRED';

@Entity({ name: 'api_keys' })
// Sort column and id, then the searched columns (see the covering-list-indexes migration).
@Index('idx_api_keys_created_cover', ['createdAt', 'id', 'name', 'key'])
@Index('idx_api_keys_name_cover', ['name', 'id', 'key'])
@Index('idx_api_keys_last_used_cover', ['lastUsedAt', 'id', 'name', 'key'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** '' when unnamed: a NOT NULL column keeps keyset paging by name simple and indexable. */
  @Column({ type: 'varchar', length: 100, default: '' })
  name: string;

  @Index('uq_api_keys_key', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  key: string;

  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  @Column({ name: 'secret_digest', type: 'varchar', length: 64 })
  secretDigest: string;

  @Column({ name: 'secret_hint', type: 'varchar', length: 4 })
  secretHint: string;

  @Column({ name: 'previous_secret_digest', type: 'varchar', length: 64, nullable: true })
  previousSecretDigest: string | null;

  @Column({ name: 'previous_secret_expires_at', ...TIMESTAMP, nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ name: 'secret_rotated_at', ...TIMESTAMP, nullable: true })
  secretRotatedAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'allowed_ips', type: 'text', transformer: stringArray })
  allowedIps: string[];

  @Column({ type: 'text', transformer: stringArray })
  scopes: string[];

  @Column({ name: 'expires_at', ...TIMESTAMP, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', ...TIMESTAMP, nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'last_used_ip', type: 'varchar', length: 45, nullable: true })
  lastUsedIp: string | null;

  /** Requests allowed per window; null (with its window) when the key has no limit. */
  @Column({ name: 'rate_limit', type: 'int', nullable: true })
  rateLimit: number | null;

  @Column({ name: 'rate_limit_window_seconds', type: 'int', nullable: true })
  rateLimitWindowSeconds: number | null;

  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', ...TIMESTAMP })
  updatedAt: Date;
}

export function statusOf(
  key: Pick<ApiKeyEntity, 'active' | 'expiresAt'>,
  now = new Date(),
): ApiKeyStatusValue {
  if (!key.active) return 'DISABLED';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return 'ACTIVE';
}
