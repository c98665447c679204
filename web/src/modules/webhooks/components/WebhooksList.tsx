import { Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { WebhookFieldsFragment } from '../../../gql/webhooks/graphql';
import { CountSummary, CreatedCell } from '../../api-keys/components/ListCells';
import { ScrollRegion } from '../../api-keys/components/ScrollRegion';
import { ActiveBadge, SecretHint, WebhookUrl } from './WebhookCells';
import { WebhookRowActions, type WebhookActionsProps } from './WebhookRowActions';

interface Props extends WebhookActionsProps {
  webhooks: WebhookFieldsFragment[];
  phone: boolean;
}

/** Webhooks as a table, or on a phone as one card each. */
export function WebhooksList({ webhooks, phone, ...actions }: Props) {
  if (phone) {
    return (
      <Stack
        gap="xs"
        component="ul"
        aria-label="Webhooks"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {webhooks.map((w) => (
          <Paper key={w.id} withBorder p="sm" component="li" data-testid="webhook-card">
            <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
              <WebhookUrl webhook={w} />
              <WebhookRowActions webhook={w} {...actions} />
            </Group>
            <Group gap="xs" mt={6}>
              <ActiveBadge active={w.active} />
              <CountSummary items={w.events} one="event" many="events" empty="No events" />
              <SecretHint hint={w.secretHint} />
              <Text span size="sm">
                Created <CreatedCell iso={w.createdAt} />
              </Text>
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <ScrollRegion label="Webhooks" minWidth={860}>
      <Table striped highlightOnHover verticalSpacing="xs" className="kh-list-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>URL</Table.Th>
            <Table.Th w={110}>Events</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th w={150}>Secret</Table.Th>
            <Table.Th w={120}>Created</Table.Th>
            <Table.Th w={84}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {webhooks.map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>
                <WebhookUrl webhook={w} />
              </Table.Td>
              <Table.Td>
                <CountSummary items={w.events} one="event" many="events" empty="None" />
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={w.active} />
              </Table.Td>
              <Table.Td>
                <SecretHint hint={w.secretHint} />
              </Table.Td>
              <Table.Td>
                <CreatedCell iso={w.createdAt} />
              </Table.Td>
              <Table.Td>
                <WebhookRowActions webhook={w} {...actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
