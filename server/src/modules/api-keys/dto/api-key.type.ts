import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../../common/connection.type';
import { DateTimeScalar } from '../../../common/scalars';
import { statusOf, type ApiKeyEntity } from '../api-key.entity';
import { RateLimit } from './rate-limit.type';

export enum ApiKeyStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus' });

@ObjectType('ApiKeyUsageDay')
export class ApiKeyUsageDay {
  @Field(() => String, { description: 'UTC day, YYYY-MM-DD' })
  date: string;

  @Field(() => Int)
  successCount: number;

  @Field(() => Int)
  failureCount: number;
}

@ObjectType('ApiKey')
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => String)
  key: string;

  @Field(() => String, { description: 'Last 4 characters of the current secret' })
  secretHint: string;

  @Field(() => Boolean)
  active: boolean;

  @Field(() => ApiKeyStatus)
  status: ApiKeyStatus;

  @Field(() => [String])
  allowedIps: string[];

  @Field(() => [String])
  scopes: string[];

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => String, { nullable: true })
  lastUsedIp: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  secretRotatedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  previousSecretExpiresAt: Date | null;

  @Field(() => RateLimit, { nullable: true, description: 'null: no limit' })
  rateLimit: RateLimit | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;

  static from(entity: ApiKeyEntity, now = new Date()): ApiKey {
    const graceOver =
      !entity.previousSecretExpiresAt || entity.previousSecretExpiresAt.getTime() <= now.getTime();
    return Object.assign(new ApiKey(), {
      id: entity.id,
      name: entity.name === '' ? null : entity.name,
      key: entity.key,
      secretHint: entity.secretHint,
      active: entity.active,
      status: statusOf(entity, now) as ApiKeyStatus,
      allowedIps: entity.allowedIps,
      scopes: entity.scopes,
      expiresAt: entity.expiresAt,
      lastUsedAt: entity.lastUsedAt,
      lastUsedIp: entity.lastUsedIp,
      secretRotatedAt: entity.secretRotatedAt,
      previousSecretExpiresAt: graceOver ? null : entity.previousSecretExpiresAt,
      rateLimit:
        entity.rateLimit !== null && entity.rateLimitWindowSeconds !== null
          ? { limit: entity.rateLimit, windowSeconds: entity.rateLimitWindowSeconds }
          : null,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    });
  }
}

@ObjectType('ApiKeyConnection')
export class ApiKeyConnection extends ConnectionType(ApiKey, 'ApiKey') {}

/** What creation and rotation return: the key, and its new secret this one time. */
@ObjectType()
abstract class SecretPayload {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field(() => String, { description: 'Shown this once; only its SHA-256 digest is stored' })
  secret: string;
}

@ObjectType('CreateApiKeyPayload')
export class CreateApiKeyPayload extends SecretPayload {}

@ObjectType('RotateApiKeySecretPayload')
export class RotateApiKeySecretPayload extends SecretPayload {}

@ObjectType('DeleteApiKeyPayload')
export class DeleteApiKeyPayload {
  @Field(() => ID)
  deletedId: string;
}
