import type { AuthCheckerFn } from 'type-graphql';
import { AuthFailureReason, forbidden, unauthenticated } from './errors';
import type { GraphQLContext } from './context';

/**
 * `@Authorized(scope)` on a field: anonymous callers get UNAUTHENTICATED, callers without the
 * scope FORBIDDEN naming it. `@Authorized()` with no scope only requires a caller.
 */
export const authChecker: AuthCheckerFn<GraphQLContext> = ({ context, info }, scopes) => {
  const { principal } = context;
  if (principal.kind === 'ANONYMOUS') throw unauthenticated(AuthFailureReason.MISSING_CREDENTIALS);
  if (scopes.length === 0) return true;
  const granted = scopes.find((scope) => principal.scopes.includes(scope));
  if (granted === undefined) throw forbidden(scopes[0]!);
  if (principal.kind === 'API_KEY') {
    // Counted once the response shows whether the field succeeded (see scopeUsePlugin).
    const path: (string | number)[] = [];
    for (let p: typeof info.path | undefined = info.path; p; p = p.prev) path.unshift(p.key);
    context.exercisedScopes.push({ scope: granted, path: path.join('.') });
  }
  return true;
};
