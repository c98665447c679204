import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import type { Logger } from './common/logger';
import { systemClock, type Clock } from './common/clock';
import { RedisHub } from './common/redis';
import { Housekeeping } from './housekeeping';
import { ApiKeyChangeFeed, ApiKeyRepository, ApiKeyService } from './modules/api-keys';
import { AuditService } from './modules/audit';
import {
  AdminService,
  ApiKeyAuthenticator,
  FailureLimiter,
  KeyRateLimiter,
  KeyVerificationService,
  VerificationCache,
} from './modules/auth';
import { KeyPolicyService, PolicySweep } from './modules/policy';
import { UsageInsightService, UsageService } from './modules/usage';
import {
  AddressGuard,
  SecretBox,
  WebhookDispatcher,
  WebhookService,
  loadSecretEncryptionKey,
} from './modules/webhooks';

/** Every service, wired once per app instance (tests run several side by side). */
export function createServices(
  config: Config,
  dataSource: DataSource,
  logger: Logger,
  clock: Clock = systemClock,
) {
  const redis = config.redisUrl ? new RedisHub(config.redisUrl, logger) : null;
  const audit = new AuditService(dataSource);
  const changes = new ApiKeyChangeFeed(dataSource, logger, config.keyChangePollMs, redis);
  const policies = new KeyPolicyService(dataSource, audit, clock);
  const usage: UsageService = new UsageService(
    dataSource,
    logger,
    config.usageFlushSeconds,
    clock,
    (manager, uses) => apiKeys.writeLastUse(manager, uses),
  );
  const apiKeys = new ApiKeyService(
    dataSource,
    new ApiKeyRepository(dataSource),
    audit,
    changes,
    policies,
    usage,
    clock,
  );
  const insight = new UsageInsightService(dataSource, usage);
  const policySweep = new PolicySweep(
    dataSource,
    policies,
    apiKeys,
    usage,
    clock,
    logger,
    config.policySweepSeconds,
  );
  const secretBox = new SecretBox(loadSecretEncryptionKey(config));
  const addressGuard = new AddressGuard(config.webhookAllowPrivateUrls);
  const webhooks = new WebhookService(dataSource, audit, secretBox, addressGuard, clock, (m, id) =>
    apiKeys.eventView(m, id),
  );
  // Key changes are audited in their transaction; the audit hook adds their webhook events.
  audit.setListener(webhooks);
  const webhookDispatcher = new WebhookDispatcher(
    dataSource,
    secretBox,
    addressGuard,
    clock,
    logger,
  );
  webhooks.onEnqueued(() => webhookDispatcher.wake());
  const cache = new VerificationCache(apiKeys, undefined, clock);
  changes.onChange((key) => cache.invalidate(key));
  const limit = config.authFailuresPerMinute;
  const authenticator = new ApiKeyAuthenticator(
    cache,
    usage,
    {
      byAddress: new FailureLimiter(dataSource, 'auth_ip', limit, redis),
      byKey: new FailureLimiter(dataSource, 'auth_key', limit, redis),
      byKeyAndAddress: new FailureLimiter(dataSource, 'auth_key_ip', limit, redis),
    },
    new KeyRateLimiter(dataSource, redis, clock),
    clock,
  );
  const verification = new KeyVerificationService(authenticator, usage);
  const admins = new AdminService(
    dataSource,
    audit,
    {
      byAddress: new FailureLimiter(dataSource, 'login_ip', limit, redis),
      byEmail: new FailureLimiter(dataSource, 'login_email', limit, redis),
      byEmailAndAddress: new FailureLimiter(dataSource, 'login_email_ip', limit, redis),
    },
    { idleSeconds: config.sessionIdleSeconds, maxSeconds: config.sessionMaxSeconds },
    logger,
    clock,
  );
  const housekeeping = new Housekeeping(
    admins,
    audit,
    insight,
    config.auditRetentionDays,
    logger,
    clock,
    webhooks,
  );
  return {
    redis,
    audit,
    housekeeping,
    changes,
    apiKeys,
    usage,
    insight,
    policies,
    policySweep,
    secretBox,
    addressGuard,
    webhooks,
    webhookDispatcher,
    clock,
    cache,
    authenticator,
    verification,
    admins,
    sessionMaxSeconds: config.sessionMaxSeconds,
  };
}

export type Services = ReturnType<typeof createServices>;

/** DataLoaders live for one request: they batch its per-key reads and never outlive its data. */
export function createLoaders(services: Services) {
  return {
    apiKey: services.apiKeys.createLoader(),
    usage: services.usage.createLoader(),
    addresses: services.insight.createAddressLoader(),
    scopeUsage: services.insight.createScopeLoader(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

// GraphQLContext (in common/) names these without importing the modules.
declare module './common/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ContextServices extends Services {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ContextLoaders extends Loaders {}
}
