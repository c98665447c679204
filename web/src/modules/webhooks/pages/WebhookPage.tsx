import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { CursorTrailPager } from '../../../components/CursorTrailPager';
import { LoadError } from '../../../components/LoadError';
import {
  RedeliverWebhookDocument,
  SendTestWebhookDocument,
  WebhookDeliveriesDocument,
  WebhooksDocument,
  type WebhookDeliveryFieldsFragment,
  type WebhookFieldsFragment,
} from '../../../gql/webhooks/graphql';
import { useCursorTrail } from '../../../hooks/useCursorTrail';
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

/** webhookDeliveries pages forward only (first/after): see useCursorTrail. */
function Deliveries({ webhook }: { webhook: WebhookFieldsFragment }) {
  const pages = useCursorTrail();
  const { after } = pages;
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
      if (pages.trail.length > 0) pages.first();
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
      if (pages.trail.length > 0) pages.first();
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
        <CursorTrailPager pages={pages} pageSize={DELIVERIES_PAGE_SIZE} connection={connection} />
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
