import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiKeysDocument } from '../../../gql/graphql';
import { apiKeyFixture, listItem } from '../../../../test/fixtures';
import { renderPage } from '../../../../test/render';
import { ApiKeysPage, SEARCH_DEBOUNCE_MS } from './ApiKeysPage';

const order = { field: 'CREATED_AT', direction: 'DESC' } as const;

function page(
  variables: Record<string, unknown>,
  count: number,
  total: number,
  info: Partial<Record<string, unknown>> = {},
) {
  const nodes = Array.from({ length: count }, () => listItem(apiKeyFixture()));
  return {
    request: {
      query: ApiKeysDocument,
      variables: { ...variables, orderBy: variables.orderBy ?? order },
    },
    result: {
      data: {
        apiKeys: {
          __typename: 'ApiKeyConnection',
          totalCount: total,
          pageInfo: {
            __typename: 'PageInfo',
            hasNextPage: false,
            hasPreviousPage: false,
            startCursor: 'c-start',
            endCursor: 'c-end',
            ...info,
          },
          nodes,
        },
      },
    },
  };
}

const location = () => screen.getByTestId('location').textContent;

// 25 rows of tooltips render slowly in jsdom on a shared CPU.
jest.setTimeout(20_000);

describe('ApiKeysPage', () => {
  it('shows the first page with its range and keeps paging state in the URL', async () => {
    const user = userEvent.setup();
    renderPage(<ApiKeysPage />, {
      path: '/admin/api-keys',
      url: '/admin/api-keys',
      mocks: [
        page({ first: 25 }, 25, 60, { hasNextPage: true }),
        page({ first: 25, after: 'c-end' }, 25, 60, {
          hasNextPage: true,
          hasPreviousPage: true,
          startCursor: 'p2-start',
          endCursor: 'p2-end',
        }),
        page({ last: 25 }, 25, 60, { hasPreviousPage: true, startCursor: 'last-start' }),
        page({ last: 25, before: 'last-start' }, 25, 60, {
          hasNextPage: true,
          hasPreviousPage: true,
        }),
      ],
    });
    expect(await screen.findByText('1–25 of 60')).toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(26);

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(location()).toBe('/admin/api-keys?after=c-end&start=26');
    expect(await screen.findByText('26–50 of 60')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Last page' }));
    expect(location()).toBe('/admin/api-keys?page=last');
    expect(await screen.findByText('36–60 of 60')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(location()).toBe('/admin/api-keys?before=last-start&start=11');
    expect(await screen.findByText('11–35 of 60')).toBeInTheDocument();
  });

  it('reads per page, sort and cursor from the URL on load', async () => {
    renderPage(<ApiKeysPage />, {
      path: '/admin/api-keys',
      url: '/admin/api-keys?per=50&sort=name&dir=asc&after=xyz&start=51',
      mocks: [
        page({ first: 50, after: 'xyz', orderBy: { field: 'NAME', direction: 'ASC' } }, 10, 60, {
          hasPreviousPage: true,
        }),
      ],
    });
    expect(await screen.findByText('51–60 of 60')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Per page' })).toHaveValue('50');
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
  });

  it('changing Per page goes back to the first page with the new size', async () => {
    const user = userEvent.setup();
    renderPage(<ApiKeysPage />, {
      path: '/admin/api-keys',
      url: '/admin/api-keys?after=abc&start=26',
      mocks: [
        page({ first: 25, after: 'abc' }, 25, 60, { hasPreviousPage: true }),
        page({ first: 100 }, 60, 60),
      ],
    });
    await screen.findByText('26–50 of 60');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Per page' }), '100');
    expect(location()).toBe('/admin/api-keys?per=100');
    expect(await screen.findByText('1–60 of 60')).toBeInTheDocument();
  });

  it('debounces the search into the URL and resets the cursor', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
      renderPage(<ApiKeysPage />, {
        path: '/admin/api-keys',
        url: '/admin/api-keys?after=abc&start=26',
        mocks: [
          page({ first: 25, after: 'abc' }, 25, 60, { hasPreviousPage: true }),
          page({ first: 25, search: 'billing' }, 1, 1),
        ],
      });
      await screen.findByText('26–50 of 60');
      await user.type(screen.getByRole('textbox', { name: 'Search' }), 'billing');
      act(() => jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 50));
      expect(location()).toBe('/admin/api-keys?after=abc&start=26');
      act(() => jest.advanceTimersByTime(50));
      expect(location()).toBe('/admin/api-keys?q=billing');
      expect(await screen.findByText('1–1 of 1')).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  it('sorts by a column when its header is activated', async () => {
    const user = userEvent.setup();
    renderPage(<ApiKeysPage />, {
      path: '/admin/api-keys',
      url: '/admin/api-keys',
      mocks: [
        page({ first: 25 }, 3, 3),
        page({ first: 25, orderBy: { field: 'LAST_USED_AT', direction: 'DESC' } }, 3, 3),
      ],
    });
    await screen.findByText('1–3 of 3');
    await user.click(screen.getByRole('button', { name: 'Sort by Last used' }));
    expect(location()).toBe('/admin/api-keys?sort=last_used&dir=desc');
  });

  it('invites creating the first key when there is none', async () => {
    renderPage(<ApiKeysPage />, {
      path: '/admin/api-keys',
      url: '/admin/api-keys',
      mocks: [page({ first: 25 }, 0, 0)],
    });
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create your first API key' })).toHaveAttribute(
      'href',
      '/admin/api-keys/create',
    );
  });

  it('shows an error with a retry that refetches', async () => {
    const user = userEvent.setup();
    renderPage(<ApiKeysPage />, {
      path: '/admin/api-keys',
      url: '/admin/api-keys',
      mocks: [
        {
          request: { query: ApiKeysDocument, variables: { first: 25, orderBy: order } },
          error: new Error('Network down'),
        },
        page({ first: 25 }, 2, 2),
      ],
    });
    expect(await screen.findByText('Network down')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('1–2 of 2')).toBeInTheDocument();
  });
});
