import type { IncomingMessage, ServerResponse } from 'node:http';
import { SCOPE_CATALOGUE } from '@keyhold/shared';
import type { Loaders, Services } from '../services';
import type { AdminSessionInfo } from '../modules/auth/admin.service';
import type { KeyRecord } from '../modules/auth/verification-cache';
import type { ObservedRequest } from '../http/observability';

export const ALL_SCOPES: readonly string[] = SCOPE_CATALOGUE.map((s) => s.name);

/** Who is calling. Decided once per request, before GraphQL runs. */
export type Principal =
  | { kind: 'ANONYMOUS'; scopes: readonly string[] }
  | { kind: 'ADMIN'; scopes: readonly string[]; session: AdminSessionInfo }
  | { kind: 'API_KEY'; scopes: readonly string[]; key: KeyRecord };

export const ANONYMOUS: Principal = { kind: 'ANONYMOUS', scopes: [] };

export interface GraphQLContext {
  requestId: string;
  /** The request as metrics see it: GraphQL names the operation label. */
  observed: ObservedRequest;
  /** The client address, after TRUST_PROXY rules. */
  ip: string;
  principal: Principal;
  services: Services;
  /** Per-request batching of per-key reads (usage, keys by id). */
  loaders: Loaders;
  /** Scopes the auth checker granted to an API key in this request, with the field's path. */
  exercisedScopes: { scope: string; path: string }[];
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
