import { parseIpOrCidr } from '@keyhold/shared';
import { useEffect, useState } from 'react';
import {
  plainMessage,
  validateApiKeyForm,
  type ApiKeyFormErrors,
  type ApiKeyFormField,
  type ApiKeyFormValues,
  type ApiKeyInput,
} from './api-key-form';
import { mapServerErrors } from './server-errors';

export function useApiKeyForm(initial: () => ApiKeyFormValues) {
  const [values, setValues] = useState(initial);
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

  /** Client-side check; an IP still being typed counts as an entry. */
  const validate = (): ApiKeyInput | null => {
    setGeneralError(null);
    let candidate = values;
    let draftError: string | undefined;
    if (ipDraft.trim()) {
      const parsed = parseIpOrCidr(ipDraft);
      if (parsed.ok) {
        candidate = { ...values, allowedIps: [...new Set([...values.allowedIps, parsed.value])] };
        setValues(candidate);
        setIpDraft('');
      } else {
        draftError = parsed.message;
      }
    }
    // Every field is checked, so all problems show at once.
    const result = validateApiKeyForm(candidate);
    if (!result.ok || draftError) {
      const fieldErrors = result.ok ? {} : result.errors;
      setErrors({ ...fieldErrors, ...(draftError ? { allowedIps: draftError } : {}) });
      setFailedSubmits((n) => n + 1);
      return null;
    }
    setErrors({});
    return result.input;
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
    applyServerError,
    reset,
  };
}

export type ApiKeyFormState = ReturnType<typeof useApiKeyForm>;
