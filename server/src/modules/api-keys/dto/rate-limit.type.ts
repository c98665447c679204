import { Field, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('RateLimit')
export class RateLimit {
  @Field(() => Int, { description: 'Requests allowed per window, 1..1000000' })
  limit: number;

  @Field(() => Int, { description: 'Window length in seconds, 1..86400' })
  windowSeconds: number;
}

@InputType('RateLimitInput')
export class RateLimitInput {
  @Field(() => Int, { description: '1..1000000' })
  limit: number;

  @Field(() => Int, { description: '1..86400' })
  windowSeconds: number;
}
