import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import {
  ApiKeysDocument,
  type ApiKeysQuery,
  type ApiKeysQueryVariables,
} from '../../../gql/graphql';

interface State {
  key: string | null;
  data?: ApiKeysQuery;
  error?: unknown;
}

/**
 * Exactly one request per list view (variables) and per retry. A watched useQuery re-ran its
 * previous variables whenever pages sharing keys were written to the cache (first and last
 * 100 of 125), bouncing between them dozens of times a second; the list reads no cache, so
 * it asks the server directly. The last page stays on screen until the next one arrives.
 */
export function useApiKeyList(variables: ApiKeysQueryVariables) {
  const client = useApolloClient();
  const key = JSON.stringify(variables);
  const [state, setState] = useState<State>({ key: null });
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(0);

  useEffect(() => {
    let live = true;
    client
      .query({
        query: ApiKeysDocument,
        variables: JSON.parse(key) as ApiKeysQueryVariables,
        fetchPolicy: 'no-cache',
      })
      .then(
        ({ data }) => live && setState({ key, data }),
        (error: unknown) => live && setState((s) => ({ key, data: s.data, error })),
      )
      .finally(() => live && setPending(0));
    return () => {
      live = false;
    };
  }, [client, key, attempt]);

  const refetch = useCallback(() => {
    setPending(1);
    setAttempt((n) => n + 1);
  }, []);

  const loading = state.key !== key || pending > 0;
  return {
    data: state.data,
    error: state.key === key ? state.error : undefined,
    loading,
    refetch,
  };
}
