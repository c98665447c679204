import { ArgsType, Field, Int } from 'type-graphql';
import { DEFAULT_USAGE_DAYS, MAX_USAGE_DAYS } from '@keyhold/shared';
import { IntBetween } from '../../../common/validators';

@ArgsType()
export class UsageDaysArgs {
  @IntBetween(1, MAX_USAGE_DAYS)
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_USAGE_DAYS })
  days?: number | null;
}
