import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../database/columns';

export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

/** The outbox: one row per event and webhook, written with the change that caused the event. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  /** Insertion order; deliveries of one key are inserted while its row is locked. */
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'webhook_id', type: 'varchar', length: 36 })
  webhookId: string;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  /** The API key the event is about: its deliveries to one webhook go out in order. */
  @Column({ name: 'ordering_key', type: 'varchar', length: 36, nullable: true })
  orderingKey: string | null;

  /** The JSON body, exactly as posted (and signed). */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'last_attempt_at', ...TIMESTAMP, nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'next_attempt_at', ...TIMESTAMP, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'claimed_until', ...TIMESTAMP, nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;
}
