import { normalizeAllowedIps, normalizeKeyName } from '@keyhold/shared';
import dayjs from 'dayjs';
import type { ApiKeyDetailsFragment } from '../../../gql/graphql';

/** `expiresAt` is held the way Mantine's DateTimePicker speaks: local "YYYY-MM-DD HH:mm:ss". */
export interface ApiKeyFormValues {
  name: string;
  active: boolean;
  allowedIps: string[];
  scopes: string[];
  expiresAt: string | null;
}

export type ApiKeyFormField = keyof ApiKeyFormValues;
export type ApiKeyFormErrors = Partial<Record<ApiKeyFormField, string>>;

export interface ApiKeyInput {
  name: string | null;
  active: boolean;
  allowedIps: string[];
  scopes: string[];
  expiresAt: string | null;
}

export const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

export const emptyValues = (): ApiKeyFormValues => ({
  name: '',
  active: true,
  allowedIps: [],
  scopes: [],
  expiresAt: null,
});

export function valuesFromKey(key: ApiKeyDetailsFragment): ApiKeyFormValues {
  return {
    name: key.name ?? '',
    active: key.active,
    allowedIps: key.allowedIps,
    scopes: key.scopes,
    expiresAt: key.expiresAt ? dayjs(key.expiresAt).format(PICKER_FORMAT) : null,
  };
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
  if (!name.ok || !ips.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: name.value,
      active: values.active,
      allowedIps: ips.value,
      scopes: values.scopes,
      expiresAt,
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
  const before = {
    name: normalizeKeyName(initial.name),
    allowedIps: normalizeAllowedIps(initial.allowedIps),
  };
  const changes: Partial<ApiKeyInput> = {};
  if (!before.name.ok || input.name !== before.name.value) changes.name = input.name;
  if (input.active !== initial.active) changes.active = input.active;
  if (!before.allowedIps.ok || !sameList(input.allowedIps, before.allowedIps.value)) {
    changes.allowedIps = input.allowedIps;
  }
  if (!sameList([...input.scopes].sort(), [...initial.scopes].sort()))
    changes.scopes = input.scopes;
  if (values.expiresAt !== initial.expiresAt) changes.expiresAt = input.expiresAt;
  return { ok: true, changes };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
