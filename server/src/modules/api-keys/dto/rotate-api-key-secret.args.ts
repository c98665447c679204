import { ArgsType, Field, ID, Int } from 'type-graphql';
import { MAX_ROTATION_GRACE_SECONDS } from '@keyhold/shared';
import { IntBetween } from '../../../common/validators';

@ArgsType()
export class RotateApiKeySecretArgs {
  @Field(() => ID)
  id: string;

  @IntBetween(0, MAX_ROTATION_GRACE_SECONDS)
  @Field(() => Int, { nullable: true, defaultValue: 0 })
  gracePeriodSeconds?: number | null;
}
