import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { SCOPE_CATALOGUE, SCOPES } from '@keyhold/shared';
import { ALL_SCOPES, type GraphQLContext } from '../../common/context';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { VerifyApiKeyArgs } from './verify-api-key.args';
import { ApiKeyVerification, ScopeDefinition, Viewer, ViewerKind } from './viewer.type';

@Resolver()
export class AuthResolver {
  @Query(() => Viewer, { description: 'Who is calling; open to everyone' })
  async viewer(@Ctx() context: GraphQLContext): Promise<Viewer> {
    const { principal } = context;
    if (principal.kind === 'ADMIN') {
      return {
        kind: ViewerKind.ADMIN,
        email: principal.session.email,
        apiKeyId: null,
        scopes: [...ALL_SCOPES],
      };
    }
    if (principal.kind === 'API_KEY') {
      return {
        kind: ViewerKind.API_KEY,
        email: null,
        apiKeyId: principal.key.id,
        scopes: [...principal.scopes],
      };
    }
    return { kind: ViewerKind.ANONYMOUS, email: null, apiKeyId: null, scopes: [] };
  }

  @Authorized(SCOPES.API_KEYS_READ, SCOPES.API_KEYS_WRITE, SCOPES.API_KEYS_VERIFY)
  @Query(() => [ScopeDefinition], { description: 'The scope catalogue' })
  scopes(): ScopeDefinition[] {
    return SCOPE_CATALOGUE.map((s) => ({ name: s.name, description: s.description }));
  }

  @Mutation(() => Viewer, {
    description: 'Admin sign-in; sets an httpOnly, SameSite=Strict session cookie',
  })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() context: GraphQLContext,
  ): Promise<Viewer> {
    const { token, session } = await context.services.admins.login(email, password, context.ip);
    setSessionCookie(context.res, token, context.services.sessionMaxSeconds);
    return {
      kind: ViewerKind.ADMIN,
      email: session.email,
      apiKeyId: null,
      scopes: [...ALL_SCOPES],
    };
  }

  @Mutation(() => Boolean, { description: 'Ends the admin session; false when there was none' })
  async logout(@Ctx() context: GraphQLContext): Promise<boolean> {
    clearSessionCookie(context.res);
    if (context.principal.kind !== 'ADMIN') return false;
    await context.services.admins.logout(context.principal.session, context.ip);
    return true;
  }

  @Authorized(SCOPES.API_KEYS_VERIFY)
  @Mutation(() => ApiKeyVerification, {
    description:
      "For the panel's other services: is this key+secret good, from this address, for these scopes? " +
      'Counts as a use of the verified key.',
  })
  verifyApiKey(
    @Args() { key, secret, ip, requiredScopes }: VerifyApiKeyArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<ApiKeyVerification> {
    return context.services.verification.verify(key, secret, ip, requiredScopes);
  }
}
