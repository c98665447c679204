/** The events a webhook can subscribe to (the contract's list). */
export const WEBHOOK_EVENTS = [
  'api_key.created',
  'api_key.updated',
  'api_key.activated',
  'api_key.deactivated',
  'api_key.secret_rotated',
  'api_key.deleted',
  'api_key.expiring',
  'api_key.expired',
  'api_key.leaked',
  'webhook.ping',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** Retry delays after a failed attempt; after the last one fails the delivery is FAILED. */
export const RETRY_DELAYS_SECONDS = [10, 60, 300, 1800, 7200, 21_600, 43_200, 86_400] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
