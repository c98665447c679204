import { ErrorCode } from '@keyhold/shared';
import { apiErrorsOf, describeError } from '../../../app/graphql-errors';
import type { ApiKeyFormErrors, ApiKeyFormField } from './api-key-form';

const FORM_FIELDS: readonly ApiKeyFormField[] = [
  'name',
  'active',
  'allowedIps',
  'scopes',
  'expiresAt',
  'rateLimit',
  'rateLimitWindow',
];

/** The server names nested fields by path: `rateLimit.limit`, `input.rateLimit.windowSeconds`. */
function formFieldOf(path: string | undefined): ApiKeyFormField | undefined {
  if (!path) return undefined;
  if (/(^|\.)rateLimit\.windowSeconds$/.test(path)) return 'rateLimitWindow';
  if (/(^|\.)rateLimit(\.limit)?$/.test(path)) return 'rateLimit';
  return path.split('.').pop() as ApiKeyFormField;
}

/**
 * Puts each BAD_USER_INPUT error on the field its `extensions.field` names (the server may
 * prefix it with the argument, e.g. `input.allowedIps`); anything else becomes the form's error.
 */
export function mapServerErrors(error: unknown): {
  fields: ApiKeyFormErrors;
  general: string | null;
} {
  const fields: ApiKeyFormErrors = {};
  const general: string[] = [];
  for (const e of apiErrorsOf(error)) {
    const field = formFieldOf(e.field);
    if (e.code === ErrorCode.BAD_USER_INPUT && field && FORM_FIELDS.includes(field)) {
      fields[field] ??= e.message;
    } else {
      general.push(e.code === ErrorCode.BAD_USER_INPUT ? e.message : describeError(error));
    }
  }
  return { fields, general: general.length > 0 ? [...new Set(general)].join(' ') : null };
}
