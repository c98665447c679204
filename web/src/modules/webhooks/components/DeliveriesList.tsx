import { Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import type { WebhookDeliveryFieldsFragment } from '../../../gql/webhooks/graphql';
import { ScrollRegion } from '../../api-keys/components/ScrollRegion';
import { DeliveryStatusBadge, ResponseCode, When } from './DeliveryCells';

interface Props {
  deliveries: WebhookDeliveryFieldsFragment[];
  phone: boolean;
  /** The delivery being redelivered now, if any. */
  redelivering: string | null;
  onRedeliver: (delivery: WebhookDeliveryFieldsFragment) => void;
  busy?: boolean;
}

function RedeliverButton({
  delivery,
  redelivering,
  onRedeliver,
}: Pick<Props, 'redelivering' | 'onRedeliver'> & { delivery: WebhookDeliveryFieldsFragment }) {
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconRepeat size={14} aria-hidden />}
      loading={redelivering === delivery.id}
      disabled={redelivering !== null && redelivering !== delivery.id}
      onClick={() => onRedeliver(delivery)}
      aria-describedby={`delivery-${delivery.id}`}
    >
      Redeliver
    </Button>
  );
}

function ErrorText({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Text size="sm" c="red" style={{ overflowWrap: 'anywhere' }}>
      {error}
    </Text>
  );
}

/** The deliveries of one webhook, newest first: a table, or on a phone one card each. */
export function DeliveriesList({ deliveries, phone, busy, ...actions }: Props) {
  if (phone) {
    return (
      <Stack
        gap="xs"
        component="ul"
        aria-label="Deliveries"
        aria-busy={busy}
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {deliveries.map((d) => (
          <Paper key={d.id} withBorder p="sm" component="li" data-testid="delivery-card">
            <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
              <Text
                size="sm"
                ff="monospace"
                fw={600}
                id={`delivery-${d.id}`}
                style={{ overflowWrap: 'anywhere' }}
              >
                {d.event}
              </Text>
              <DeliveryStatusBadge status={d.status} />
            </Group>
            <Group gap="xs" style={{ columnGap: 16 }}>
              <Text span size="sm">
                Attempts {d.attempts}
              </Text>
              <Text span size="sm">
                Response <ResponseCode status={d.responseStatus} />
              </Text>
              <Text span size="sm">
                Created <When iso={d.createdAt} />
              </Text>
              {d.lastAttemptAt && (
                <Text span size="sm">
                  Last attempt <When iso={d.lastAttemptAt} />
                </Text>
              )}
              {d.nextAttemptAt && (
                <Text span size="sm">
                  Next attempt <When iso={d.nextAttemptAt} relative />
                </Text>
              )}
            </Group>
            <ErrorText error={d.error} />
            <Group justify="flex-end" mt={6}>
              <RedeliverButton delivery={d} {...actions} />
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <ScrollRegion label="Deliveries" minWidth={1060}>
      <Table striped verticalSpacing="xs" className="kh-list-table" aria-busy={busy}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={190}>Event</Table.Th>
            <Table.Th w={116}>Status</Table.Th>
            <Table.Th w={84}>Attempts</Table.Th>
            <Table.Th w={90}>Response</Table.Th>
            <Table.Th>Error</Table.Th>
            <Table.Th w={160}>Created</Table.Th>
            <Table.Th w={160}>Last attempt</Table.Th>
            <Table.Th w={130}>Next attempt</Table.Th>
            <Table.Th w={124}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text
                  size="sm"
                  ff="monospace"
                  id={`delivery-${d.id}`}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {d.event}
                </Text>
              </Table.Td>
              <Table.Td>
                <DeliveryStatusBadge status={d.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{d.attempts}</Text>
              </Table.Td>
              <Table.Td>
                <ResponseCode status={d.responseStatus} />
              </Table.Td>
              <Table.Td>
                <ErrorText error={d.error} />
              </Table.Td>
              <Table.Td>
                <When iso={d.createdAt} />
              </Table.Td>
              <Table.Td>
                <When iso={d.lastAttemptAt} />
              </Table.Td>
              <Table.Td>
                <When iso={d.nextAttemptAt} relative />
              </Table.Td>
              <Table.Td>
                <RedeliverButton delivery={d} {...actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
