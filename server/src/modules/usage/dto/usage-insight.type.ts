import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../../common/scalars';

@ObjectType('ApiKeyAddress')
export class ApiKeyAddress {
  @Field(() => String)
  ip: string;

  @Field(() => DateTimeScalar)
  firstSeenAt: Date;

  @Field(() => DateTimeScalar)
  lastSeenAt: Date;

  @Field(() => Int)
  successCount: number;

  @Field(() => Int)
  failureCount: number;
}

@ObjectType('ApiKeyScopeUse')
export class ApiKeyScopeUse {
  @Field(() => String)
  scope: string;

  @Field(() => Int)
  useCount: number;

  @Field(() => DateTimeScalar, { nullable: true })
  lastUsedAt: Date | null;
}
