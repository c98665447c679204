import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ApiKeyDocument,
  ApiKeyUsageDocument,
  DeleteApiKeyDocument,
  RotateApiKeySecretDocument,
  ScopesDocument,
  UpdateApiKeyDocument,
} from '../../../gql/graphql';
import { AuditEventsDocument } from '../../../gql/audit/graphql';
import { apiKeyFixture, badInput, SCOPES_RESULT, SECRET } from '../../../../test/fixtures';
import { renderPage } from '../../../../test/render';
import { EditApiKeyPage } from './EditApiKeyPage';

// jsdom has no layout, so recharts cannot measure; the chart is exercised in the browser tests.
jest.mock('../components/UsageChart', () => ({
  __esModule: true,
  default: () => <p>usage chart</p>,
}));

const key = apiKeyFixture({
  id: 'k1',
  name: 'Deploy bot',
  allowedIps: ['10.0.0.0/8'],
  lastUsedIp: '10.1.1.1',
  lastUsedAt: '2025-02-01T00:00:00Z',
});

const baseMocks = [
  {
    request: { query: ApiKeyDocument, variables: { id: 'k1' } },
    result: { data: { apiKey: key } },
    maxUsageCount: 5,
  },
  { request: { query: ScopesDocument }, result: { data: SCOPES_RESULT }, maxUsageCount: 5 },
  {
    request: { query: ApiKeyUsageDocument, variables: { id: 'k1', days: 30 } },
    result: { data: { apiKey: { __typename: 'ApiKey', id: 'k1', usage: [] } } },
    maxUsageCount: 5,
  },
  {
    request: { query: AuditEventsDocument, variables: { apiKeyId: 'k1', first: 10 } },
    result: {
      data: {
        auditEvents: {
          __typename: 'AuditEventConnection',
          totalCount: 1,
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          nodes: [
            {
              __typename: 'AuditEvent',
              id: 'e1',
              at: '2025-01-01T10:00:00Z',
              action: 'api_key.created',
              actor: 'admin:a@b.c',
              apiKeyId: 'k1',
              ip: '127.0.0.1',
              details: null,
            },
          ],
        },
      },
    },
    maxUsageCount: 5,
  },
];

function renderEdit(mocks: unknown[] = []) {
  return renderPage(<EditApiKeyPage />, {
    path: '/admin/api-keys/:id/edit',
    url: '/admin/api-keys/k1/edit',
    mocks: [...baseMocks, ...(mocks as [])],
    otherRoutes: ['/admin/api-keys'],
  });
}

describe('EditApiKeyPage', () => {
  it('shows the key, its last use and its recent audit events', async () => {
    renderEdit();
    expect(await screen.findByRole('heading', { name: 'Deploy bot' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Deploy bot');
    expect(screen.getByText('10.0.0.0/8')).toBeInTheDocument();
    expect(screen.getByText('10.1.1.1')).toBeInTheDocument();
    expect(await screen.findByText('Key created')).toBeInTheDocument();
  });

  it('maps a server error on Save changes to its field', async () => {
    const user = userEvent.setup();
    renderEdit([
      {
        request: {
          query: UpdateApiKeyDocument,
          variables: { id: 'k1', input: { name: 'Renamed' } },
        },
        result: { errors: [badInput('input.name', 'name is already used')] },
      },
    ]);
    const name = await screen.findByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Renamed');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Name is already used')).toBeInTheDocument();
  });

  it('sends only the fields the admin changed, so a stale page cannot undo what others did', async () => {
    const user = userEvent.setup();
    // The mock answers only these exact variables: the input holds the name and nothing else
    // (not active, allowedIps, scopes or expiresAt, which another admin may have changed).
    renderEdit([
      {
        request: {
          query: UpdateApiKeyDocument,
          variables: { id: 'k1', input: { name: 'Renamed' } },
        },
        result: { data: { updateApiKey: { ...key, name: 'Renamed' } } },
      },
    ]);
    const name = await screen.findByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Renamed');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    // The answer (given only for that input) renames the key in the cache, and so the heading.
    expect(await screen.findByRole('heading', { name: 'Renamed' })).toBeInTheDocument();
  });

  it('renames an expired key: its unchanged past expiry is neither checked nor sent', async () => {
    const user = userEvent.setup();
    const expired = { ...key, status: 'EXPIRED' as const, expiresAt: '2024-01-01T00:00:00.000Z' };
    renderEdit(
      [
        {
          request: { query: ApiKeyDocument, variables: { id: 'k1' } },
          result: { data: { apiKey: expired } },
          maxUsageCount: 5,
        },
        {
          request: {
            query: UpdateApiKeyDocument,
            variables: { id: 'k1', input: { name: 'Still expired' } },
          },
          result: { data: { updateApiKey: { ...expired, name: 'Still expired' } } },
        },
      ].reverse(),
    );
    const name = await screen.findByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Still expired');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('heading', { name: 'Still expired' })).toBeInTheDocument();
    expect(screen.queryByText('The expiry must be in the future')).not.toBeInTheDocument();
  });

  it('rotates with the chosen grace period and reveals the new secret', async () => {
    const user = userEvent.setup();
    renderEdit([
      {
        request: {
          query: RotateApiKeySecretDocument,
          variables: { id: 'k1', gracePeriodSeconds: 86400 },
        },
        result: {
          data: {
            rotateApiKeySecret: {
              __typename: 'RotateApiKeySecretPayload',
              secret: SECRET,
              apiKey: { ...key, secretHint: 'CDEF' },
            },
          },
        },
      },
    ]);
    await screen.findByRole('heading', { name: 'Deploy bot' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Grace period' }), '24 hours');
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the secret?' });
    expect(confirm).toHaveTextContent('keeps working for 24 hours');
    await user.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    const reveal = await screen.findByRole('dialog', { name: 'New secret generated' });
    expect(within(reveal).getByText(SECRET)).toBeInTheDocument();
  });

  it('deletes only after the name is typed', async () => {
    const user = userEvent.setup();
    renderEdit([
      {
        request: { query: DeleteApiKeyDocument, variables: { id: 'k1' } },
        result: { data: { deleteApiKey: { __typename: 'DeleteApiKeyPayload', deletedId: 'k1' } } },
      },
    ]);
    await screen.findByRole('heading', { name: 'Deploy bot' });
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete API key' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete key' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), 'Deploy bo');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), 't');
    await user.click(confirm);
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('/admin/api-keys'),
    );
  });
});
