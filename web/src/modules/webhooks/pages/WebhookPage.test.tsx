import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  RedeliverWebhookDocument,
  WebhookDeliveriesDocument,
  WebhooksDocument,
} from '../../../gql/webhooks/graphql';
import { renderPage } from '../../../../test/render';
import { DELIVERIES_PAGE_SIZE, WebhookPage } from './WebhookPage';

const WEBHOOK = {
  __typename: 'Webhook' as const,
  id: 'wh-1',
  url: 'https://hooks.example.com/keyhold',
  events: ['api_key.created'],
  active: true,
  secretHint: 'b3Ax',
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
};

function delivery(n: number, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'WebhookDelivery' as const,
    id: `d-${n}`,
    eventId: `e-${n}`,
    event: 'api_key.created',
    status: 'SUCCEEDED',
    attempts: 1,
    responseStatus: 204,
    error: null,
    createdAt: '2026-11-29T10:00:00.000Z',
    lastAttemptAt: '2026-11-29T10:00:01.000Z',
    nextAttemptAt: null,
    ...overrides,
  };
}

function page(nodes: ReturnType<typeof delivery>[], totalCount: number, endCursor: string | null) {
  return {
    webhookDeliveries: {
      __typename: 'WebhookDeliveryConnection',
      totalCount,
      pageInfo: { __typename: 'PageInfo', hasNextPage: endCursor !== null, endCursor },
      nodes,
    },
  };
}

const webhooksMock = {
  request: { query: WebhooksDocument },
  result: { data: { webhooks: [WEBHOOK] } },
  maxUsageCount: 10,
};

const deliveriesMock = (after: string | undefined, data: ReturnType<typeof page>) => ({
  request: {
    query: WebhookDeliveriesDocument,
    variables: { webhookId: 'wh-1', first: DELIVERIES_PAGE_SIZE, ...(after ? { after } : {}) },
  },
  result: { data },
});

function renderDetails(mocks: unknown[], url = '/admin/webhooks/wh-1') {
  return renderPage(<WebhookPage />, { path: '/admin/webhooks/:id', url, mocks: mocks as [] });
}

describe('WebhookPage', () => {
  it('pages the deliveries forward with the cursor in the URL, and back', async () => {
    const user = userEvent.setup();
    const failed = delivery(1, {
      status: 'FAILED',
      attempts: 9,
      responseStatus: 500,
      error: 'HTTP 500',
    });
    const first = [
      failed,
      ...Array.from({ length: DELIVERIES_PAGE_SIZE - 1 }, (_, i) => delivery(10 + i)),
    ];
    const total = DELIVERIES_PAGE_SIZE + 1;
    renderDetails([
      webhooksMock,
      deliveriesMock(undefined, page(first, total, 'c1')),
      deliveriesMock('c1', page([delivery(2, { event: 'webhook.ping' })], total, null)),
      deliveriesMock(undefined, page(first, total, 'c1')),
    ]);
    const table = await screen.findByRole('region', { name: 'Deliveries' });
    expect(await within(table).findByText('Failed')).toBeInTheDocument();
    expect(within(table).getByText('HTTP 500')).toBeInTheDocument();
    expect(screen.getByText(`1–${DELIVERIES_PAGE_SIZE} of ${total}`)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('webhook.ping')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/webhooks/wh-1?after=c1');
    expect(screen.getByText(`${total}–${total} of ${total}`)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/\/admin\/webhooks\/wh-1$/);
  });

  it('redelivers one delivery and shows the new one', async () => {
    const user = userEvent.setup();
    const failed = delivery(1, { status: 'FAILED', responseStatus: 500, error: 'HTTP 500' });
    const again = delivery(3, { status: 'PENDING', attempts: 0, responseStatus: null });
    renderDetails([
      webhooksMock,
      deliveriesMock(undefined, page([failed], 1, null)),
      {
        request: { query: RedeliverWebhookDocument, variables: { deliveryId: 'd-1' } },
        result: { data: { redeliverWebhook: again } },
      },
      deliveriesMock(undefined, page([again, failed], 2, null)),
    ]);
    await user.click(await screen.findByRole('button', { name: 'Redeliver' }));
    expect(await screen.findByText('api_key.created queued again')).toBeInTheDocument();
    expect(await screen.findByText('Pending')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Redeliver' })).toHaveLength(2);
    expect(screen.getByText('Pending deliveries refresh on their own')).toBeInTheDocument();
  });

  it('says when the webhook does not exist', async () => {
    renderDetails([webhooksMock], '/admin/webhooks/gone');
    expect(
      await screen.findByText('This webhook does not exist. It may have been deleted.'),
    ).toBeInTheDocument();
  });

  it('offers Retry when the deliveries cannot be loaded', async () => {
    const user = userEvent.setup();
    renderDetails([
      webhooksMock,
      {
        request: {
          query: WebhookDeliveriesDocument,
          variables: { webhookId: 'wh-1', first: DELIVERIES_PAGE_SIZE },
        },
        error: new TypeError('Failed to fetch'),
      },
      deliveriesMock(undefined, page([], 0, null)),
    ]);
    expect(await screen.findByText('The deliveries could not be loaded')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(screen.getByText(/Nothing has been delivered yet/)).toBeInTheDocument(),
    );
  });
});
