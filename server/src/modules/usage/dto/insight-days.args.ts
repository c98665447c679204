import { ArgsType, Field, Int } from 'type-graphql';
import { DEFAULT_USAGE_DAYS, INSIGHT_RETENTION_DAYS } from '@keyhold/shared';
import { IntBetween } from '../../../common/validators';

@ArgsType()
export class InsightDaysArgs {
  @IntBetween(1, INSIGHT_RETENTION_DAYS)
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_USAGE_DAYS })
  days?: number | null;
}
