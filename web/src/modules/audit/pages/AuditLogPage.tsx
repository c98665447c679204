import { LoadError } from '../../../components/LoadError';
import '../../../app/form-styles';
import '../../../app/overlay-styles';
import { useQuery } from '@apollo/client/react';
import { Button, Group, Paper, Skeleton, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { AuditEventsDocument } from '../../../gql/graphql';
import { AuditEventsTable } from '../components/AuditEventsTable';
import { KeyFilter } from '../components/KeyFilter';

export const AUDIT_PAGE_SIZE = 25;

/**
 * auditEvents pages forward only (first/after), so the URL keeps the trail of cursors
 * that led here: "previous" drops the last one, and reload/back/forward keep working.
 */
function useAuditParams() {
  const [params, setParams] = useSearchParams();
  const key = params.get('key');
  const trail = params.getAll('after');
  const go = (nextKey: string | null, nextTrail: string[]) => {
    const out = new URLSearchParams();
    if (nextKey) out.set('key', nextKey);
    nextTrail.forEach((c) => out.append('after', c));
    setParams(out);
  };
  return {
    key,
    trail,
    setKey: (k: string | null) => go(k, []),
    next: (cursor: string) => go(key, [...trail, cursor]),
    previous: () => go(key, trail.slice(0, -1)),
  };
}

export function AuditLogPage() {
  const { key, trail, setKey, next, previous } = useAuditParams();
  const after = trail.at(-1);
  const { data, error, loading, refetch } = useQuery(AuditEventsDocument, {
    variables: {
      first: AUDIT_PAGE_SIZE,
      ...(after ? { after } : {}),
      ...(key ? { apiKeyId: key } : {}),
    },
    fetchPolicy: 'cache-and-network',
  });
  const connection = data?.auditEvents;
  const start = trail.length * AUDIT_PAGE_SIZE + 1;

  let body;
  if (error && !connection) {
    body = (
      <LoadError
        title="The audit log could not be loaded"
        message={describeError(error)}
        onRetry={() => void refetch()}
      />
    );
  } else if (!connection) {
    body = loading ? <Skeleton height={240} aria-label="Loading audit events" /> : null;
  } else if (connection.totalCount === 0) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Text c="dimmed">{key ? 'No events for this key.' : 'Nothing has happened yet.'}</Text>
      </Paper>
    );
  } else {
    body = (
      <>
        <AuditEventsTable events={connection.nodes} />
        <Group justify="flex-end" mt="md" gap="xs" component="nav" aria-label="Pagination">
          <Text size="sm" aria-live="polite">
            {`${start}–${start + connection.nodes.length - 1} of ${connection.totalCount}`}
          </Text>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconChevronLeft size={14} />}
            disabled={trail.length === 0}
            onClick={previous}
          >
            Previous
          </Button>
          <Button
            variant="default"
            size="xs"
            rightSection={<IconChevronRight size={14} />}
            disabled={!connection.pageInfo.hasNextPage}
            onClick={() => connection.pageInfo.endCursor && next(connection.pageInfo.endCursor)}
          >
            Next
          </Button>
        </Group>
      </>
    );
  }

  return (
    <>
      <Title order={1} size="h2" mb="md">
        Audit log
      </Title>
      <Group mb="md" align="flex-end">
        <KeyFilter value={key} onChange={setKey} />
      </Group>
      {body}
    </>
  );
}
