import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditEventsDocument } from '../../../gql/audit/graphql';
import { ApiKeyDocument, ApiKeysDocument } from '../../../gql/graphql';
import { apiKeyFixture, listItem } from '../../../../test/fixtures';
import { renderPage } from '../../../../test/render';
import { AuditLogPage } from './AuditLogPage';

function events(
  variables: Record<string, unknown>,
  ids: string[],
  hasNextPage: boolean,
  endCursor: string | null,
) {
  return {
    request: { query: AuditEventsDocument, variables },
    result: {
      data: {
        auditEvents: {
          __typename: 'AuditEventConnection',
          totalCount: 30,
          pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
          nodes: ids.map((id) => ({
            __typename: 'AuditEvent',
            id,
            at: '2025-01-01T10:00:00Z',
            action: `api_key.updated`,
            actor: `admin:${id}@example.com`,
            apiKeyId: 'k1',
            ip: '127.0.0.1',
            details: '{"fields":["name"]}',
          })),
        },
      },
    },
  };
}

const key = apiKeyFixture({ id: 'k1', name: 'Deploy bot' });
const keyList = {
  request: { query: ApiKeysDocument, variables: { first: 20 } },
  result: {
    data: {
      apiKeys: {
        __typename: 'ApiKeyConnection',
        totalCount: 1,
        pageInfo: {
          __typename: 'PageInfo',
          hasNextPage: false,
          hasPreviousPage: false,
          startCursor: null,
          endCursor: null,
        },
        nodes: [listItem(key)],
      },
    },
  },
  maxUsageCount: 5,
};

describe('AuditLogPage', () => {
  it('pages forward and back through the cursor trail kept in the URL', async () => {
    const user = userEvent.setup();
    renderPage(<AuditLogPage />, {
      path: '/admin/audit-log',
      url: '/admin/audit-log?key=k1',
      mocks: [
        keyList,
        {
          request: { query: ApiKeyDocument, variables: { id: 'k1' } },
          result: { data: { apiKey: key } },
          maxUsageCount: 5,
        },
        events({ first: 25, apiKeyId: 'k1' }, ['a'], true, 'cur1'),
        events({ first: 25, apiKeyId: 'k1', after: 'cur1' }, ['b'], false, null),
        events({ first: 25, apiKeyId: 'k1' }, ['a'], true, 'cur1'),
      ],
    });
    expect(await screen.findByText('a@example.com')).toBeInTheDocument();
    expect(await screen.findByRole('combobox', { name: 'API key' })).toHaveValue(
      `Deploy bot (${key.key})`,
    );
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/audit-log?key=k1&after=cur1');
    expect(await screen.findByText('b@example.com')).toBeInTheDocument();
    expect(screen.getByText('26–26 of 30')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/audit-log?key=k1');
    expect(await screen.findByText('a@example.com')).toBeInTheDocument();
  });
});
