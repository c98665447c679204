import { formatDateTime } from '../../../app/format';

export interface EventLike {
  action: string;
  actor: string;
  details: string | null;
}

type Json = Record<string, unknown>;

const FIELD_LABEL: Record<string, string> = {
  name: 'name',
  active: 'active',
  allowedIps: 'allowed IPs',
  scopes: 'scopes',
  expiresAt: 'expires',
  rateLimit: 'rate limit',
};

export function parseDetails(text: string | null): Json {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
  } catch {
    return {};
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T/;

/** One value as a person reads it: lists joined, dates local, empty said in words. */
export function showValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return field === 'expiresAt' ? 'never' : field === 'allowedIps' ? 'any address' : 'none';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return field === 'allowedIps' ? 'any address' : 'none';
    return value.map(String).join(', ');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && ISO.test(value)) return formatDateTime(value);
  if (typeof value === 'object') {
    const o = value as Json;
    if ('limit' in o && 'windowSeconds' in o)
      return `${String(o.limit)} per ${String(o.windowSeconds)} s`;
    return JSON.stringify(value);
  }
  return String(value);
}

/** The details of an event as short lines ("name: A → B"), never raw JSON. */
export function describeEvent(event: EventLike): string[] {
  const d = parseDetails(event.details);
  switch (event.action) {
    case 'api_key.updated': {
      const changes = (d.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
      return Object.entries(changes).map(
        ([field, c]) =>
          `${FIELD_LABEL[field] ?? field}: ${showValue(field, c.from)} → ${showValue(field, c.to)}`,
      );
    }
    case 'api_key.created':
      return ['name', 'allowedIps', 'scopes', 'expiresAt']
        .filter((f) => f in d)
        .map((f) => `${FIELD_LABEL[f]}: ${showValue(f, d[f])}`);
    case 'api_key.secret_rotated':
      return [
        typeof d.previousSecretExpiresAt === 'string'
          ? `old secret works until ${formatDateTime(d.previousSecretExpiresAt)}`
          : 'old secret stopped working at once',
      ];
    case 'api_key.deleted':
    case 'api_key.activated':
    case 'api_key.deactivated':
      return [];
    default:
      return Object.entries(d).map(([k, v]) => `${k}: ${showValue(k, v)}`);
  }
}

/** "admin:ops@example.com" → "ops@example.com"; "api_key:kh_…" → "API key kh_…". */
export function describeActor(actor: string): string {
  if (actor.startsWith('admin:')) return actor.slice('admin:'.length);
  if (actor.startsWith('api_key:')) return `API key ${actor.slice('api_key:'.length)}`;
  return actor;
}

const ACTION_LABEL: Record<string, string> = {
  'api_key.created': 'Key created',
  'api_key.updated': 'Key updated',
  'api_key.activated': 'Key enabled',
  'api_key.deactivated': 'Key disabled',
  'api_key.secret_rotated': 'Secret rotated',
  'api_key.deleted': 'Key deleted',
  'api_key.auto_disabled': 'Key disabled by policy',
  'api_key.expiring': 'Expiry reminder',
  'api_key.expired': 'Key expired',
  'api_key.leaked': 'Secret reported leaked',
  'policy.updated': 'Key policy changed',
  'webhook.created': 'Webhook created',
  'webhook.updated': 'Webhook changed',
  'webhook.deleted': 'Webhook deleted',
  'webhook.test_sent': 'Webhook test sent',
  'webhook.redelivered': 'Webhook redelivered',
  'admin.login': 'Signed in',
  'admin.login_failed': 'Sign-in failed',
  'admin.logout': 'Signed out',
};

export function actionLabel(action: string): string {
  return ACTION_LABEL[action] ?? action;
}

export const AUDIT_ACTIONS = Object.keys(ACTION_LABEL);

/**
 * What the page's own events say a key was called: creation, renames and deletion carry the
 * name, so a deleted key is still named without asking the server.
 */
export function namesFromEvents(
  events: (EventLike & { apiKeyId: string | null })[],
): Map<string, { name: string | null; key: string | null }> {
  const out = new Map<string, { name: string | null; key: string | null }>();
  // Newest first: the first name seen for a key is its latest.
  for (const e of events) {
    if (!e.apiKeyId || out.has(e.apiKeyId)) continue;
    const d = parseDetails(e.details);
    const changes = d.changes as Record<string, { to?: unknown }> | undefined;
    const name =
      typeof changes?.name?.to === 'string'
        ? changes.name.to
        : typeof d.name === 'string'
          ? d.name
          : undefined;
    if (name !== undefined || typeof d.key === 'string') {
      out.set(e.apiKeyId, {
        name: name || null,
        key: typeof d.key === 'string' ? d.key : null,
      });
    }
  }
  return out;
}
