import { IsIn, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '@keyhold/shared';
import { DateTimeScalar } from '../../common/scalars';
import { IntBetween } from '../../common/validators';
import { AUDIT_ACTIONS } from './audit.service';

@ArgsType()
export class AuditEventsArgs {
  @IntBetween(1, MAX_PAGE_SIZE)
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => ID, { nullable: true })
  apiKeyId?: string | null;

  @IsOptional()
  @IsIn(AUDIT_ACTIONS, { message: `unknown action; known: ${AUDIT_ACTIONS.join(', ')}` })
  @Field(() => String, {
    nullable: true,
    description: 'Only events with this action, e.g. api_key.updated',
  })
  action?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Events at or after' })
  since?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Events before' })
  until?: Date | null;
}
