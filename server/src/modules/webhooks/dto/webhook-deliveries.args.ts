import { ArgsType, Field, ID, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '@keyhold/shared';
import { IntBetween } from '../../../common/validators';

@ArgsType()
export class WebhookDeliveriesArgs {
  @Field(() => ID)
  webhookId: string;

  @IntBetween(1, MAX_PAGE_SIZE)
  @Field(() => Int, { nullable: true, description: '1..100; default 25' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
