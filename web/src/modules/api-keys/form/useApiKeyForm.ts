import { parseIpOrCidr } from '@keyhold/shared';
import { useState } from 'react';
import {
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
    if (ipDraft.trim()) {
      const parsed = parseIpOrCidr(ipDraft);
      if (!parsed.ok) {
        setErrors((e) => ({ ...e, allowedIps: parsed.message }));
        return null;
      }
      candidate = { ...values, allowedIps: [...new Set([...values.allowedIps, parsed.value])] };
      setValues(candidate);
      setIpDraft('');
    }
    const result = validateApiKeyForm(candidate);
    if (!result.ok) {
      setErrors(result.errors);
      return null;
    }
    setErrors({});
    return result.input;
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
    applyServerError,
    reset,
  };
}

export type ApiKeyFormState = ReturnType<typeof useApiKeyForm>;
