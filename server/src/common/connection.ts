import { Field, ObjectType } from 'type-graphql';
import { DEFAULT_PAGE_SIZE } from '@keyhold/shared';
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

export { decodeCursor, encodeCursor, type CursorPayload, type SortValue } from './cursor';

export interface PageWindow {
  /** Rows to return. */
  limit: number;
  /** True when paging backwards (last/before): the query runs in reverse order. */
  backward: boolean;
  after?: string;
  before?: string;
}

/**
 * The window of first/last/after/before; default first: 25. Each argument's own range is checked
 * on its args class; what is left are the rules about how they combine.
 */
export function pageWindow(args: {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}): PageWindow {
  const { first, last, after, before } = args;
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
