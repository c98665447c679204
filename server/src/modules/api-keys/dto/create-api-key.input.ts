import { ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { DateTimeScalar } from '../../../common/scalars';
import { RateLimitInput } from './rate-limit.type';
import { IsAllowedIps, IsKeyName, IsKnownScopes } from '../../../common/validators';

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @IsKeyName()
  @Field(() => String, { nullable: true, description: 'Optional, at most 100 characters' })
  name?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  active?: boolean | null;

  @IsAllowedIps()
  @Field(() => [String], {
    nullable: true,
    defaultValue: [],
    description: 'IPv4/IPv6 addresses and CIDR ranges; empty = any address',
  })
  allowedIps?: string[] | null;

  @IsKnownScopes()
  @Field(() => [String], { nullable: true, defaultValue: [] })
  scopes?: string[] | null;

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt?: Date | null;

  @ValidateNested()
  @Field(() => RateLimitInput, {
    nullable: true,
    description: 'Requests per window; omitted or null: no limit',
  })
  rateLimit?: RateLimitInput | null;
}
