import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../../common/connection.type';
import { DateTimeScalar } from '../../../common/scalars';
import type { WebhookDeliveryEntity } from '../webhook-delivery.entity';
import type { WebhookEntity } from '../webhook.entity';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

@ObjectType('Webhook')
export class Webhook {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  url: string;

  @Field(() => [String])
  events: string[];

  @Field(() => Boolean)
  active: boolean;

  @Field(() => String, { description: 'Last 4 characters of the signing secret' })
  secretHint: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;

  static from(entity: WebhookEntity): Webhook {
    return Object.assign(new Webhook(), {
      id: entity.id,
      url: entity.url,
      events: entity.events,
      active: entity.active,
      secretHint: entity.secretHint,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    });
  }
}

@ObjectType('WebhookDelivery')
export class WebhookDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  eventId: string;

  @Field(() => String)
  event: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true })
  responseStatus: number | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  nextAttemptAt: Date | null;

  static from(entity: WebhookDeliveryEntity): WebhookDelivery {
    return Object.assign(new WebhookDelivery(), {
      id: entity.id,
      eventId: entity.eventId,
      event: entity.eventType,
      status: entity.status as WebhookDeliveryStatus,
      attempts: entity.attempts,
      responseStatus: entity.responseStatus,
      error: entity.error,
      createdAt: entity.createdAt,
      lastAttemptAt: entity.lastAttemptAt,
      nextAttemptAt: entity.status === 'PENDING' ? entity.nextAttemptAt : null,
    });
  }
}

@ObjectType('WebhookDeliveryConnection')
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery, 'WebhookDelivery') {}

@ObjectType('CreateWebhookPayload')
export class CreateWebhookPayload {
  @Field(() => Webhook)
  webhook: Webhook;

  @Field(() => String, { description: 'The signing secret ("whsec_" + 40 base62), shown once' })
  secret: string;
}

@InputType('CreateWebhookInput')
export class CreateWebhookInput {
  @Field(() => String, { description: 'https or http, at most 2048 characters' })
  url: string;

  @Field(() => [String], { description: 'Event types to deliver (at least one)' })
  events: string[];

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  active?: boolean | null;
}

@InputType('UpdateWebhookInput', { description: 'An omitted field is left unchanged' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true })
  events?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}
