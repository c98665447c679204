import { useMutation } from '@apollo/client/react';
import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { UpdateApiKeyDocument, type ApiKeyDetailsFragment } from '../../../gql/graphql';
import { valuesFromKey } from '../form/api-key-form';
import { ApiKeyFormFields } from '../form/ApiKeyFormFields';
import { useApiKeyForm } from '../form/useApiKeyForm';
import { KeyInsightSection } from './KeyInsightSection';

/**
 * Mounted per key version (keyed by updatedAt), so outside changes refill the fields. Saving
 * sends only the fields changed here, never the rest of a possibly stale page.
 */
export function EditApiKeyForm({ apiKey }: { apiKey: ApiKeyDetailsFragment }) {
  const form = useApiKeyForm(() => valuesFromKey(apiKey));
  const [update, { loading }] = useMutation(UpdateApiKeyDocument, {
    refetchQueries: ['AuditEvents'],
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = form.validateChanges();
    if (!input) return;
    if (Object.keys(input).length === 0) {
      notifications.show({ message: 'Nothing to save: no field was changed' });
      return;
    }
    try {
      await update({ variables: { id: apiKey.id, input } });
      notifications.show({ color: 'green', message: 'Changes saved' });
    } catch (error) {
      form.applyServerError(error);
      notifications.show({ color: 'red', message: 'The changes were not saved' });
    }
  };

  return (
    <Stack>
      <Paper withBorder p="lg">
        <Title order={2} size="h4" mb="md">
          Settings
        </Title>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ApiKeyFormFields
            form={form}
            activeHint="Takes effect when you save. The Disable/Enable button at the top does the same at once."
          />
          <Group mt="xl" gap="sm">
            <Button type="submit" loading={loading}>
              Save changes
            </Button>
            <Button component={Link} to="/admin/api-keys" variant="default">
              Cancel
            </Button>
          </Group>
        </form>
      </Paper>
      <KeyInsightSection apiKeyId={apiKey.id} form={form} />
    </Stack>
  );
}
