import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { SCOPES } from '@keyhold/shared';
import { toConnection } from '../../common/connection';
import type { GraphQLContext } from '../../common/context';
import { DateTimeScalar } from '../../common/scalars';
import { AuditEventConnection } from './audit-event.type';

@Resolver()
export class AuditResolver {
  @Authorized(SCOPES.API_KEYS_READ)
  @Query(() => AuditEventConnection, {
    description: 'Newest first. API keys see events about keys only.',
  })
  async auditEvents(
    @Ctx() context: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('apiKeyId', () => ID, { nullable: true }) apiKeyId?: string | null,
    @Arg('action', () => String, {
      nullable: true,
      description: 'Only events with this action, e.g. api_key.updated',
    })
    action?: string | null,
    @Arg('since', () => DateTimeScalar, { nullable: true, description: 'Events at or after' })
    since?: Date | null,
    @Arg('until', () => DateTimeScalar, { nullable: true, description: 'Events before' })
    until?: Date | null,
  ): Promise<AuditEventConnection> {
    const page = await context.services.audit.list({
      first,
      after,
      apiKeyId,
      action,
      since,
      until,
      keyEventsOnly: context.principal.kind !== 'ADMIN',
    });
    return toConnection(AuditEventConnection, page, page.rows);
  }
}
