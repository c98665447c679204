import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { DEFAULT_USAGE_DAYS, MAX_ROTATION_GRACE_SECONDS, SCOPES } from '@keyhold/shared';
import { toConnection } from '../../common/connection';
import { actorOf, type GraphQLContext } from '../../common/context';
import { forbidden } from '../../common/errors';
import { canReadApiKeys as canRead, present } from './api-key.presenter';
import { ApiKeysArgs } from './dto/api-keys.args';
import { RotateApiKeySecretArgs } from './dto/rotate-api-key-secret.args';
import { UsageDaysArgs } from './dto/usage-days.args';
import {
  ApiKey,
  ApiKeyConnection,
  ApiKeyUsageDay,
  CreateApiKeyPayload,
  DeleteApiKeyPayload,
  RotateApiKeySecretPayload,
} from './dto/api-key.type';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { UpdateApiKeyInput } from './dto/update-api-key.input';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized(SCOPES.API_KEYS_READ)
  @Query(() => ApiKeyConnection, {
    description: 'Relay cursor connection of API keys; default order CREATED_AT DESC',
  })
  async apiKeys(
    @Args() args: ApiKeysArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKeyConnection> {
    const page = await context.services.apiKeys.list(args);
    const nodes = page.rows.map((row) => present(context, row));
    return toConnection(ApiKeyConnection, page, nodes);
  }

  @Authorized(SCOPES.API_KEYS_READ)
  @Query(() => ApiKey, { nullable: true, description: 'null when absent' })
  async apiKey(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKey | null> {
    const entity = await context.loaders.apiKey.load(id);
    return entity ? present(context, entity) : null;
  }

  @FieldResolver(() => [ApiKeyUsageDay], { description: 'One row per UTC day, oldest first' })
  usage(
    @Root() key: ApiKey,
    @Args() { days }: UsageDaysArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKeyUsageDay[]> {
    if (!canRead(context)) throw forbidden(SCOPES.API_KEYS_READ);
    return context.loaders.usage.load({ apiKeyId: key.id, days: days ?? DEFAULT_USAGE_DAYS });
  }

  @Authorized(SCOPES.API_KEYS_WRITE)
  @Mutation(() => CreateApiKeyPayload)
  async createApiKey(
    @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput,
    @Ctx() context: GraphQLContext,
  ): Promise<CreateApiKeyPayload> {
    const { entity, secret } = await context.services.apiKeys.create(actorOf(context), input);
    return { apiKey: present(context, entity), secret };
  }

  @Authorized(SCOPES.API_KEYS_WRITE)
  @Mutation(() => ApiKey)
  async updateApiKey(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateApiKeyInput) input: UpdateApiKeyInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKey> {
    return present(context, await context.services.apiKeys.update(actorOf(context), id, input));
  }

  @Authorized(SCOPES.API_KEYS_WRITE)
  @Mutation(() => ApiKey)
  async setApiKeyActive(
    @Arg('id', () => ID) id: string,
    @Arg('active', () => Boolean) active: boolean,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKey> {
    return present(context, await context.services.apiKeys.setActive(actorOf(context), id, active));
  }

  @Authorized(SCOPES.API_KEYS_WRITE)
  @Mutation(() => RotateApiKeySecretPayload, {
    description: `New secret; the previous one keeps working for gracePeriodSeconds (0..${MAX_ROTATION_GRACE_SECONDS})`,
  })
  async rotateApiKeySecret(
    @Args() { id, gracePeriodSeconds }: RotateApiKeySecretArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<RotateApiKeySecretPayload> {
    const { entity, secret } = await context.services.apiKeys.rotate(
      actorOf(context),
      id,
      gracePeriodSeconds ?? 0,
    );
    return { apiKey: present(context, entity), secret };
  }

  @Authorized(SCOPES.API_KEYS_WRITE)
  @Mutation(() => DeleteApiKeyPayload)
  async deleteApiKey(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<DeleteApiKeyPayload> {
    return { deletedId: await context.services.apiKeys.delete(actorOf(context), id) };
  }
}
