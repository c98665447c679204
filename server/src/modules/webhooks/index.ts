/** The webhooks module's public surface. */
export { WebhookResolver } from './webhook.resolver';
export { WebhookService, WEBHOOK_SECRET_PREFIX, type ApiKeyViewReader } from './webhook.service';
export { WebhookDispatcher, DEFAULT_DISPATCHER_OPTIONS } from './webhook-dispatcher';
export { AddressGuard, isPrivateAddress } from './address-guard';
export {
  SecretBox,
  loadSecretEncryptionKey,
  assertSecretKeyMatches,
  GENERATED_KEY_FILE,
} from './secret-box';
export { signatureHeader } from './webhook-sender';
export { WEBHOOK_EVENTS, RETRY_DELAYS_SECONDS, MAX_ATTEMPTS } from './webhook-events';
export { WebhookEntity } from './webhook.entity';
export { WebhookDeliveryEntity } from './webhook-delivery.entity';
