import { DEFAULT_PAGE_SIZE, PAGE_SIZE_OPTIONS } from '@keyhold/shared';
import { useSearchParams } from 'react-router';
import type {
  ApiKeyOrderField,
  ApiKeyStatus,
  ApiKeysQueryVariables,
  OrderDirection,
} from '../../../gql/graphql';

/** Everything the list shows is in the URL, so reload, links and back/forward all work. */
export interface ApiKeyListParams {
  search: string;
  /** The status tab; null is "All". */
  status: ApiKeyStatus | null;
  perPage: number;
  after: string | null;
  before: string | null;
  /** The last page: `last: perPage` with no cursor. */
  lastPage: boolean;
  /** 1-based position of the first row, for "1–25 of N"; unknown (null) on the last page. */
  start: number | null;
  sort: ApiKeyOrderField;
  direction: OrderDirection;
}

const SORT_PARAM: Record<string, ApiKeyOrderField> = {
  name: 'NAME',
  created: 'CREATED_AT',
  last_used: 'LAST_USED_AT',
};
const SORT_NAME: Record<ApiKeyOrderField, string> = {
  NAME: 'name',
  CREATED_AT: 'created',
  LAST_USED_AT: 'last_used',
};

const STATUS_PARAM: Record<string, ApiKeyStatus> = {
  active: 'ACTIVE',
  disabled: 'DISABLED',
  expired: 'EXPIRED',
};

export function parseListParams(params: URLSearchParams): ApiKeyListParams {
  const per = Number(params.get('per'));
  const start = Number(params.get('start'));
  const lastPage = params.get('page') === 'last';
  const sort = SORT_PARAM[params.get('sort') ?? ''] ?? 'CREATED_AT';
  const dir = params.get('dir');
  return {
    search: params.get('q') ?? '',
    status: STATUS_PARAM[params.get('status') ?? ''] ?? null,
    perPage: (PAGE_SIZE_OPTIONS as readonly number[]).includes(per) ? per : DEFAULT_PAGE_SIZE,
    after: params.get('after'),
    before: params.get('before'),
    lastPage,
    start: lastPage ? null : Number.isInteger(start) && start > 0 ? start : 1,
    sort,
    direction: dir === 'asc' ? 'ASC' : dir === 'desc' ? 'DESC' : defaultDirection(sort),
  };
}

/** Names read best A→Z; dates newest first. */
export function defaultDirection(field: ApiKeyOrderField): OrderDirection {
  return field === 'NAME' ? 'ASC' : 'DESC';
}

export function listVariables(p: ApiKeyListParams): ApiKeysQueryVariables {
  const page = p.before
    ? { last: p.perPage, before: p.before }
    : p.lastPage
      ? { last: p.perPage }
      : { first: p.perPage, ...(p.after ? { after: p.after } : {}) };
  return {
    ...page,
    ...(p.search ? { search: p.search } : {}),
    ...(p.status ? { status: p.status } : {}),
    orderBy: { field: p.sort, direction: p.direction },
  };
}

function toSearchParams(p: ApiKeyListParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.search) out.set('q', p.search);
  if (p.status) out.set('status', p.status.toLowerCase());
  if (p.perPage !== DEFAULT_PAGE_SIZE) out.set('per', String(p.perPage));
  if (p.sort !== 'CREATED_AT' || p.direction !== 'DESC') {
    out.set('sort', SORT_NAME[p.sort]);
    out.set('dir', p.direction.toLowerCase());
  }
  if (p.lastPage) out.set('page', 'last');
  if (p.after) out.set('after', p.after);
  if (p.before) out.set('before', p.before);
  if (p.start && p.start > 1) out.set('start', String(p.start));
  return out;
}

const FIRST_PAGE = { after: null, before: null, lastPage: false, start: 1 } as const;

export function useApiKeyListParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = parseListParams(searchParams);
  const go = (next: ApiKeyListParams, replace = false) =>
    setSearchParams(toSearchParams(next), { replace });

  return {
    params,
    /** Typing refines the current view; it replaces the entry rather than piling up history. */
    setSearch: (search: string) => go({ ...params, ...FIRST_PAGE, search }, true),
    setStatus: (status: ApiKeyStatus | null) => go({ ...params, ...FIRST_PAGE, status }),
    setPerPage: (perPage: number) => go({ ...params, ...FIRST_PAGE, perPage }),
    setSort: (sort: ApiKeyOrderField) =>
      go({
        ...params,
        ...FIRST_PAGE,
        sort,
        direction:
          params.sort === sort
            ? params.direction === 'ASC'
              ? 'DESC'
              : 'ASC'
            : defaultDirection(sort),
      }),
    goFirst: () => go({ ...params, ...FIRST_PAGE }),
    goLast: () => go({ ...params, ...FIRST_PAGE, lastPage: true, start: null }),
    goNext: (endCursor: string, shownStart: number, shownCount: number) =>
      go({ ...params, ...FIRST_PAGE, after: endCursor, start: shownStart + shownCount }),
    goPrevious: (startCursor: string, shownStart: number) => {
      const start = shownStart - params.perPage;
      // Near the top a full first page reads better than a short page ending where we were.
      if (start <= 1) return go({ ...params, ...FIRST_PAGE });
      return go({ ...params, ...FIRST_PAGE, before: startCursor, start });
    },
  };
}
