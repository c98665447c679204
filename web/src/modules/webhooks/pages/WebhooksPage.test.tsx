import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CreateWebhookDocument, WebhooksDocument } from '../../../gql/webhooks/graphql';
import { badInput } from '../../../../test/fixtures';
import { renderPage } from '../../../../test/render';
import { WebhooksPage } from './WebhooksPage';

const SIGNING_SECRET = `whsec_${'Ab3'.repeat(13)}x`;

function webhook(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Webhook' as const,
    id: 'wh-1',
    url: 'https://hooks.example.com/keyhold',
    events: ['api_key.created', 'api_key.leaked'],
    active: true,
    secretHint: 'b3Ax',
    createdAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:00:00.000Z',
    ...overrides,
  };
}

const listMock = (webhooks: ReturnType<typeof webhook>[]) => ({
  request: { query: WebhooksDocument },
  result: { data: { webhooks } },
});

const input = {
  url: 'https://hooks.example.com/keyhold',
  events: ['api_key.created', 'api_key.leaked'],
  active: true,
};

function renderList(mocks: unknown[]) {
  return renderPage(<WebhooksPage />, {
    path: '/admin/webhooks',
    url: '/admin/webhooks',
    mocks: mocks as [],
    otherRoutes: ['/admin/webhooks/:id'],
  });
}

async function openForm(user: ReturnType<typeof userEvent.setup>) {
  const opener = await screen.findByRole('button', { name: 'New webhook' });
  await user.click(opener);
  const dialog = await screen.findByRole('dialog', { name: 'New webhook' });
  return { opener, dialog };
}

async function fillValid(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) {
  await user.type(within(dialog).getByRole('textbox', { name: 'URL' }), input.url);
  await user.click(within(dialog).getByRole('checkbox', { name: /api_key\.created/ }));
  await user.click(within(dialog).getByRole('checkbox', { name: /api_key\.leaked/ }));
}

describe('WebhooksPage', () => {
  it('lists webhooks with their events summarised, state and secret hint', async () => {
    renderList([listMock([webhook()])]);
    const link = await screen.findByRole('link', { name: 'https://hooks.example.com/keyhold' });
    expect(link).toHaveAttribute('href', '/admin/webhooks/wh-1');
    expect(screen.getByText('2 events')).toBeInTheDocument();
    expect(screen.getByText(': api_key.created, api_key.leaked')).toBeInTheDocument();
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.getByText('whsec_…b3Ax')).toBeInTheDocument();
  });

  it('shows every validation error at once and focuses the first', async () => {
    const user = userEvent.setup();
    renderList([listMock([])]);
    const { dialog } = await openForm(user);
    const url = within(dialog).getByRole('textbox', { name: 'URL' });
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(within(dialog).getByText('Enter the URL that receives the events')).toBeInTheDocument();
    expect(within(dialog).getByText('Choose at least one event')).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(url).toHaveFocus());

    // With the URL fixed, focus goes to the events, the first field still in error.
    await user.type(url, 'https://hooks.example.com/keyhold');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    const first = within(dialog).getByRole('checkbox', { name: /api_key\.created/ });
    await waitFor(() => expect(first).toHaveFocus());
    expect(within(dialog).getByRole('group', { name: 'Events' })).toHaveAccessibleDescription(
      expect.stringContaining('Choose at least one event'),
    );
  });

  it('puts the server BAD_USER_INPUT on the field it names and keeps the dialog open', async () => {
    const user = userEvent.setup();
    renderList([
      listMock([]),
      {
        request: { query: CreateWebhookDocument, variables: { input } },
        result: {
          errors: [badInput('input.url', 'url resolves to a loopback or private address')],
        },
      },
    ]);
    const { dialog } = await openForm(user);
    await fillValid(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    const url = within(dialog).getByRole('textbox', { name: 'URL' });
    expect(
      await within(dialog).findByText('Url resolves to a loopback or private address'),
    ).toBeInTheDocument();
    await waitFor(() => expect(url).toHaveFocus());
    expect(url).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the signing secret once, with Copy and a warning, then returns focus', async () => {
    const user = userEvent.setup();
    renderList([
      listMock([]),
      {
        request: { query: CreateWebhookDocument, variables: { input } },
        result: {
          data: {
            createWebhook: {
              __typename: 'CreateWebhookPayload',
              secret: SIGNING_SECRET,
              webhook: webhook(),
            },
          },
        },
      },
      listMock([webhook()]),
    ]);
    const { opener, dialog } = await openForm(user);
    await fillValid(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    const reveal = await screen.findByRole('dialog', { name: 'Webhook created' });
    expect(within(reveal).getByText(SIGNING_SECRET)).toBeInTheDocument();
    expect(within(reveal).getByText(/will not be shown again/)).toBeInTheDocument();
    expect(within(reveal).getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    // Escape does not dismiss it: only confirming that the secret was saved does.
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Webhook created' })).toBeInTheDocument();
    const close = within(reveal).getByRole('button', { name: 'Close' });
    expect(close).toBeDisabled();
    await user.click(within(reveal).getByRole('checkbox', { name: 'I have saved the secret' }));
    await user.click(close);

    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Webhook created' })).not.toBeInTheDocument(),
    );
    expect(screen.queryByText(SIGNING_SECRET)).not.toBeInTheDocument();
    await waitFor(() => expect(opener).toHaveFocus());
    expect(await screen.findByRole('link', { name: input.url })).toBeInTheDocument();
  });

  it('offers Retry when the list cannot be loaded', async () => {
    const user = userEvent.setup();
    renderList([
      { request: { query: WebhooksDocument }, error: new TypeError('Failed to fetch') },
      listMock([]),
    ]);
    expect(await screen.findByText('The webhooks could not be loaded')).toBeInTheDocument();
    expect(screen.getByText(/Keyhold could not be reached/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('No webhooks yet')).toBeInTheDocument();
  });
});
