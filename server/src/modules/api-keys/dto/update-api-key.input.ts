import { ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { DateTimeScalar } from '../../../common/scalars';
import { RateLimitInput } from './rate-limit.type';
import { IsAllowedIps, IsKeyName, IsKnownScopes } from '../../../common/validators';

/** An omitted field stays unchanged; `expiresAt: null` clears the expiry. */
@InputType('UpdateApiKeyInput')
export class UpdateApiKeyInput {
  @IsKeyName()
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @IsAllowedIps()
  @Field(() => [String], { nullable: true })
  allowedIps?: string[] | null;

  @IsKnownScopes()
  @Field(() => [String], { nullable: true })
  scopes?: string[] | null;

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt?: Date | null;

  @ValidateNested()
  @Field(() => RateLimitInput, {
    nullable: true,
    description: 'Omitted: unchanged; null clears the limit',
  })
  rateLimit?: RateLimitInput | null;
}
