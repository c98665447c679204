import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import type { Logger } from './common/logger';
import { systemClock, type Clock } from './common/clock';
import { RedisHub } from './common/redis';
import { Housekeeping } from './housekeeping';
import { ApiKeyChangeFeed } from './modules/api-keys/api-key-change-feed';
import { ApiKeyService } from './modules/api-keys/api-key.service';
import { AuditService } from './modules/audit/audit.service';
import { AdminService } from './modules/auth/admin.service';
import { ApiKeyAuthenticator } from './modules/auth/api-key-authenticator';
import { FailureLimiter } from './modules/auth/failure-limiter';
import { KeyRateLimiter } from './modules/auth/key-rate-limiter';
import { VerificationCache } from './modules/auth/verification-cache';
import { UsageService } from './modules/usage/usage.service';
import { UsageInsightService } from './modules/usage/usage-insight.service';
import { KeyPolicyService } from './modules/policy/key-policy.service';
import { PolicySweep } from './modules/policy/policy-sweep';
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
  const apiKeys = new ApiKeyService(dataSource, audit, changes, policies, clock);
  const usage = new UsageService(dataSource, logger, config.usageFlushSeconds, clock);
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
  const cache = new VerificationCache(apiKeys.repository);
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
    new KeyRateLimiter(dataSource, redis),
  );
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
