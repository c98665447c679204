import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../../app/format';
import type { ApiKeyDetailsFragment } from '../../../gql/graphql';
import { describeRateLimit } from '../form/api-key-form';
import { CopyValueButton } from '../../../components/CopyValueButton';
import { RelativeTime } from './RelativeTime';
import { ExpiresCell } from './ListCells';
import { StatusBadge } from './StatusBadge';

function Fact({
  label,
  wide = false,
  children,
}: {
  label: string;
  /** Spans both columns: the key must never break mid-string. */
  wide?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Stack gap={2} style={wide ? { gridColumn: '1 / -1' } : undefined}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

export function KeyDetailsCard({ apiKey }: { apiKey: ApiKeyDetailsFragment }) {
  return (
    <Paper withBorder p="lg">
      <Title order={2} size="h4" mb="md">
        Details
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Fact label="Status">
          <StatusBadge status={apiKey.status} />
        </Fact>
        <Fact label="Key" wide>
          <Group gap={4} wrap="nowrap">
            <Text ff="monospace" size="sm" style={{ whiteSpace: 'nowrap', overflowX: 'auto' }}>
              {apiKey.key}
            </Text>
            <CopyValueButton value={apiKey.key} label="Copy key" />
          </Group>
        </Fact>
        <Fact label="Secret">
          <Text ff="monospace" size="sm">
            khs_…{apiKey.secretHint}
          </Text>
        </Fact>
        <Fact label="Expires">
          <ExpiresCell iso={apiKey.expiresAt} verbose />
          {apiKey.expiresAt && (
            <Text size="sm" c="dimmed">
              {formatDateTime(apiKey.expiresAt)}
            </Text>
          )}
        </Fact>
        <Fact label="Rate limit">
          <Text size="sm">{describeRateLimit(apiKey.rateLimit)}</Text>
        </Fact>
        <Fact label="Created">
          <Text size="sm">{formatDateTime(apiKey.createdAt)}</Text>
        </Fact>
        <Fact label="Last used">
          <RelativeTime iso={apiKey.lastUsedAt} />
          {apiKey.lastUsedIp && (
            <Text size="sm" c="dimmed">
              from <span style={{ fontFamily: 'monospace' }}>{apiKey.lastUsedIp}</span>
            </Text>
          )}
        </Fact>
        <Fact label="Secret rotated">
          <RelativeTime iso={apiKey.secretRotatedAt} />
          {apiKey.previousSecretExpiresAt &&
            new Date(apiKey.previousSecretExpiresAt) > new Date() && (
              <Text size="sm" c="dimmed">
                previous secret valid until {formatDateTime(apiKey.previousSecretExpiresAt)}
              </Text>
            )}
        </Fact>
      </SimpleGrid>
    </Paper>
  );
}
