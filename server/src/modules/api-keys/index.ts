/**
 * The api-keys module's public surface: other modules, `common/`, `http/`, `services.ts` and
 * `app.ts` import it only from here. It owns the tables `api_keys`, `api_key_changes` and
 * `api_key_reminders`; nothing else writes them (the usage flush moves last use forward through
 * `ApiKeyService.writeLastUse`).
 */
export { ApiKeyService, type ListArgs } from './api-key.service';
/** For the composition root only (`services.ts`): other modules call the service. */
export { ApiKeyRepository, type LastUse } from './api-key.repository';
export { ApiKeyChangeFeed } from './api-key-change-feed';
export { ApiKeyEntity } from './api-key.entity';
export { ApiKeyChangeEntity } from './api-key-change.entity';
export { ApiKeyResolver } from './api-key.resolver';
export { canReadApiKeys, present } from './api-key.presenter';
export { ApiKey } from './dto/api-key.type';
export type { Actor } from './api-key.rules';
