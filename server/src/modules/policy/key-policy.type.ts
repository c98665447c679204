import { ArrayMaxSize, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import {
  MAX_LIFETIME_DAYS,
  MAX_REMINDER_DAYS,
  MAX_REMINDERS,
  MAX_UNUSED_DAYS,
} from '@keyhold/shared';

@ObjectType('KeyPolicy')
export class KeyPolicy {
  @Field(() => Int, {
    nullable: true,
    description: 'null: none. New keys and rotations must expire within it',
  })
  maxLifetimeDays: number | null;

  @Field(() => Boolean)
  requireExpiry: boolean;

  @Field(() => Boolean)
  requireAllowedIps: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'null: never. Unused since then (never used: since creation) -> disabled',
  })
  disableUnusedAfterDays: number | null;

  @Field(() => [Int], { description: 'e.g. [30, 7, 1]: an api_key.expiring event at each' })
  expiryReminderDays: number[];
}

/** An omitted field stays unchanged; null clears maxLifetimeDays or disableUnusedAfterDays. */
@InputType('KeyPolicyInput')
export class KeyPolicyInput {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LIFETIME_DAYS)
  @Field(() => Int, { nullable: true })
  maxLifetimeDays?: number | null;

  @Field(() => Boolean, { nullable: true })
  requireExpiry?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  requireAllowedIps?: boolean | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_UNUSED_DAYS)
  @Field(() => Int, { nullable: true })
  disableUnusedAfterDays?: number | null;

  @IsOptional()
  @ArrayMaxSize(MAX_REMINDERS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_REMINDER_DAYS, { each: true })
  @Field(() => [Int], { nullable: true })
  expiryReminderDays?: number[] | null;
}
