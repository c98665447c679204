import { Badge, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { formatDateTime, formatDateTimeFull } from '../../../app/format';
import type { AuditEventsQuery } from '../../../gql/audit/graphql';
import { ScrollRegion } from '../../api-keys/components/ScrollRegion';
import { actionLabel, describeActor, describeEvent, namesFromEvents } from '../lib/describe-event';
import { AuditKeyCell } from './AuditKeyCell';

export type AuditEventRow = AuditEventsQuery['auditEvents']['nodes'][number];

const ACTION_COLOR: Record<string, string> = {
  'api_key.created': 'green',
  'api_key.deleted': 'red',
  'api_key.deactivated': 'orange',
  'api_key.activated': 'teal',
  'api_key.secret_rotated': 'violet',
  'admin.login_failed': 'red',
};

function When({ at }: { at: string }) {
  return (
    <Tooltip label={formatDateTimeFull(at)} events={{ hover: true, focus: true, touch: true }}>
      <Text
        span
        size="sm"
        component="time"
        dateTime={at}
        tabIndex={0}
        style={{ whiteSpace: 'nowrap' }}
      >
        {formatDateTime(at)}
      </Text>
    </Tooltip>
  );
}

function Action({ action }: { action: string }) {
  return (
    <Badge
      variant="light"
      color={ACTION_COLOR[action] ?? 'gray'}
      tt="none"
      title={action}
      style={{ flexShrink: 0, overflow: 'visible' }}
    >
      {actionLabel(action)}
    </Badge>
  );
}

function Changes({ event }: { event: AuditEventRow }) {
  const lines = describeEvent(event);
  if (lines.length === 0) return null;
  return (
    <Stack gap={2}>
      {lines.map((line) => (
        <Text key={line} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {line}
        </Text>
      ))}
    </Stack>
  );
}

export function AuditEventsTable({
  events,
  showKey = true,
}: {
  events: AuditEventRow[];
  showKey?: boolean;
}) {
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const names = namesFromEvents(events);
  const keyCell = (e: AuditEventRow) =>
    e.apiKeyId ? <AuditKeyCell apiKeyId={e.apiKeyId} known={names.get(e.apiKeyId)} /> : null;

  if (phone) {
    return (
      <Stack
        gap="xs"
        component="ul"
        aria-label="Audit events"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {events.map((e) => (
          <Paper key={e.id} withBorder p="sm" component="li" data-testid="audit-card">
            <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
              <Action action={e.action} />
              <When at={e.at} />
            </Group>
            {showKey && e.apiKeyId && <div>{keyCell(e)}</div>}
            <Changes event={e} />
            <Text size="xs" c="dimmed" mt={4} style={{ overflowWrap: 'anywhere' }}>
              {describeActor(e.actor)}
              {e.ip ? ` · ${e.ip}` : ''}
            </Text>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <ScrollRegion label="Audit events" minWidth={820}>
      <Table striped verticalSpacing="xs" style={{ tableLayout: 'fixed' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>When</Table.Th>
            <Table.Th w={140}>Action</Table.Th>
            <Table.Th w={190}>Actor</Table.Th>
            {showKey && <Table.Th w={190}>Key</Table.Th>}
            <Table.Th w={120}>IP</Table.Th>
            <Table.Th>Changes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <When at={e.at} />
              </Table.Td>
              <Table.Td>
                <Action action={e.action} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {describeActor(e.actor)}
                </Text>
              </Table.Td>
              {showKey && <Table.Td>{keyCell(e)}</Table.Td>}
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                  {e.ip ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Changes event={e} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
