import { MaxLength } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '@keyhold/shared';
import { IntBetween } from '../../../common/validators';
import { ApiKeyOrder } from './api-key-order.input';
import { ApiKeyStatus } from './api-key.type';

@ArgsType()
export class ApiKeysArgs {
  @IntBetween(1, MAX_PAGE_SIZE)
  @Field(() => Int, { nullable: true, description: '1..100; default 25' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @IntBetween(1, MAX_PAGE_SIZE)
  @Field(() => Int, { nullable: true, description: '1..100' })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;

  @MaxLength(100, { message: 'must be at most 100 characters' })
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive: a name containing the term, or a key starting with it',
  })
  search?: string | null;

  @Field(() => ApiKeyStatus, { nullable: true })
  status?: ApiKeyStatus | null;

  @Field(() => ApiKeyOrder, { nullable: true, description: 'Default: CREATED_AT DESC' })
  orderBy?: ApiKeyOrder | null;
}
