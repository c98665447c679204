import {
  isWholeNumberIn,
  normalizeAllowedIps,
  normalizeKeyName,
  RATE_LIMIT_BOUNDS,
  RATE_LIMIT_WINDOW_CHOICES,
} from '@keyhold/shared';
import dayjs from 'dayjs';
import type { ApiKeyDetailsFragment } from '../../../gql/graphql';

/** `expiresAt` is held the way Mantine's DateTimePicker speaks: local "YYYY-MM-DD HH:mm:ss". */
export interface ApiKeyFormValues {
  name: string;
  active: boolean;
  allowedIps: string[];
  scopes: string[];
  expiresAt: string | null;
  /** Requests per window; '' for no limit. */
  rateLimit: number | '';
  /** The window in seconds, as the select holds it: '1', '60', '3600' or '86400'. */
  rateLimitWindow: string;
}

/** The windows the form offers (contract: per second, minute, hour, day), as the select holds them. */
export const RATE_LIMIT_WINDOWS = RATE_LIMIT_WINDOW_CHOICES.map((w) => ({
  value: String(w.seconds),
  label: w.label,
}));

export interface RateLimitValue {
  limit: number;
  windowSeconds: number;
}

export type ApiKeyFormField = keyof ApiKeyFormValues;
export type ApiKeyFormErrors = Partial<Record<ApiKeyFormField, string>>;

export interface ApiKeyInput {
  name: string | null;
  active: boolean;
  allowedIps: string[];
  scopes: string[];
  expiresAt: string | null;
  /** Present only when the key has a limit (create) or when the limit changed (edit; null clears). */
  rateLimit?: RateLimitValue | null;
}

export const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

export const emptyValues = (): ApiKeyFormValues => ({
  name: '',
  active: true,
  allowedIps: [],
  scopes: [],
  expiresAt: null,
  rateLimit: '',
  rateLimitWindow: '60',
});

export function valuesFromKey(key: ApiKeyDetailsFragment): ApiKeyFormValues {
  return {
    name: key.name ?? '',
    active: key.active,
    allowedIps: key.allowedIps,
    scopes: key.scopes,
    expiresAt: key.expiresAt ? dayjs(key.expiresAt).format(PICKER_FORMAT) : null,
    rateLimit: key.rateLimit?.limit ?? '',
    rateLimitWindow: String(key.rateLimit?.windowSeconds ?? 60),
  };
}

/** "100 per minute", or a window that the select does not offer in seconds. */
export function describeRateLimit(rateLimit: RateLimitValue | null | undefined): string {
  if (!rateLimit) return 'No limit';
  const window = RATE_LIMIT_WINDOWS.find((w) => w.value === String(rateLimit.windowSeconds));
  return `${rateLimit.limit.toLocaleString('en-US')} ${window?.label ?? `per ${rateLimit.windowSeconds} s`}`;
}

function checkRateLimit(
  values: ApiKeyFormValues,
): { ok: true; value: RateLimitValue | null } | { ok: false; message: string } {
  if (values.rateLimit === '') return { ok: true, value: null };
  const limit = Number(values.rateLimit);
  const bounds = RATE_LIMIT_BOUNDS.limit;
  if (!isWholeNumberIn(limit, bounds)) {
    return {
      ok: false,
      message: `Must be a whole number from ${bounds.min} to ${bounds.max.toLocaleString('en-US')}`,
    };
  }
  const windowSeconds = Number(values.rateLimitWindow);
  if (!RATE_LIMIT_WINDOW_CHOICES.some((w) => w.seconds === windowSeconds)) {
    return { ok: false, message: 'Choose a window' };
  }
  return { ok: true, value: { limit, windowSeconds } };
}

/** A quick pick: this many days from now, at the current time of day. */
export function daysFromNow(days: number, now: Date = new Date()): string {
  return dayjs(now).add(days, 'day').second(0).format(PICKER_FORMAT);
}

