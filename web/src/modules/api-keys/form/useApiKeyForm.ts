import { parseIpOrCidr } from '@keyhold/shared';
import { useState } from 'react';
import {
  validateApiKeyChanges,
  validateApiKeyForm,
  type ApiKeyFormErrors,
  type ApiKeyFormField,
  type ApiKeyFormValues,
  type ApiKeyInput,
} from './api-key-form';
import { mapServerErrors } from './server-errors';

export function useApiKeyForm(initial: () => ApiKeyFormValues) {
  const [initialValues] = useState(initial);
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<ApiKeyFormErrors>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [ipDraft, setIpDraft] = useState('');

  const setField = <F extends ApiKeyFormField>(field: F, value: ApiKeyFormValues[F]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const setFieldError = (field: ApiKeyFormField, message: string | undefined) =>
    setErrors((e) => ({ ...e, [field]: message }));

  /** The values to check: an IP still being typed counts as an entry. Null when it is invalid. */
  const candidate = (): ApiKeyFormValues | null => {
    setGeneralError(null);
    if (!ipDraft.trim()) return values;
    const parsed = parseIpOrCidr(ipDraft);
    if (!parsed.ok) {
      setErrors((e) => ({ ...e, allowedIps: parsed.message }));
      return null;
    }
    const next = { ...values, allowedIps: [...new Set([...values.allowedIps, parsed.value])] };
    setValues(next);
    setIpDraft('');
    return next;
  };

  /** Client-side check of the whole form (create). */
  const validate = (): ApiKeyInput | null => {
    const checked = candidate();
    if (!checked) return null;
    const result = validateApiKeyForm(checked);
    if (!result.ok) {
      setErrors(result.errors);
      return null;
    }
    setErrors({});
    return result.input;
  };

  /** Client-side check of an edit: only the fields changed since the form was filled. */
  const validateChanges = (): Partial<ApiKeyInput> | null => {
    const checked = candidate();
    if (!checked) return null;
    const result = validateApiKeyChanges(initialValues, checked);
    if (!result.ok) {
      setErrors(result.errors);
      return null;
    }
    setErrors({});
    return result.changes;
  };

  const applyServerError = (error: unknown) => {
    const { fields, general } = mapServerErrors(error);
    setErrors(fields);
    setGeneralError(general);
  };

  const reset = (next: ApiKeyFormValues) => {
    setValues(next);
    setErrors({});
    setGeneralError(null);
    setIpDraft('');
  };

  return {
    values,
    errors,
    generalError,
    ipDraft,
    setIpDraft,
    setField,
    setFieldError,
    validate,
    validateChanges,
    applyServerError,
    reset,
  };
}

export type ApiKeyFormState = ReturnType<typeof useApiKeyForm>;
