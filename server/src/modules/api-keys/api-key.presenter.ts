import { SCOPES } from '@keyhold/shared';
import type { GraphQLContext } from '../../common/context';
import type { ApiKeyEntity } from './api-key.entity';
import { ApiKey } from './dto/api-key.type';

export function canReadApiKeys(context: GraphQLContext): boolean {
  return context.principal.scopes.includes(SCOPES.API_KEYS_READ);
}

/**
 * The GraphQL view of a key, with this replica's not-yet-written last use laid over it. A
 * mutation's answer to a caller without `api_keys:read` leaves out how the key was used: a
 * write is no way to read what that scope guards.
 */
export function present(context: GraphQLContext, entity: ApiKeyEntity): ApiKey {
  const now = context.services.clock.now();
  const key = ApiKey.from(entity, now);
  // The view turns at the key's expiry (status) and at the end of its rotation's grace period.
  for (const at of [entity.expiresAt, entity.previousSecretExpiresAt]) {
    const ms = at?.getTime();
    if (ms !== undefined && ms > now.getTime() && ms < (context.answerValidUntil ?? Infinity))
      context.answerValidUntil = ms;
  }
  if (!canReadApiKeys(context)) {
    key.lastUsedAt = null;
    key.lastUsedIp = null;
    return key;
  }
  const pending = context.services.usage.pendingLastUse(entity.id);
  if (pending && (!key.lastUsedAt || key.lastUsedAt < pending.at)) {
    key.lastUsedAt = pending.at;
    key.lastUsedIp = pending.ip;
  }
  return key;
}
