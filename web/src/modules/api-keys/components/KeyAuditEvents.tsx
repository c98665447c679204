import { useQuery } from '@apollo/client/react';
import { Anchor, Group, Paper, Skeleton, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { AuditEventsDocument } from '../../../gql/audit/graphql';
import { AuditEventsTable } from '../../audit/components/AuditEventsTable';

export function KeyAuditEvents({ apiKeyId }: { apiKeyId: string }) {
  const { data, error, loading } = useQuery(AuditEventsDocument, {
    variables: { apiKeyId, first: 10 },
    fetchPolicy: 'cache-and-network',
  });
  const events = data?.auditEvents.nodes ?? [];
  return (
    <Paper withBorder p="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Recent activity
        </Title>
        <Anchor
          component={Link}
          to={`/admin/audit-log?key=${encodeURIComponent(apiKeyId)}`}
          size="sm"
        >
          All events of this key
        </Anchor>
      </Group>
      {error && !data ? (
        <Text c="red" size="sm">
          {describeError(error)}
        </Text>
      ) : loading && !data ? (
        <Skeleton height={80} />
      ) : events.length === 0 ? (
        <Text c="dimmed" size="sm">
          No events yet.
        </Text>
      ) : (
        <AuditEventsTable events={events} showKey={false} />
      )}
    </Paper>
  );
}
