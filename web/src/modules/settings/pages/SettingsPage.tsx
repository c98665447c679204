import '../../../app/form-styles';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Button,
  Switch,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { LoadError } from '../../../components/LoadError';
import { describeError } from '../../../app/graphql-errors';
import {
  KeyPolicyDocument,
  UpdateKeyPolicyDocument,
  type KeyPolicyFieldsFragment,
} from '../../../gql/graphql';
import {
  validatePolicyForm,
  valuesFromPolicy,
  type PolicyFormErrors,
  type PolicyFormValues,
} from '../policy-form';

function PolicyForm({ policy }: { policy: KeyPolicyFieldsFragment }) {
  const [values, setValues] = useState<PolicyFormValues>(() => valuesFromPolicy(policy));
  const [errors, setErrors] = useState<PolicyFormErrors>({});
  const [save, { loading }] = useMutation(UpdateKeyPolicyDocument, {
    refetchQueries: ['KeyPolicy'],
  });
  const set = <F extends keyof PolicyFormValues>(field: F, value: PolicyFormValues[F]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validatePolicyForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    try {
      await save({ variables: { input: result.input } });
      notifications.show({ color: 'green', message: 'Policy saved' });
    } catch (error) {
      notifications.show({
        color: 'red',
        message: `The policy was not saved: ${describeError(error)}`,
      });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack maw={520}>
        <TextInput
          label="Maximum lifetime (days)"
          description="New keys and rotations must expire within it. Empty: no limit."
          inputMode="numeric"
          value={values.maxLifetimeDays}
          onChange={(e) => set('maxLifetimeDays', e.currentTarget.value)}
          error={errors.maxLifetimeDays}
        />
        <Switch
          label="Require an expiry date"
          checked={values.requireExpiry}
          onChange={(e) => set('requireExpiry', e.currentTarget.checked)}
        />
        <Switch
          label="Require allowed IPs"
          checked={values.requireAllowedIps}
          onChange={(e) => set('requireAllowedIps', e.currentTarget.checked)}
        />
        <TextInput
          label="Disable keys unused for (days)"
          description="Keys not used for this long (never used: since creation) are disabled. Empty: never."
          inputMode="numeric"
          value={values.disableUnusedAfterDays}
          onChange={(e) => set('disableUnusedAfterDays', e.currentTarget.value)}
          error={errors.disableUnusedAfterDays}
        />
        <TextInput
          label="Expiry reminders (days before)"
          description="An api_key.expiring event at each, e.g. 30, 7, 1. Empty: none."
          value={values.expiryReminderDays}
          onChange={(e) => set('expiryReminderDays', e.currentTarget.value)}
          error={errors.expiryReminderDays}
        />
        <Group>
          <Button type="submit" loading={loading}>
            Save policy
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SettingsPage() {
  const { data, error, loading, refetch } = useQuery(KeyPolicyDocument, {
    fetchPolicy: 'cache-and-network',
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        Settings
      </Title>
      <Paper withBorder p="lg">
        <Title order={2} size="h4" mb={4}>
          Key policy
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Rules every API key must meet. Creating, updating and rotating keys that break them is
          refused.
        </Text>
        {data ? (
          <PolicyForm policy={data.keyPolicy} />
        ) : error ? (
          <LoadError
            title="The policy could not be loaded"
            message={describeError(error)}
            onRetry={() => void refetch()}
          />
        ) : loading ? (
          <Skeleton height={280} aria-label="Loading policy" />
        ) : null}
      </Paper>
    </Stack>
  );
}
