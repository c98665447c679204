import type { AuthCheckerFn } from 'type-graphql';
import { AuthFailureReason, forbidden, unauthenticated } from './errors';
import type { GraphQLContext } from './context';

/**
 * `@Authorized(scope)` on a field: anonymous callers get UNAUTHENTICATED, callers without the
 * scope FORBIDDEN naming it. `@Authorized()` with no scope only requires a caller.
 */
export const authChecker: AuthCheckerFn<GraphQLContext> = ({ context }, scopes) => {
  const { principal } = context;
  if (principal.kind === 'ANONYMOUS') throw unauthenticated(AuthFailureReason.MISSING_CREDENTIALS);
  if (scopes.length === 0 || scopes.some((scope) => principal.scopes.includes(scope))) return true;
  throw forbidden(scopes[0]!);
};
