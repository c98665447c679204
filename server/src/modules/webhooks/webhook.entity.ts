import { Column, Entity, PrimaryColumn } from 'typeorm';
import { stringArray, TIMESTAMP } from '../../database/columns';

@Entity({ name: 'webhooks' })
export class WebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'text', transformer: stringArray })
  events: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The signing secret under SECRET_ENCRYPTION_KEY (see secret-box.ts); never the secret. */
  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext: string;

  @Column({ name: 'secret_hint', type: 'varchar', length: 4 })
  secretHint: string;

  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', ...TIMESTAMP })
  updatedAt: Date;
}
