import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconChevronLeft, IconChevronRight, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { LoadError } from '../../../components/LoadError';
import {
  RedeliverWebhookDocument,
  SendTestWebhookDocument,
  WebhookDeliveriesDocument,
  WebhooksDocument,
  type WebhookDeliveryFieldsFragment,
  type WebhookFieldsFragment,
} from '../../../gql/webhooks/graphql';
import { DeliveriesList } from '../components/DeliveriesList';
import { WebhookSettingsCard } from '../components/WebhookSettingsCard';
import { useWebhookDialogs } from '../hooks/useWebhookDialogs';

export const DELIVERIES_PAGE_SIZE = 20;
/** While a delivery is pending the page asks again this often (ms). */
export const PENDING_POLL_MS = 3000;

function BackLink() {
  return (
    <Anchor component={Link} to="/admin/webhooks" size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        Webhooks
      </Group>
    </Anchor>
  );
}

/**
 * webhookDeliveries pages forward only (first/after): the URL keeps the trail of cursors that
 * led here, so "Previous" drops the last one and reload/back/forward keep working.
 */
function Deliveries({ webhook }: { webhook: WebhookFieldsFragment }) {
  const [params, setParams] = useSearchParams();
  const trail = params.getAll('after');
  const after = trail.at(-1);
  const goTo = (next: string[]) => {
    const out = new URLSearchParams();
    next.forEach((c) => out.append('after', c));
    setParams(out);
  };
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const { data, error, loading, refetch, startPolling, stopPolling } = useQuery(
    WebhookDeliveriesDocument,
    {
      variables: {
        webhookId: webhook.id,
        first: DELIVERIES_PAGE_SIZE,
        ...(after ? { after } : {}),
      },
      fetchPolicy: 'cache-and-network',
      notifyOnNetworkStatusChange: true,
    },
  );
  const connection = data?.webhookDeliveries;
  const pending = connection?.nodes.some((d) => d.status === 'PENDING') ?? false;
  useEffect(() => {
    if (!pending) return;
    startPolling(PENDING_POLL_MS);
    return () => stopPolling();
  }, [pending, startPolling, stopPolling]);

  const [sendTest, { loading: sending }] = useMutation(SendTestWebhookDocument);
  const [redeliver] = useMutation(RedeliverWebhookDocument);
  const [redelivering, setRedelivering] = useState<string | null>(null);

  const onSendTest = async () => {
    try {
      await sendTest({ variables: { id: webhook.id } });
      notifications.show({ color: 'green', message: 'Test event queued' });
      if (trail.length > 0) goTo([]);
      else void refetch();
    } catch (e) {
      notifications.show({
        color: 'red',
        message: `The test event was not sent: ${describeError(e)}`,
      });
    }
  };

  const onRedeliver = async (delivery: WebhookDeliveryFieldsFragment) => {
    setRedelivering(delivery.id);
    try {
      await redeliver({ variables: { deliveryId: delivery.id } });
      notifications.show({ color: 'green', message: `${delivery.event} queued again` });
      if (trail.length > 0) goTo([]);
      else void refetch();
    } catch (e) {
      notifications.show({
        color: 'red',
        message: `The delivery was not repeated: ${describeError(e)}`,
      });
    } finally {
      setRedelivering(null);
    }
  };

  const navigate = useNavigate();
  const dialogs = useWebhookDialogs({ onDeleted: () => void navigate('/admin/webhooks') });
  const start = trail.length * DELIVERIES_PAGE_SIZE + 1;

  let body;
  if (error && !connection) {
    body = (
      <LoadError
        title="The deliveries could not be loaded"
        message={describeError(error)}
        onRetry={() => void refetch()}
      />
    );
  } else if (!connection) {
    body = <Skeleton height={200} aria-label="Loading deliveries" />;
  } else if (connection.totalCount === 0 || connection.nodes.length === 0) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Text c="dimmed">
          Nothing has been delivered yet. Press “Send test event” to check the receiver.
        </Text>
      </Paper>
    );
  } else {
    body = (
      <>
        <DeliveriesList
          deliveries={connection.nodes}
          phone={phone}
          busy={loading}
          redelivering={redelivering}
          onRedeliver={(d) => void onRedeliver(d)}
        />
        <Group justify="flex-end" mt="md" gap="xs" component="nav" aria-label="Pagination">
          <Text size="sm" aria-live="polite">
            {`${start}–${start + connection.nodes.length - 1} of ${connection.totalCount}`}
          </Text>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconChevronLeft size={14} />}
            disabled={trail.length === 0}
            onClick={() => goTo(trail.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            variant="default"
            size="xs"
            rightSection={<IconChevronRight size={14} />}
            disabled={!connection.pageInfo.hasNextPage}
            onClick={() =>
              connection.pageInfo.endCursor && goTo([...trail, connection.pageInfo.endCursor])
            }
          >
            Next
          </Button>
        </Group>
      </>
    );
  }

  return (
    <Stack gap="lg">
      <WebhookSettingsCard
        webhook={webhook}
        sending={sending}
        onSendTest={() => void onSendTest()}
        onEdit={() => dialogs.openEdit(webhook)}
        onDelete={() => dialogs.openDelete(webhook)}
      />
      <section aria-labelledby="deliveries-title">
        <Group justify="space-between" mb="sm" gap="sm">
          <Title order={2} size="h4" id="deliveries-title">
            Deliveries
          </Title>
          <Group gap="sm">
            {pending && (
              <Text size="xs" c="dimmed">
                Pending deliveries refresh on their own
              </Text>
            )}
            <Button
              variant="default"
              size="xs"
              leftSection={<IconRefresh size={14} aria-hidden />}
              loading={loading && Boolean(connection)}
              onClick={() => void refetch()}
            >
              Refresh
            </Button>
          </Group>
        </Group>
        {body}
      </section>
      {dialogs.dialogs}
    </Stack>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function WebhookPage() {
  const { id } = useParams<{ id: string }>();
  const { data, error, loading, refetch } = useQuery(WebhooksDocument, {
    fetchPolicy: 'cache-and-network',
  });
  const webhook = data?.webhooks.find((w) => w.id === id);

  let body;
  if (webhook) {
    body = <Deliveries webhook={webhook} />;
  } else if (error && !data) {
    body = (
      <LoadError
        title="The webhook could not be loaded"
        message={describeError(error)}
        onRetry={() => void refetch()}
      />
    );
  } else if (!data) {
    body = loading ? <Skeleton height={240} aria-label="Loading webhook" /> : null;
  } else {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Text mb="sm">This webhook does not exist. It may have been deleted.</Text>
        <Button component={Link} to="/admin/webhooks" variant="light">
          Show all webhooks
        </Button>
      </Paper>
    );
  }

  return (
    <>
      <BackLink />
      <Title order={1} size="h2" mb="md" mt={4} style={{ overflowWrap: 'anywhere' }}>
        {webhook ? `Webhook ${hostOf(webhook.url)}` : 'Webhook'}
      </Title>
      {body}
    </>
  );
}