const PLAIN: [RegExp, string][] = [
  [/^name must be at most (\d+) characters$/, 'Name can be at most $1 characters'],
  [
    /^name must not contain control characters$/,
    'Name cannot contain line breaks, tabs or other control characters',
  ],
  [
    /^name must not contain an API secret$/,
    'Name looks like an API secret. Never put a secret in a name.',
  ],
  [
    /^at most (\d+) entries are allowed \(got (\d+)\)$/,
    'At most $1 addresses can be listed (there are $2)',
  ],
];

/** The shared rules speak to programs ("name must be at most 100 characters"); admins read this. */
export function plainMessage(message: string): string {
  for (const [pattern, text] of PLAIN) {
    if (pattern.test(message)) return message.replace(pattern, text);
  }
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Checks the form with the shared rules. With `initial` (the edit form), an expiry left as it
 * was is not checked against the clock: an expired key can still be renamed.
 */
export function validateApiKeyForm(
  values: ApiKeyFormValues,
  now: Date = new Date(),
  initial?: ApiKeyFormValues,
): { ok: true; input: ApiKeyInput } | { ok: false; errors: ApiKeyFormErrors } {
  const errors: ApiKeyFormErrors = {};
  const name = normalizeKeyName(values.name);
  if (!name.ok) errors.name = plainMessage(name.message);
  const ips = normalizeAllowedIps(values.allowedIps);
  if (!ips.ok) errors.allowedIps = plainMessage(ips.message);
  let expiresAt: string | null = null;
  if (values.expiresAt) {
    const when = dayjs(values.expiresAt);
    if (!when.isValid()) errors.expiresAt = 'This is not a valid date and time';
    else if (!when.isAfter(now) && values.expiresAt !== initial?.expiresAt)
      errors.expiresAt = 'The expiry must be in the future';
    else expiresAt = when.toDate().toISOString();
  }
  const rateLimit = checkRateLimit(values);
  if (!rateLimit.ok) errors.rateLimit = rateLimit.message;
  if (!name.ok || !ips.ok || !rateLimit.ok || Object.keys(errors).length > 0)
    return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: name.value,
      active: values.active,
      allowedIps: ips.value,
      scopes: values.scopes,
      expiresAt,
      ...(rateLimit.value ? { rateLimit: rateLimit.value } : {}),
    },
  };
}

/**
 * What the edit form sends: only the fields the admin changed, so saving a page that has gone
 * stale never undoes what another admin changed meanwhile (re-enabling a key they disabled,
 * restoring scopes they removed). Only a changed expiry must lie in the future.
 */
export function validateApiKeyChanges(
  initial: ApiKeyFormValues,
  values: ApiKeyFormValues,
  now: Date = new Date(),
): { ok: true; changes: Partial<ApiKeyInput> } | { ok: false; errors: ApiKeyFormErrors } {
  const result = validateApiKeyForm(values, now, initial);
  if (!result.ok) return result;
  const { input } = result;
  const previous = {
    name: normalizeKeyName(initial.name),
    allowedIps: normalizeAllowedIps(initial.allowedIps),
  };
  const changes: Partial<ApiKeyInput> = {};
  if (!previous.name.ok || input.name !== previous.name.value) changes.name = input.name;
  if (input.active !== initial.active) changes.active = input.active;
  if (!previous.allowedIps.ok || !sameList(input.allowedIps, previous.allowedIps.value)) {
    changes.allowedIps = input.allowedIps;
  }
  if (!sameList([...input.scopes].sort(), [...initial.scopes].sort()))
    changes.scopes = input.scopes;
  if (values.expiresAt !== initial.expiresAt) changes.expiresAt = input.expiresAt;
  const before = checkRateLimit(initial);
  const after = input.rateLimit ?? null;
  if (!before.ok || JSON.stringify(before.value) !== JSON.stringify(after))
    changes.rateLimit = after;
  return { ok: true, changes };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
