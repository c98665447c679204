import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/connection.type';
import { DateTimeScalar } from '../../common/scalars';

@ObjectType('AuditEvent')
export class AuditEvent {
  @Field(() => ID)
  id: string;

  @Field(() => DateTimeScalar)
  at: Date;

  @Field(() => String, {
    description:
      'api_key.created, api_key.updated, api_key.activated, api_key.deactivated, api_key.secret_rotated, ' +
      'api_key.deleted, api_key.auto_disabled, api_key.expiring, policy.updated, admin.login, ' +
      'admin.login_failed, admin.logout',
  })
  action: string;

  @Field(() => String, { description: '"admin:<email>", "api_key:<key>" or "system"' })
  actor: string;

  @Field(() => ID, { nullable: true })
  apiKeyId: string | null;

  @Field(() => String, { nullable: true })
  ip: string | null;

  @Field(() => String, { nullable: true, description: 'JSON text; never a secret' })
  details: string | null;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnection extends ConnectionType(AuditEvent, 'AuditEvent') {}
