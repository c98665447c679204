import '../../../app/form-styles';
import { Alert, Stack, Switch, Text, TextInput } from '@mantine/core';
import { MAX_NAME_LENGTH } from '@keyhold/shared';
import { AllowedIpsField } from './AllowedIpsField';
import { ExpiresAtField } from './ExpiresAtField';
import { RateLimitField } from './RateLimitField';
import { ScopesField } from './ScopesField';
import type { ApiKeyFormState } from './useApiKeyForm';

export function ApiKeyFormFields({
  form,
  autoFocus = false,
  activeHint = 'A disabled key is refused until enabled again.',
}: {
  form: ApiKeyFormState;
  autoFocus?: boolean;
  activeHint?: string;
}) {
  const { values, errors, setField } = form;
  return (
    <Stack>
      {form.generalError && (
        <Alert color="red" role="alert" title="The key was not saved">
          {form.generalError}
        </Alert>
      )}
      <TextInput
        label="Name"
        description={`Optional, at most ${MAX_NAME_LENGTH} characters: what or who uses this key.`}
        placeholder="e.g. Billing service"
        value={values.name}
        onChange={(e) => setField('name', e.currentTarget.value)}
        error={errors.name}
        autoFocus={autoFocus}
        autoComplete="off"
        rightSectionWidth={72}
        rightSectionPointerEvents="none"
        rightSection={
          <Text
            size="xs"
            c={values.name.length > MAX_NAME_LENGTH ? 'red' : 'dimmed'}
            aria-hidden
            data-testid="name-counter"
          >
            {values.name.length}/{MAX_NAME_LENGTH}
          </Text>
        }
      />
      {/* No description prop: Mantine puts it inside the label, and the name must stay "Active". */}
      <Stack gap={4}>
        <Switch
          label="Active"
          checked={values.active}
          onChange={(e) => setField('active', e.currentTarget.checked)}
          error={errors.active}
          aria-describedby="active-hint"
        />
        <Text id="active-hint" size="xs" c="dimmed">
          {activeHint}
        </Text>
      </Stack>
      <AllowedIpsField
        value={values.allowedIps}
        draft={form.ipDraft}
        error={errors.allowedIps}
        onChange={(ips) => setField('allowedIps', ips)}
        onDraftChange={form.setIpDraft}
        onError={(message) => form.setFieldError('allowedIps', message)}
      />
      <ScopesField
        value={values.scopes}
        error={errors.scopes}
        onChange={(s) => setField('scopes', s)}
      />
      <ExpiresAtField
        value={values.expiresAt}
        error={errors.expiresAt}
        onChange={(v) => setField('expiresAt', v)}
      />
      <RateLimitField
        limit={values.rateLimit}
        window={values.rateLimitWindow}
        limitError={errors.rateLimit}
        windowError={errors.rateLimitWindow}
        onLimitChange={(v) => setField('rateLimit', v)}
        onWindowChange={(v) => setField('rateLimitWindow', v)}
      />
    </Stack>
  );
}
