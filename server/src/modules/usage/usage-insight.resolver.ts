import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DEFAULT_USAGE_DAYS, SCOPES } from '@keyhold/shared';
import type { GraphQLContext } from '../../common/context';
import { forbidden } from '../../common/errors';
import { InsightDaysArgs } from './dto/insight-days.args';
import { ApiKey } from '../api-keys';
import { ApiKeyAddress, ApiKeyScopeUse } from './dto/usage-insight.type';
import {
  INSIGHT_RETENTION_DAYS,
  MAX_ADDRESSES,
  SUGGESTION_DAYS,
  UsageInsightService,
} from './usage-insight.service';

/** Reading how a key is used is reading the key: it takes `api_keys:read`, as `usage` does. */
function checkRead(context: GraphQLContext, days?: number | null): number {
  if (!context.principal.scopes.includes(SCOPES.API_KEYS_READ)) {
    throw forbidden(SCOPES.API_KEYS_READ);
  }
  return days ?? DEFAULT_USAGE_DAYS;
}

@Resolver(() => ApiKey)
export class UsageInsightResolver {
  @FieldResolver(() => [ApiKeyAddress], {
    description: `1..${INSIGHT_RETENTION_DAYS} days; most recent first; at most ${MAX_ADDRESSES}`,
  })
  async addresses(
    @Root() key: ApiKey,
    @Args() { days }: InsightDaysArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKeyAddress[]> {
    const window = checkRead(context, days);
    const all = await context.loaders.addresses.load({ apiKeyId: key.id, days: window });
    return all.slice(0, MAX_ADDRESSES);
  }

  @FieldResolver(() => [String], {
    description: `smallest list covering every address that succeeded in ${SUGGESTION_DAYS} days`,
  })
  async suggestedAllowedIps(
    @Root() key: ApiKey,
    @Ctx() context: GraphQLContext,
  ): Promise<string[]> {
    checkRead(context);
    const all = await context.loaders.addresses.load({ apiKeyId: key.id, days: SUGGESTION_DAYS });
    return UsageInsightService.suggestion(all);
  }

  @FieldResolver(() => [ApiKeyScopeUse], { description: 'one row per granted scope' })
  scopeUsage(
    @Root() key: ApiKey,
    @Args() { days }: InsightDaysArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKeyScopeUse[]> {
    const window = checkRead(context, days);
    return context.loaders.scopeUsage.load({ apiKeyId: key.id, scopes: key.scopes, days: window });
  }

  @FieldResolver(() => [String], { description: 'granted, not exercised in the last N days' })
  async unusedScopes(
    @Root() key: ApiKey,
    @Args() { days }: InsightDaysArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<string[]> {
    const window = checkRead(context, days);
    const uses = await context.loaders.scopeUsage.load({
      apiKeyId: key.id,
      scopes: key.scopes,
      days: window,
    });
    return uses.filter((u) => u.useCount === 0).map((u) => u.scope);
  }
}
