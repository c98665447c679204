import { parseIpOrCidr } from '@keyhold/shared';
import { useEffect, useState } from 'react';
import {
  plainMessage,
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
  // Bumped whenever a submit fails: focus then moves to the first field in error.
  const [failedSubmits, setFailedSubmits] = useState(0);
  useEffect(() => {
    if (failedSubmits === 0) return;
    const first = document.querySelector<HTMLElement>('form [aria-invalid="true"]');
    first?.focus();
  }, [failedSubmits]);

  const setField = <F extends ApiKeyFormField>(field: F, value: ApiKeyFormValues[F]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const setFieldError = (field: ApiKeyFormField, message: string | undefined) =>
    setErrors((e) => ({ ...e, [field]: message }));

  /** The values to check (an IP still being typed counts as an entry) and the draft's error. */
  const candidate = (): { checked: ApiKeyFormValues; draftError?: string } => {
    setGeneralError(null);
    if (!ipDraft.trim()) return { checked: values };
    const parsed = parseIpOrCidr(ipDraft);
    if (!parsed.ok) return { checked: values, draftError: parsed.message };
    const next = { ...values, allowedIps: [...new Set([...values.allowedIps, parsed.value])] };
    setValues(next);
    setIpDraft('');
    return { checked: next };
  };

  /** Shows every problem at once (the draft IP's too) and moves focus to the first. */
  const refuse = (fieldErrors: ApiKeyFormErrors, draftError?: string): null => {
    setErrors({ ...fieldErrors, ...(draftError ? { allowedIps: draftError } : {}) });
    setFailedSubmits((n) => n + 1);
    return null;
  };

  /** Client-side check of the whole form (create). */
  const validate = (): ApiKeyInput | null => {
    const { checked, draftError } = candidate();
    const result = validateApiKeyForm(checked);
    if (!result.ok || draftError) return refuse(result.ok ? {} : result.errors, draftError);
    setErrors({});
    return result.input;
  };

  /** Client-side check of an edit: only the fields changed since the form was filled. */
  const validateChanges = (): Partial<ApiKeyInput> | null => {
    const { checked, draftError } = candidate();
    const result = validateApiKeyChanges(initialValues, checked);
    if (!result.ok || draftError) return refuse(result.ok ? {} : result.errors, draftError);
    setErrors({});
    return result.changes;
  };

  const applyServerError = (error: unknown) => {
    const { fields, general } = mapServerErrors(error);
    setErrors(
      Object.fromEntries(
        Object.entries(fields).map(([f, m]) => [f, m ? plainMessage(m) : m]),
      ) as ApiKeyFormErrors,
    );
    setGeneralError(general);
    setFailedSubmits((n) => n + 1);
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
