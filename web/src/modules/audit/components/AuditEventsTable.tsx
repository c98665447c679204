import { Anchor, Badge, Code, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime, formatDateTimeFull } from '../../../app/format';
import type { AuditEventsQuery } from '../../../gql/graphql';
import { ScrollRegion } from '../../api-keys/components/ScrollRegion';

export type AuditEventRow = AuditEventsQuery['auditEvents']['nodes'][number];

const ACTION_COLOR: Record<string, string> = {
  'api_key.created': 'green',
  'api_key.deleted': 'red',
  'api_key.deactivated': 'orange',
  'api_key.activated': 'teal',
  'api_key.secret_rotated': 'violet',
  'admin.login_failed': 'red',
};

function details(text: string | null): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

export function AuditEventsTable({
  events,
  showKey = true,
}: {
  events: AuditEventRow[];
  showKey?: boolean;
}) {
  return (
    <ScrollRegion label="Audit events" minWidth={720}>
      <Table striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Actor</Table.Th>
            {showKey && <Table.Th>Key</Table.Th>}
            <Table.Th>IP</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Tooltip label={formatDateTimeFull(e.at)}>
                  <Text span size="sm" component="time" dateTime={e.at}>
                    {formatDateTime(e.at)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={ACTION_COLOR[e.action] ?? 'gray'} tt="none">
                  {e.action}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{e.actor}</Text>
              </Table.Td>
              {showKey && (
                <Table.Td>
                  {e.apiKeyId ? (
                    <Anchor component={Link} to={`/admin/api-keys/${e.apiKeyId}/edit`} size="sm">
                      View key
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {e.ip ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td maw={360}>
                {e.details ? (
                  <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {details(e.details)}
                  </Code>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
