import { useQuery } from '@apollo/client/react';
import { Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconWebhook } from '@tabler/icons-react';
import { describeError } from '../../../app/graphql-errors';
import { LoadError } from '../../../components/LoadError';
import { WebhooksDocument } from '../../../gql/webhooks/graphql';
import { WebhooksList } from '../components/WebhooksList';
import { useWebhookDialogs } from '../hooks/useWebhookDialogs';

export function WebhooksPage() {
  const { data, error, loading, refetch } = useQuery(WebhooksDocument, {
    fetchPolicy: 'cache-and-network',
  });
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const { openCreate, openEdit, openDelete, dialogs } = useWebhookDialogs();
  const webhooks = data?.webhooks;

  let body;
  if (error && !webhooks) {
    body = (
      <LoadError
        title="The webhooks could not be loaded"
        message={describeError(error)}
        onRetry={() => void refetch()}
      />
    );
  } else if (!webhooks) {
    body = loading ? <Skeleton height={160} aria-label="Loading webhooks" /> : null;
  } else if (webhooks.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Stack align="center" gap="sm">
          <IconWebhook size={40} stroke={1.5} aria-hidden />
          <Title order={2} size="h3">
            No webhooks yet
          </Title>
          <Text c="dimmed" ta="center" maw={480}>
            A webhook tells another system when a key is created, changed, disabled, about to expire
            or reported leaked, with a signed HTTPS request for each event.
          </Text>
          <Button onClick={openCreate}>Create your first webhook</Button>
        </Stack>
      </Paper>
    );
  } else {
    body = (
      <WebhooksList webhooks={webhooks} phone={phone} onEdit={openEdit} onDelete={openDelete} />
    );
  }

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Webhooks
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={openCreate}>
          New webhook
        </Button>
      </Group>
      {body}
      {dialogs}
    </>
  );
}
