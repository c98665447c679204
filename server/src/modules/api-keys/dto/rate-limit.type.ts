import { RATE_LIMIT_BOUNDS } from '@keyhold/shared';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IntBetween } from '../../../common/validators';

const { limit, windowSeconds } = RATE_LIMIT_BOUNDS;

@ObjectType('RateLimit')
export class RateLimit {
  @Field(() => Int, { description: `Requests allowed per window, ${limit.min}..${limit.max}` })
  limit: number;

  @Field(() => Int, {
    description: `Window length in seconds, ${windowSeconds.min}..${windowSeconds.max}`,
  })
  windowSeconds: number;
}

@InputType('RateLimitInput')
export class RateLimitInput {
  @IntBetween(limit.min, limit.max, 'whole number')
  @Field(() => Int, { description: `${limit.min}..${limit.max}` })
  limit: number;

  @IntBetween(windowSeconds.min, windowSeconds.max, 'whole number')
  @Field(() => Int, { description: `${windowSeconds.min}..${windowSeconds.max}` })
  windowSeconds: number;
}
