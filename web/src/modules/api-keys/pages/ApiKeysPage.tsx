import { Box, Button, CloseButton, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { lazy, Suspense, useRef, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import type { ApiKeyListItemFragment } from '../../../gql/graphql';
import { useApiKeyList } from '../hooks/useApiKeyList';
import { ApiKeysTable } from '../components/ApiKeysTable';
import { STATUS_PANEL_ID, StatusTabs, statusTabId } from '../components/StatusTabs';
import { LoadError } from '../../../components/LoadError';
import { ApiKeysEmpty, ApiKeysSkeleton } from '../components/ApiKeysStates';
import { PaginationBar } from '../components/PaginationBar';
import { listVariables, useApiKeyListParams } from '../hooks/useApiKeyListParams';
import { useApiKeyMutations } from '../hooks/useApiKeyMutations';

export const SEARCH_DEBOUNCE_MS = 300;

// Dialogs are not needed to show the list; loading them on first use keeps the page light.
const ConfirmDeleteModal = lazy(() => import('../components/ConfirmDeleteModal'));
// Phones only: desktops never download the card layout.
const ApiKeyCards = lazy(() =>
  import('../components/ApiKeyCards').then((m) => ({ default: m.ApiKeyCards })),
);

export function ApiKeysPage() {
  const { params, setSearch, setStatus, setPerPage, setSort, goFirst, goLast, goNext, goPrevious } =
    useApiKeyListParams();
  const { data, error, loading, refetch } = useApiKeyList(listVariables(params));
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const { setActive, remove, busy } = useApiKeyMutations();
  const [deleting, setDeleting] = useState<ApiKeyListItemFragment | null>(null);
  // The dialog unmounts when closed, before Mantine could return focus; do it here.
  const opener = useRef<HTMLElement | null>(null);
  const startDelete = (k: ApiKeyListItemFragment) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDeleting(k);
  };
  const cancelDelete = () => {
    setDeleting(null);
    requestAnimationFrame(() => opener.current?.focus());
  };

  // The box follows the URL (back/forward) but typing only reaches the URL once it settles.
  const [searchText, setSearchText] = useState(params.search);
  const [urlSearch, setUrlSearch] = useState(params.search);
  if (urlSearch !== params.search) {
    setUrlSearch(params.search);
    setSearchText(params.search);
  }
  const commitSearch = useDebouncedCallback(
    (value: string) => setSearch(value.trim()),
    SEARCH_DEBOUNCE_MS,
  );

  // The previous page stays until the next arrives: the table (and the focused sort header or
  // paging button) is not torn down on every reload.
  const connection = error ? undefined : data?.apiKeys;
  const nodes = connection?.nodes ?? [];
  const start = params.start ?? Math.max(1, (connection?.totalCount ?? 0) - nodes.length + 1);

  let body;
  if (error && !connection) {
    body = (
      <LoadError
        title="The API keys could not be loaded"
        message={describeError(error)}
        onRetry={() => void refetch()}
      />
    );
  } else if (!connection) {
    body = loading ? <ApiKeysSkeleton /> : null;
  } else if (
    params.status &&
    !params.search &&
    (connection.totalCount === 0 || (nodes.length === 0 && !connection.pageInfo.hasPreviousPage))
  ) {
    body = (
      <Paper withBorder p="xl" ta="center">
        <Text mb="sm">No API key is {params.status.toLowerCase()}.</Text>
        <Button variant="light" onClick={() => setStatus(null)}>
          Show all keys
        </Button>
      </Paper>
    );
  } else if (
    connection.totalCount === 0 ||
    (nodes.length === 0 && !connection.pageInfo.hasPreviousPage)
  ) {
    body = <ApiKeysEmpty search={params.search} onClearSearch={() => setSearch('')} />;
  } else {
    const List = phone ? ApiKeyCards : ApiKeysTable;
    body = (
      <Suspense fallback={<ApiKeysSkeleton />}>
        <List
          keys={nodes}
          sort={params.sort}
          direction={params.direction}
          onSort={setSort}
          onToggleActive={(k) => void setActive(k, !k.active).then((ok) => ok && refetch())}
          onDelete={startDelete}
          busy={loading}
        />
      </Suspense>
    );
  }

  let pagination = null;
  if (connection && nodes.length > 0) {
    const { pageInfo } = connection;
    pagination = (
      <PaginationBar
        start={start}
        count={nodes.length}
        total={connection.totalCount}
        perPage={params.perPage}
        hasPrevious={pageInfo.hasPreviousPage}
        hasNext={pageInfo.hasNextPage}
        onPerPage={setPerPage}
        onFirst={goFirst}
        onLast={goLast}
        onNext={() => pageInfo.endCursor && goNext(pageInfo.endCursor, start, nodes.length)}
        onPrevious={() => pageInfo.startCursor && goPrevious(pageInfo.startCursor, start)}
      />
    );
  }

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          API Keys
        </Title>
        <Button component={Link} to="/admin/api-keys/create" leftSection={<IconPlus size={16} />}>
          New API Key
        </Button>
      </Group>
      <Box mb="md">
        <StatusTabs value={params.status} onChange={setStatus} />
      </Box>
      <Group justify="space-between" align="flex-end" mb="md" gap="md">
        <TextInput
          label="Search"
          placeholder="Name or key prefix"
          leftSection={<IconSearch size={16} />}
          value={searchText}
          onChange={(e) => {
            setSearchText(e.currentTarget.value);
            commitSearch(e.currentTarget.value);
          }}
          rightSection={
            searchText ? (
              <CloseButton
                aria-label="Clear search"
                onClick={() => {
                  setSearchText('');
                  setSearch('');
                }}
              />
            ) : null
          }
          w={{ base: '100%', xs: 320 }}
        />
        {pagination}
      </Group>
      <div role="tabpanel" id={STATUS_PANEL_ID} aria-labelledby={statusTabId(params.status)}>
        {body}
      </div>
      {deleting && (
        <Suspense fallback={null}>
          <ConfirmDeleteModal
            apiKey={deleting}
            loading={busy}
            onCancel={cancelDelete}
            onConfirm={(k) =>
              void remove(k).then((ok) => {
                if (!ok) return;
                setDeleting(null);
                refetch();
              })
            }
          />
        </Suspense>
      )}
    </>
  );
}
