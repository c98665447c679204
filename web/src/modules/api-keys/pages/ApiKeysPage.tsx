import { useQuery } from '@apollo/client/react';
import { Button, CloseButton, Group, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../app/graphql-errors';
import { ApiKeysDocument, type ApiKeyListItemFragment } from '../../../gql/graphql';
import { ApiKeysTable } from '../components/ApiKeysTable';
import { LoadError } from '../../../components/LoadError';
import { ApiKeysEmpty, ApiKeysSkeleton } from '../components/ApiKeysStates';
import { PaginationBar } from '../components/PaginationBar';
import { listVariables, useApiKeyListParams } from '../hooks/useApiKeyListParams';
import { useApiKeyMutations } from '../hooks/useApiKeyMutations';

export const SEARCH_DEBOUNCE_MS = 300;

// Dialogs are not needed to show the list; loading them on first use keeps the page light.
const ConfirmDeleteModal = lazy(() => import('../components/ConfirmDeleteModal'));

export function ApiKeysPage() {
  const { params, setSearch, setPerPage, setSort, goFirst, goLast, goNext, goPrevious } =
    useApiKeyListParams();
  const { data, error, loading, refetch } = useQuery(ApiKeysDocument, {
    variables: listVariables(params),
    fetchPolicy: 'cache-and-network',
  });
  const { setActive, remove, busy } = useApiKeyMutations();
  const [deleting, setDeleting] = useState<ApiKeyListItemFragment | null>(null);

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

  const connection = data?.apiKeys;
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
    connection.totalCount === 0 ||
    (nodes.length === 0 && !connection.pageInfo.hasPreviousPage)
  ) {
    body = <ApiKeysEmpty search={params.search} onClearSearch={() => setSearch('')} />;
  } else {
    const { pageInfo } = connection;
    body = (
      <>
        <ApiKeysTable
          keys={nodes}
          sort={params.sort}
          direction={params.direction}
          onSort={setSort}
          onToggleActive={(k) => void setActive(k, !k.active)}
          onDelete={setDeleting}
        />
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
      </>
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
        mb="md"
        maw={420}
      />
      {body}
      {deleting && (
        <Suspense fallback={null}>
          <ConfirmDeleteModal
            apiKey={deleting}
            loading={busy}
            onCancel={() => setDeleting(null)}
            onConfirm={(k) => void remove(k).then((ok) => ok && setDeleting(null))}
          />
        </Suspense>
      )}
    </>
  );
}
