import { LoadError } from '../../../components/LoadError';
import '../../../app/form-styles';
import '../../../app/overlay-styles';
import { useQuery } from '@apollo/client/react';
import { Group, NativeSelect, Paper, Skeleton, Text, TextInput, Title } from '@mantine/core';
import { describeError } from '../../../app/graphql-errors';
import { CursorTrailPager } from '../../../components/CursorTrailPager';
import { AuditEventsDocument } from '../../../gql/audit/graphql';
import { useCursorTrail } from '../../../hooks/useCursorTrail';
import { AuditEventsTable } from '../components/AuditEventsTable';
import { KeyFilter } from '../components/KeyFilter';
import { actionLabel, AUDIT_ACTIONS } from '../lib/describe-event';

export const AUDIT_PAGE_SIZE = 25;

const FILTERS = ['key', 'action', 'from', 'to'] as const;

/**
 * auditEvents pages forward only (first/after): the filters and the trail of cursors live in
 * the URL (see useCursorTrail); a new filter starts again at the first page. `from` and `to`
 * are local calendar days, YYYY-MM-DD, both included.
 */
function useAuditParams() {
  const pages = useCursorTrail(FILTERS);
  return {
    ...pages.values,
    pages,
    setFilter: (name: (typeof FILTERS)[number], value: string | null) =>
      pages.first({ ...pages.values, [name]: value || null }),
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
  const { key, action, from, to, pages, setFilter } = useAuditParams();
  const { after } = pages;
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
        <CursorTrailPager pages={pages} pageSize={AUDIT_PAGE_SIZE} connection={connection} />
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
