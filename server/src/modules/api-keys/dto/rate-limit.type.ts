import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IntBetween } from '../../../common/validators';

@ObjectType('RateLimit')
export class RateLimit {
  @Field(() => Int, { description: 'Requests allowed per window, 1..1000000' })
  limit: number;

  @Field(() => Int, { description: 'Window length in seconds, 1..86400' })
  windowSeconds: number;
}

export const RATE_LIMIT_BOUNDS = {
  limit: { min: 1, max: 1_000_000 },
  windowSeconds: { min: 1, max: 86_400 },
} as const;

const { limit, windowSeconds } = RATE_LIMIT_BOUNDS;

@InputType('RateLimitInput')
export class RateLimitInput {
  @IntBetween(limit.min, limit.max, 'whole number')
  @Field(() => Int, { description: '1..1000000' })
  limit: number;

  @IntBetween(windowSeconds.min, windowSeconds.max, 'whole number')
  @Field(() => Int, { description: '1..86400' })
  windowSeconds: number;
}
