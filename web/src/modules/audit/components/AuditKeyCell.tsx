import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { AuditKeyDocument } from '../../../gql/audit/graphql';

/**
 * The key an event concerns, by name. One small cached query per distinct key on the page;
 * a key that no longer exists is named from the events and marked deleted, with no link.
 */
export function AuditKeyCell({
  apiKeyId,
  known,
}: {
  apiKeyId: string;
  known?: { name: string | null; key: string | null };
}) {
  const { data, loading } = useQuery(AuditKeyDocument, { variables: { id: apiKeyId } });
  if (loading && !data) {
    return (
      <Text size="sm" c="dimmed">
        …
      </Text>
    );
  }
  const live = data?.apiKey;
  if (live) {
    return (
      <Anchor component={Link} to={`/admin/api-keys/${live.id}/edit`} size="sm">
        {live.name ?? live.key}
      </Anchor>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" td="line-through">
        {known?.name ?? known?.key ?? 'Unknown key'}
      </Text>
      <Badge variant="light" color="gray" size="sm" style={{ flexShrink: 0 }}>
        Deleted
      </Badge>
    </Group>
  );
}
