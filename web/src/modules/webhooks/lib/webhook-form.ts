import { ErrorCode } from '@keyhold/shared';
import { apiErrorsOf, describeError } from '../../../app/graphql-errors';
import type { WebhookFieldsFragment } from '../../../gql/webhooks/graphql';

/** The events a webhook can subscribe to (contract, "Webhooks"), grouped for the form. */
export const WEBHOOK_EVENT_GROUPS = [
  {
    label: 'Key changes',
    events: [
      { name: 'api_key.created', description: 'A key was created' },
      { name: 'api_key.updated', description: 'Name, IPs, scopes, expiry or limit changed' },
      { name: 'api_key.secret_rotated', description: 'A new secret was generated' },
      { name: 'api_key.deleted', description: 'A key was deleted' },
    ],
  },
  {
    label: 'Status',
    events: [
      { name: 'api_key.activated', description: 'A key was enabled' },
      { name: 'api_key.deactivated', description: 'Disabled by an admin or by a policy' },
      { name: 'api_key.expiring', description: 'A reminder before the expiry date' },
      { name: 'api_key.expired', description: 'A key reached its expiry date' },
    ],
  },
  {
    label: 'Security',
    events: [{ name: 'api_key.leaked', description: 'A secret was reported public and disabled' }],
  },
] as const;

export const WEBHOOK_EVENTS: readonly string[] = WEBHOOK_EVENT_GROUPS.flatMap((g) =>
  g.events.map((e) => e.name),
);

/** Sent by "Send test event" whatever the webhook subscribes to. */
export const PING_EVENT = 'webhook.ping';

export const MAX_URL_LENGTH = 2048;

export interface WebhookFormValues {
  url: string;
  events: string[];
  active: boolean;
}

export type WebhookFormField = keyof WebhookFormValues;
export type WebhookFormErrors = Partial<Record<WebhookFormField, string>>;

export interface WebhookInput {
  url: string;
  events: string[];
  active: boolean;
}

export const emptyWebhookValues = (): WebhookFormValues => ({
  url: '',
  events: [],
  active: true,
});

export function valuesFromWebhook(webhook: WebhookFieldsFragment): WebhookFormValues {
  return { url: webhook.url, events: [...webhook.events], active: webhook.active };
}

function checkUrl(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim();
  if (!value) return { ok: false, message: 'Enter the URL that receives the events' };
  if (value.length > MAX_URL_LENGTH) {
    return { ok: false, message: `The URL can be at most ${MAX_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: 'Enter a full URL, e.g. https://example.com/keyhold-events' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'The URL must start with https:// or http://' };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: 'Do not put credentials in the URL: check the signature of each delivery instead',
    };
  }
  return { ok: true, value };
}

// The API also accepts the ping as a subscription (it changes nothing: the test is sent
// anyway), so a webhook made that way stays editable.
const KNOWN_EVENTS: readonly string[] = [...WEBHOOK_EVENTS, PING_EVENT];

/** Keeps the catalogue's order, so the same choice always reads the same. */
function orderedEvents(events: readonly string[]): string[] {
  return KNOWN_EVENTS.filter((e) => events.includes(e));
}

/** Checks the whole form and reports every problem at once. */
export function validateWebhookForm(
  values: WebhookFormValues,
): { ok: true; input: WebhookInput } | { ok: false; errors: WebhookFormErrors } {
  const errors: WebhookFormErrors = {};
  const url = checkUrl(values.url);
  if (!url.ok) errors.url = url.message;
  const unknown = values.events.filter((e) => !KNOWN_EVENTS.includes(e));
  if (unknown.length > 0) errors.events = `Unknown event: ${unknown.join(', ')}`;
  else if (!values.events.some((e) => WEBHOOK_EVENTS.includes(e)))
    errors.events = 'Choose at least one event';
  if (!url.ok || errors.events) return { ok: false, errors };
  return {
    ok: true,
    input: { url: url.value, events: orderedEvents(values.events), active: values.active },
  };
}

/**
 * An edit sends only what the admin changed, so saving a stale dialog does not undo what
 * another admin changed meanwhile.
 */
export function validateWebhookChanges(
  initial: WebhookFormValues,
  values: WebhookFormValues,
): { ok: true; changes: Partial<WebhookInput> } | { ok: false; errors: WebhookFormErrors } {
  const result = validateWebhookForm(values);
  if (!result.ok) return result;
  const { input } = result;
  const changes: Partial<WebhookInput> = {};
  if (input.url !== initial.url.trim()) changes.url = input.url;
  const before = orderedEvents(initial.events);
  if (before.join(',') !== input.events.join(',')) changes.events = input.events;
  if (input.active !== initial.active) changes.active = input.active;
  return { ok: true, changes };
}

const FIELDS: readonly WebhookFormField[] = ['url', 'events', 'active'];

/**
 * Puts each BAD_USER_INPUT error on the field its `extensions.field` names (possibly prefixed
 * with the argument, `input.url`); anything else becomes the form's error.
 */
export function mapWebhookServerErrors(error: unknown): {
  fields: WebhookFormErrors;
  general: string | null;
} {
  const fields: WebhookFormErrors = {};
  const general: string[] = [];
  for (const e of apiErrorsOf(error)) {
    // `events.2` names one entry of the list.
    const field = e.field
      ?.split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() as WebhookFormField | undefined;
    if (e.code === ErrorCode.BAD_USER_INPUT && field && FIELDS.includes(field)) {
      fields[field] ??= e.message.charAt(0).toUpperCase() + e.message.slice(1);
    } else {
      general.push(e.code === ErrorCode.BAD_USER_INPUT ? e.message : describeError(error));
    }
  }
  return { fields, general: general.length > 0 ? [...new Set(general)].join(' ') : null };
}
