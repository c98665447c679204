import { useQuery } from '@apollo/client/react';
import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ApiKeyInsightDocument } from '../../../gql/graphql';
import type { ApiKeyFormState } from '../form/useApiKeyForm';
import { RelativeTime } from './RelativeTime';
import { ScrollRegion } from './ScrollRegion';

/**
 * Where the key is used from and which of its scopes it needs, with two shortcuts that change
 * the form only (the admin still saves): the suggested allow-list, and dropping unused scopes.
 */
export function KeyInsightSection({ apiKeyId, form }: { apiKeyId: string; form: ApiKeyFormState }) {
  const { data, error } = useQuery(ApiKeyInsightDocument, {
    variables: { id: apiKeyId },
    fetchPolicy: 'cache-and-network',
  });
  const insight = data?.apiKey;
  if (!insight) {
    return error ? (
      <Text size="sm" c="dimmed">
        Usage insight could not be loaded.
      </Text>
    ) : null;
  }
  const suggested = insight.suggestedAllowedIps;
  const unrestricted = form.values.allowedIps.length === 0;
  const unused = insight.unusedScopes.filter((s) => form.values.scopes.includes(s));

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="insight-title">
      <Title order={2} size="h4" mb="sm" id="insight-title">
        Usage insight (last 30 days)
      </Title>
      <Stack gap="md">
        <Stack gap="xs">
          <Title order={3} size="h5">
            Addresses
          </Title>
          {insight.addresses.length === 0 ? (
            <Text size="sm" c="dimmed">
              Not used in the last 30 days.
            </Text>
          ) : (
            <ScrollRegion label="Addresses this key was used from" minWidth={420}>
              <Table aria-label="Addresses" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Address</Table.Th>
                    <Table.Th>Last seen</Table.Th>
                    <Table.Th>Successes</Table.Th>
                    <Table.Th>Failures</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {insight.addresses.map((a) => (
                    <Table.Tr key={a.ip}>
                      <Table.Td ff="monospace">{a.ip}</Table.Td>
                      <Table.Td>
                        <RelativeTime iso={a.lastSeenAt} />
                      </Table.Td>
                      <Table.Td>{a.successCount}</Table.Td>
                      <Table.Td>{a.failureCount}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
          {unrestricted && suggested.length === 1 && (
            <Alert color="yellow" role="status" title="No IP restriction">
              This key accepts any address but has been used from one network only ({suggested[0]}).
              Restricting it to that network limits the damage of a leak.
            </Alert>
          )}
          {suggested.length > 0 && (
            <Group gap="sm">
              <Button
                type="button"
                variant="light"
                onClick={() => form.setField('allowedIps', suggested)}
              >
                Apply suggested allow-list
              </Button>
              <Text size="sm" c="dimmed" ff="monospace">
                {suggested.join(', ')}
              </Text>
            </Group>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={3} size="h5">
            Scope usage
          </Title>
          {insight.scopeUsage.length === 0 ? (
            <Text size="sm" c="dimmed">
              This key holds no scopes.
            </Text>
          ) : (
            <Table aria-label="Scope usage">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Scope</Table.Th>
                  <Table.Th>Uses</Table.Th>
                  <Table.Th>Last used</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {insight.scopeUsage.map((s) => (
                  <Table.Tr key={s.scope}>
                    <Table.Td ff="monospace">{s.scope}</Table.Td>
                    <Table.Td>{s.useCount}</Table.Td>
                    <Table.Td>
                      <RelativeTime iso={s.lastUsedAt ?? null} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {unused.length > 0 && (
            <Group gap="sm">
              <Button
                type="button"
                variant="light"
                color="orange"
                onClick={() =>
                  form.setField(
                    'scopes',
                    form.values.scopes.filter((s) => !unused.includes(s)),
                  )
                }
              >
                Remove unused scopes
              </Button>
              <Text size="sm" c="dimmed">
                Not exercised in 30 days: {unused.join(', ')}
              </Text>
            </Group>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
