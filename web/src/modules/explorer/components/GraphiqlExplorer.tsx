import './monaco-workers';
import 'graphiql/style.css';
import './explorer.css';
import { useComputedColorScheme } from '@mantine/core';
import { GraphiQL } from 'graphiql';
import type { ComponentProps } from 'react';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/**
 * Same-origin POSTs: an admin session's cookie rides along, and headers typed into
 * GraphiQL's Headers tab (X-API-Key / X-API-Secret or Authorization) are sent as given.
 */
const fetcher: Fetcher = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      ...options?.headers,
      'content-type': 'application/json',
    },
    body: JSON.stringify(params),
  });
  return response.json();
};

const DEFAULT_QUERY = `# Ask who you are. Without an admin session, add your key in the Headers tab:
# { "X-API-Key": "kh_…", "X-API-Secret": "khs_…" }
query WhoAmI {
  viewer {
    kind
    email
    scopes
  }
}
`;

export function GraphiqlExplorer({ showHeaders = false }: { showHeaders?: boolean }) {
  const scheme = useComputedColorScheme('light');
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={DEFAULT_QUERY}
      forcedTheme={scheme}
      defaultEditorToolsVisibility={showHeaders ? 'headers' : false}
      shouldPersistHeaders={false}
    />
  );
}
