import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObservedRequest } from '../http/observability';
import type { Principal } from './principal';

export { ALL_SCOPES, ANONYMOUS, type Principal } from './principal';

/**
 * The services and per-request loaders of one app. `services.ts` fills these in by declaration
 * merging, so `common/` never imports the modules it serves.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContextServices {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContextLoaders {}

export interface GraphQLContext {
  requestId: string;
  /** The request as metrics see it: GraphQL names the operation label. */
  observed: ObservedRequest;
  /** The client address, after TRUST_PROXY rules. */
  ip: string;
  principal: Principal;
  services: ContextServices;
  /** Per-request batching of per-key reads (usage, keys by id). */
  loaders: ContextLoaders;
  /** Scopes the auth checker granted to an API key in this request, with the field's path. */
  exercisedScopes: { scope: string; path: string }[];
  /**
   * Epoch ms at which this answer stops being true with nothing stored changing (the first
   * expiry among the keys it shows turns their status); unset: no such moment.
   */
  answerValidUntil?: number;
  req: IncomingMessage;
  res: ServerResponse;
}

/** "admin:<email>" or "api_key:<key>", as the audit log names actors. */
export function actorOf(context: GraphQLContext) {
  const { principal } = context;
  const label =
    principal.kind === 'ADMIN'
      ? `admin:${principal.session.email}`
      : principal.kind === 'API_KEY'
        ? `api_key:${principal.key.key}`
        : 'anonymous';
  return { label, ip: context.ip, scopes: principal.scopes };
}
