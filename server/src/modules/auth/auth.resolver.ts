import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import {
  AuthFailureReason,
  normalizeIpAddress,
  normalizeScopes,
  SCOPE_CATALOGUE,
  SCOPES,
} from '@keyhold/shared';
import { ALL_SCOPES, type GraphQLContext } from '../../common/context';
import { badUserInput } from '../../common/errors';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import {
  ApiKeyVerification,
  ScopeDefinition,
  VerificationCode,
  Viewer,
  ViewerKind,
} from './viewer.type';

const CODE_BY_REASON: Record<AuthFailureReason, VerificationCode> = {
  [AuthFailureReason.MISSING_CREDENTIALS]: VerificationCode.INVALID_CREDENTIALS,
  [AuthFailureReason.INVALID_CREDENTIALS]: VerificationCode.INVALID_CREDENTIALS,
  [AuthFailureReason.KEY_DISABLED]: VerificationCode.DISABLED,
  [AuthFailureReason.KEY_EXPIRED]: VerificationCode.EXPIRED,
  [AuthFailureReason.IP_NOT_ALLOWED]: VerificationCode.IP_NOT_ALLOWED,
};

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
  async verifyApiKey(
    @Arg('key', () => String) key: string,
    @Arg('secret', () => String) secret: string,
    @Ctx() context: GraphQLContext,
    @Arg('ip', () => String, { nullable: true }) ip?: string | null,
    @Arg('requiredScopes', () => [String], { nullable: true }) requiredScopes?: string[] | null,
  ): Promise<ApiKeyVerification> {
    const address = ip == null ? null : normalizeIpAddress(ip);
    if (ip != null && address === null)
      throw badUserInput('ip', `"${ip}" is not a valid IPv4/IPv6 address`);
    const required = normalizeScopes(requiredScopes ?? []);
    if (!required.ok) throw badUserInput('requiredScopes', required.message);

    const { services } = context;
    const result = await services.authenticator.check(key, secret, address);
    let code = result.ok ? VerificationCode.VALID : CODE_BY_REASON[result.reason];
    const matched = result.ok || result.reason !== AuthFailureReason.INVALID_CREDENTIALS;
    if (result.ok && required.value.some((scope) => !result.record.scopes.includes(scope))) {
      code = VerificationCode.MISSING_SCOPE;
    }
    // A verification is a use of the verified key: it counts against the key's rate limit.
    if (result.ok) {
      const rate = await services.authenticator.countRequest(result.record);
      if (rate && !rate.allowed) code = VerificationCode.RATE_LIMITED;
    }
    if (result.record)
      services.usage.record(result.record.id, code === VerificationCode.VALID, address);
    return {
      valid: code === VerificationCode.VALID,
      code,
      apiKeyId: matched && result.record ? result.record.id : null,
      scopes: matched && result.record ? [...result.record.scopes] : [],
    };
  }
}
