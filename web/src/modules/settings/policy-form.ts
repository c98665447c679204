import {
  MAX_LIFETIME_DAYS,
  MAX_REMINDER_DAYS,
  MAX_REMINDERS,
  MAX_UNUSED_DAYS,
} from '@keyhold/shared';
import type { KeyPolicyFieldsFragment, KeyPolicyInput } from '../../gql/graphql';

/** The policy form's values: numbers as typed ('' for none), reminders as "30, 7, 1". */
export interface PolicyFormValues {
  maxLifetimeDays: string;
  requireExpiry: boolean;
  requireAllowedIps: boolean;
  disableUnusedAfterDays: string;
  expiryReminderDays: string;
}

export type PolicyFormErrors = Partial<Record<keyof PolicyFormValues, string>>;

export function valuesFromPolicy(policy: KeyPolicyFieldsFragment): PolicyFormValues {
  return {
    maxLifetimeDays: policy.maxLifetimeDays?.toString() ?? '',
    requireExpiry: policy.requireExpiry,
    requireAllowedIps: policy.requireAllowedIps,
    disableUnusedAfterDays: policy.disableUnusedAfterDays?.toString() ?? '',
    expiryReminderDays: policy.expiryReminderDays.join(', '),
  };
}

function days(text: string, max: number): number | null | string {
  const value = text.trim();
  if (!value) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    return `Enter whole days from 1 to ${max}, or leave empty`;
  }
  return Number(value);
}

/** The input to send, or the errors to show. */
export function validatePolicyForm(
  values: PolicyFormValues,
): { ok: true; input: KeyPolicyInput } | { ok: false; errors: PolicyFormErrors } {
  const errors: PolicyFormErrors = {};
  const maxLifetimeDays = days(values.maxLifetimeDays, MAX_LIFETIME_DAYS);
  if (typeof maxLifetimeDays === 'string') errors.maxLifetimeDays = maxLifetimeDays;
  const disableUnusedAfterDays = days(values.disableUnusedAfterDays, MAX_UNUSED_DAYS);
  if (typeof disableUnusedAfterDays === 'string')
    errors.disableUnusedAfterDays = disableUnusedAfterDays;
  const parts = values.expiryReminderDays
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const reminders = parts.map((p) => days(p, MAX_REMINDER_DAYS));
  if (reminders.some((r) => typeof r !== 'number') || reminders.length > MAX_REMINDERS) {
    errors.expiryReminderDays = `Enter up to ${MAX_REMINDERS} whole days from 1 to ${MAX_REMINDER_DAYS}, separated by commas`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      maxLifetimeDays: maxLifetimeDays as number | null,
      requireExpiry: values.requireExpiry,
      requireAllowedIps: values.requireAllowedIps,
      disableUnusedAfterDays: disableUnusedAfterDays as number | null,
      expiryReminderDays: reminders as number[],
    },
  };
}
