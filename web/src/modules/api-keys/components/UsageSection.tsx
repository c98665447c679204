import { useQuery } from '@apollo/client/react';
import { Paper, Skeleton, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { DEFAULT_USAGE_DAYS } from '@keyhold/shared';
import { describeError } from '../../../app/graphql-errors';
import { ApiKeyUsageDocument } from '../../../gql/graphql';

const UsageChart = lazy(() => import('./UsageChart'));

export const USAGE_DAYS = DEFAULT_USAGE_DAYS;

export function UsageSection({ apiKeyId }: { apiKeyId: string }) {
  const { data, error, loading } = useQuery(ApiKeyUsageDocument, {
    variables: { id: apiKeyId, days: USAGE_DAYS },
    fetchPolicy: 'cache-and-network',
  });
  const days = data?.apiKey?.usage ?? [];
  const ok = days.reduce((n, d) => n + d.successCount, 0);
  const failed = days.reduce((n, d) => n + d.failureCount, 0);

  return (
    <Paper withBorder p="lg">
      <Title order={2} size="h4">
        Usage, last {USAGE_DAYS} days
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {data
          ? `${ok.toLocaleString()} successful and ${failed.toLocaleString()} failed requests (UTC days).`
          : ' '}
      </Text>
      {error && !data ? (
        <Text c="red" size="sm">
          {describeError(error)}
        </Text>
      ) : loading && !data ? (
        <Skeleton height={220} />
      ) : ok + failed === 0 ? (
        // An empty 0–4 axis says less than a sentence.
        <Text size="sm" py="md" data-testid="usage-empty">
          No requests in the last {USAGE_DAYS} days.
        </Text>
      ) : (
        <Suspense fallback={<Skeleton height={220} />}>
          <UsageChart days={days} />
        </Suspense>
      )}
    </Paper>
  );
}
