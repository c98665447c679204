import { Field, ObjectType } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@keyhold/shared';
import { badUserInput } from './errors';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => Boolean)
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export type SortValue = string | null;

/** What an opaque cursor holds: the order it was issued for, the sort value and the id. */
export interface CursorPayload {
  order: string;
  value: SortValue;
  id: string;
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify([payload.order, payload.value, payload.id])).toString(
    'base64url',
  );
}

export function decodeCursor(field: string, cursor: string, order: string): CursorPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(field, 'malformed cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    (typeof parsed[1] !== 'string' && parsed[1] !== null) ||
    typeof parsed[2] !== 'string'
  ) {
    throw badUserInput(field, 'malformed cursor');
  }
  if (parsed[0] !== order) {
    throw badUserInput(field, `cursor was issued for another order (${parsed[0]}), not ${order}`);
  }
  return { order, value: parsed[1], id: parsed[2] };
}

export interface PageWindow {
  /** Rows to return. */
  limit: number;
  /** True when paging backwards (last/before): the query runs in reverse order. */
  backward: boolean;
  after?: string;
  before?: string;
}

/** Checks first/last (1..100, not both; first with after, last with before); default first: 25. */
export function pageWindow(args: {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}): PageWindow {
  const { first, last, after, before } = args;
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value !== null && value !== undefined && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw badUserInput(name, `must be between 1 and ${MAX_PAGE_SIZE} (got ${value})`);
    }
  }
  if (first != null && last != null)
    throw badUserInput('last', 'use either first or last, not both');
  if (after != null && before != null)
    throw badUserInput('before', 'use either after or before, not both');
  if (first != null && before != null)
    throw badUserInput('before', 'before goes with last, not first');
  if (last != null && after != null) throw badUserInput('after', 'after goes with first, not last');
  if (last != null || before != null) {
    return { limit: last ?? DEFAULT_PAGE_SIZE, backward: true, before: before ?? undefined };
  }
  return { limit: first ?? DEFAULT_PAGE_SIZE, backward: false, after: after ?? undefined };
}

export interface Page<T> {
  rows: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  countTotal: () => Promise<number>;
}

/** Builds a Relay connection object (edges, nodes, pageInfo, lazy totalCount) from a page. */
export function toConnection<C, N>(Connection: new () => C, page: Page<unknown>, nodes: N[]): C {
  return Object.assign(new Connection() as object, {
    nodes,
    edges: nodes.map((node, i) => ({ cursor: page.cursors[i]!, node })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors.at(-1) ?? null,
    },
    countTotal: page.countTotal,
  }) as C;
}
