import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../common/context';
import { ApiKey, present } from '../api-keys';
import { ApiKeyVerification, Viewer } from './viewer.type';

/**
 * `apiKey` costs a query, so it is read only when selected: the common `{ viewer { kind } }`
 * and `verifyApiKey { valid code }` stay free of database round trips.
 */
async function load(context: GraphQLContext, id: string | null): Promise<ApiKey | null> {
  const entity = id ? await context.loaders.apiKey.load(id) : null;
  return entity ? present(context, entity) : null;
}

@Resolver(() => Viewer)
export class ViewerFieldsResolver {
  @FieldResolver(() => ApiKey, { nullable: true })
  apiKey(@Root() viewer: Viewer, @Ctx() context: GraphQLContext): Promise<ApiKey | null> {
    return load(context, viewer.apiKeyId);
  }
}

@Resolver(() => ApiKeyVerification)
export class ApiKeyVerificationFieldsResolver {
  @FieldResolver(() => ApiKey, { nullable: true, description: 'Only when the secret matched' })
  apiKey(
    @Root() verification: ApiKeyVerification,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKey | null> {
    return load(context, verification.apiKeyId);
  }
}
