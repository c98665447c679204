import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { SCOPES } from '@keyhold/shared';
import { toConnection } from '../../common/connection';
import type { GraphQLContext } from '../../common/context';
import { AuditEventConnection } from './audit-event.type';
import { AuditEventsArgs } from './audit-events.args';

@Resolver()
export class AuditResolver {
  @Authorized(SCOPES.API_KEYS_READ)
  @Query(() => AuditEventConnection, {
    description: 'Newest first. API keys see events about keys only.',
  })
  async auditEvents(
    @Ctx() context: GraphQLContext,
    @Args() { first, after, apiKeyId, action, since, until }: AuditEventsArgs,
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
