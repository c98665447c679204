import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { ErrorCode } from '@keyhold/shared';
import { hasErrorCode } from './graphql-errors';

export interface ApolloClientOptions {
  /** Called when an operation is refused for lack of a session (expired or signed out elsewhere). */
  onUnauthenticated: () => void;
}

// Signing in is expected to fail with UNAUTHENTICATED; that is not a lost session.
const AUTH_OPERATIONS = new Set(['Login', 'Logout', 'Viewer']);

export function createApolloClient({ onUnauthenticated }: ApolloClientOptions) {
  const errorLink = new ErrorLink(({ error, operation }) => {
    if (AUTH_OPERATIONS.has(operation.operationName ?? '')) return;
    if (hasErrorCode(error, ErrorCode.UNAUTHENTICATED)) onUnauthenticated();
  });
  const httpLink = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  return new ApolloClient({
    link: ApolloLink.from([errorLink, httpLink]),
    cache: new InMemoryCache(),
  });
}
