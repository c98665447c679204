import { LoadError } from '../../../components/LoadError';
import '../../../app/form-styles';
import '../../../app/overlay-styles';
import { useQuery } from '@apollo/client/react';
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  Skeleton,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { AuditEventsDocument } from '../../../gql/audit/graphql';
import { AuditEventsTable } from '../components/AuditEventsTable';
import { KeyFilter } from '../components/KeyFilter';
import { actionLabel, AUDIT_ACTIONS } from '../lib/describe-event';

export const AUDIT_PAGE_SIZE = 25;

/**
 * auditEvents pages forward only (first/after), so the URL keeps the trail of cursors
 * that led here: "previous" drops the last one, and reload/back/forward keep working.
 */
interface Filters {
  key: string | null;
  action: string | null;
  /** Local calendar days, YYYY-MM-DD, both included. */
  from: string | null;
  to: string | null;
}

function useAuditParams() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    key: params.get('key'),
    action: params.get('action'),
    from: params.get('from'),
    to: params.get('to'),
  };
  const trail = params.getAll('after');
  const go = (next: Filters, nextTrail: string[]) => {
    const out = new URLSearchParams();
    for (const name of ['key', 'action', 'from', 'to'] as const) {
      const value = next[name];
      if (value) out.set(name, value);
    }
    nextTrail.forEach((c) => out.append('after', c));
    setParams(out);
  };
  return {
    ...filters,
    trail,
    setFilter: (name: keyof Filters, value: string | null) =>
      go({ ...filters, [name]: value || null }, []),
    next: (cursor: string) => go(filters, [...trail, cursor]),
    previous: () => go(filters, trail.slice(0, -1)),
  };
}

/** Midnight starting a local YYYY-MM-DD day, `days` later, as ISO; undefined if not a date. */
function dayStart(day: string | null, days = 0): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  const at = new Date(y, m - 1, d + days);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export function AuditLogPage() {
  const { key, action, from, to, trail, setFilter, next, previous } = useAuditParams();
  const after = trail.at(-1);
  const since = dayStart(from);
  const until = dayStart(to, 1);
  const { data, error, loading, refetch } = useQuery(AuditEventsDocument, {
    variables: {
      first: AUDIT_PAGE_SIZE,
      ...(after ? { after } : {}),
      ...(key ? { apiKeyId: key } : {}),
      ...(action ? { action } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
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
        <Text c="dimmed">
          {key || action || from || to
            ? 'No event matches these filters.'
            : 'Nothing has happened yet.'}
        </Text>
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
      <Group mb="md" align="flex-end" gap="sm">
        <KeyFilter value={key} onChange={(k) => setFilter('key', k)} />
        <NativeSelect
          label="Action"
          data={[
            { value: '', label: 'All actions' },
            ...AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) })),
          ]}
          value={action ?? ''}
          onChange={(e) => setFilter('action', e.currentTarget.value)}
          w={{ base: '100%', xs: 180 }}
        />
        <TextInput
          type="date"
          label="From"
          value={from ?? ''}
          max={to ?? undefined}
          onChange={(e) => setFilter('from', e.currentTarget.value)}
          w={{ base: '100%', xs: 160 }}
        />
        <TextInput
          type="date"
          label="To"
          value={to ?? ''}
          min={from ?? undefined}
          onChange={(e) => setFilter('to', e.currentTarget.value)}
          w={{ base: '100%', xs: 160 }}
        />
      </Group>
      {body}
    </>
  );
}
