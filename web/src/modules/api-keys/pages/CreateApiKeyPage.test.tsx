import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CreateApiKeyDocument, ScopesDocument } from '../../../gql/graphql';
import { apiKeyFixture, badInput, SCOPES_RESULT, SECRET } from '../../../../test/fixtures';
import { renderPage } from '../../../../test/render';
import { CreateApiKeyPage } from './CreateApiKeyPage';

const scopesMock = {
  request: { query: ScopesDocument },
  result: { data: SCOPES_RESULT },
  maxUsageCount: 10,
};

function createMock(
  input: Record<string, unknown>,
  key = apiKeyFixture({ name: (input.name as string) ?? null }),
) {
  return {
    request: { query: CreateApiKeyDocument, variables: { input } },
    result: {
      data: { createApiKey: { __typename: 'CreateApiKeyPayload', secret: SECRET, apiKey: key } },
    },
  };
}

const baseInput = { active: true, allowedIps: [], scopes: [], expiresAt: null };

function renderCreate(mocks: unknown[]) {
  return renderPage(<CreateApiKeyPage />, {
    path: '/admin/api-keys/create',
    url: '/admin/api-keys/create',
    mocks: [scopesMock, ...(mocks as [])],
    otherRoutes: ['/admin/api-keys'],
  });
}

async function confirmSecretSaved(user: ReturnType<typeof userEvent.setup>) {
  const dialog = await screen.findByRole('dialog', { name: 'API key created' });
  const close = within(dialog).getByRole('button', { name: 'Close' });
  expect(close).toBeDisabled();
  await user.click(within(dialog).getByRole('checkbox', { name: 'I have saved the secret' }));
  await user.click(close);
  return dialog;
}

describe('CreateApiKeyPage', () => {
  it('refuses an invalid IP inline with the shared parser and keeps valid ones normalised', async () => {
    const user = userEvent.setup();
    renderCreate([]);
    const ips = screen.getByRole('combobox', { name: 'Allowed IPs' });
    await user.type(ips, '10.0.0.300{Enter}');
    expect(
      screen.getByText('"10.0.0.300" is not a valid IPv4/IPv6 address or CIDR range'),
    ).toBeInTheDocument();
    expect(ips).toHaveValue('10.0.0.300');
    await user.clear(ips);
    await user.type(ips, '10.1.2.3/8{Enter}');
    expect(screen.getByText('10.0.0.0/8')).toBeInTheDocument();
    expect(screen.queryByText(/is not a valid/)).not.toBeInTheDocument();
  });

  it('sends the Rate limit with the chosen Rate limit window, and refuses an out-of-range limit', async () => {
    const user = userEvent.setup();
    const key = apiKeyFixture({ name: 'Limited', rateLimit: { limit: 500, windowSeconds: 3600 } });
    renderCreate([
      createMock(
        { ...baseInput, name: 'Limited', rateLimit: { limit: 500, windowSeconds: 3600 } },
        key,
      ),
    ]);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Limited');
    const limit = screen.getByRole('textbox', { name: 'Rate limit' });
    await user.type(limit, '0');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(
      await screen.findByText('Must be a whole number from 1 to 1,000,000'),
    ).toBeInTheDocument();
    await user.clear(limit);
    await user.type(limit, '500');
    const window = screen.getByRole('combobox', { name: 'Rate limit window' });
    expect(window).toHaveValue('per minute');
    await user.click(window);
    await user.click(await screen.findByRole('option', { name: 'per hour' }));
    expect(window).toHaveValue('per hour');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByRole('dialog', { name: 'API key created' })).toBeInTheDocument();
  });

  it('validates the name before sending anything', async () => {
    const user = userEvent.setup();
    renderCreate([]);
    await user.click(screen.getByRole('textbox', { name: 'Name' }));
    await user.paste('x'.repeat(101));
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Name can be at most 100 characters')).toBeInTheDocument();
  });

  it('shows the secret once in a dialog that only closes after confirmation, then goes to the list', async () => {
    const user = userEvent.setup();
    const key = apiKeyFixture({ name: 'Billing' });
    renderCreate([createMock({ ...baseInput, name: 'Billing', allowedIps: ['192.0.2.1'] }, key)]);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Billing');
    await user.type(screen.getByRole('combobox', { name: 'Allowed IPs' }), '192.0.2.1');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    const dialog = await screen.findByRole('dialog', { name: 'API key created' });
    expect(within(dialog).getByText(SECRET)).toBeInTheDocument();
    expect(within(dialog).getByText(key.key)).toBeInTheDocument();
    expect(within(dialog).getByText(/will not be shown again/)).toBeInTheDocument();
    expect(
      within(dialog).getByText(new RegExp(`curl -u "${key.key}:${SECRET}"`)),
    ).toBeInTheDocument();
    expect(within(dialog).getAllByRole('button', { name: /^Copy/ })).toHaveLength(3);

    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'API key created' })).toBeInTheDocument();

    await confirmSecretSaved(user);
    expect(await screen.findByText('Route /admin/api-keys')).toBeInTheDocument();
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
  });

  it('Create & create another returns to an empty form after the dialog', async () => {
    const user = userEvent.setup();
    renderCreate([createMock({ ...baseInput, name: 'First', active: false })]);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'First');
    await user.click(screen.getByRole('switch', { name: 'Active' }));
    await user.click(screen.getByRole('button', { name: 'Create & create another' }));
    await confirmSecretSaved(user);

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByTestId('location').textContent).toBe('/admin/api-keys/create');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('');
    expect(screen.getByRole('switch', { name: 'Active' })).toBeChecked();
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
  });

  it('puts a server error on the field named by extensions.field', async () => {
    const user = userEvent.setup();
    renderCreate([
      {
        request: {
          query: CreateApiKeyDocument,
          variables: { input: { ...baseInput, name: 'Dup', scopes: ['api_keys:read'] } },
        },
        result: { errors: [badInput('scopes', 'a key cannot grant a scope it does not hold')] },
      },
    ]);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Dup');
    const scopes = screen.getByRole('combobox', { name: 'Scopes' });
    await waitFor(() => expect(scopes).toBeEnabled());
    await user.click(scopes);
    await user.click(await screen.findByRole('option', { name: /api_keys:read/ }));
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(
      await screen.findByText('A key cannot grant a scope it does not hold'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('fills Expires at from a quick pick', async () => {
    const user = userEvent.setup();
    renderCreate([]);
    await user.click(screen.getByRole('button', { name: '30 days' }));
    expect(screen.getByText(/The key stops working on/)).toBeInTheDocument();
  });
});
