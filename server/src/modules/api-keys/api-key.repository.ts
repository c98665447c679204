import {
  Brackets,
  In,
  type DataSource,
  type EntityManager,
  type SelectQueryBuilder,
} from 'typeorm';
import { badUserInput } from '../../common/errors';
import { toDbTimestamp } from '../../database/columns';
import { isMysql } from '../../database/dialect';
import {
  decodeCursor,
  encodeCursor,
  type PageWindow,
  type SortValue,
} from '../../common/connection';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyOrderField, OrderDirection, type ApiKeyOrder } from './dto/api-key-order.input';
import { ApiKeyStatus } from './dto/api-key.type';

export interface LastUse {
  id: string;
  at: Date;
  ip: string | null;
}

const SORT_COLUMNS: Record<
  ApiKeyOrderField,
  { column: string; property: keyof ApiKeyEntity; nullable: boolean }
> = {
  [ApiKeyOrderField.CREATED_AT]: { column: 'k.created_at', property: 'createdAt', nullable: false },
  [ApiKeyOrderField.NAME]: { column: 'k.name', property: 'name', nullable: false },
  [ApiKeyOrderField.LAST_USED_AT]: {
    column: 'k.last_used_at',
    property: 'lastUsedAt',
    nullable: true,
  },
};

const NAME_COLUMN = 'k.name';

export const DEFAULT_ORDER: ApiKeyOrder = {
  field: ApiKeyOrderField.CREATED_AT,
  direction: OrderDirection.DESC,
};

export interface ApiKeyFilter {
  search?: string | null;
  status?: ApiKeyStatus | null;
}

export interface ApiKeyPage {
  rows: ApiKeyEntity[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Cursor text of a sort value: dates in the same form the database compares them in. */
function sortValueOf(entity: ApiKeyEntity, property: keyof ApiKeyEntity): SortValue {
  const value = entity[property];
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

function likeEscape(term: string): string {
  return term.replace(/[!%_]/g, (c) => `!${c}`);
}

export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<ApiKeyEntity | null> {
    return this.manager(manager).findOneBy(ApiKeyEntity, { id });
  }

  /**
   * The key's row, locked until the transaction ends, so changes to one key queue up and each
   * starts from the previous one's result. MySQL: SELECT … FOR UPDATE. SQLite has no row locks:
   * a first write takes the database's write lock (what BEGIN IMMEDIATE would), which other
   * processes on the same file then wait for; within this process transactions already run one
   * at a time (database/transaction.ts).
   */
  async findForUpdate(id: string, manager: EntityManager): Promise<ApiKeyEntity | null> {
    if (isMysql(this.dataSource)) {
      return manager.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    }
    await manager.query('UPDATE api_keys SET id = id WHERE id = ?', [id]);
    return manager.findOneBy(ApiKeyEntity, { id });
  }

  findByIds(ids: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.dataSource.manager.findBy(ApiKeyEntity, { id: In([...ids]) });
  }

  findByKey(key: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.manager.findOneBy(ApiKeyEntity, { key });
  }

  /** Sets each key's last use, only forward: another replica may already have written a later one. */
  async writeLastUse(manager: EntityManager, uses: readonly LastUse[]): Promise<void> {
    if (!uses.length) return;
    const params = uses.flatMap((u) => [u.id, toDbTimestamp(u.at), u.ip]);
    if (isMysql(this.dataSource)) {
      const rows = uses.map(() => 'SELECT ? AS id, ? AS at, ? AS ip').join(' UNION ALL ');
      await manager.query(
        `UPDATE api_keys k JOIN (${rows}) u ON k.id = u.id ` +
          'SET k.last_used_ip = u.ip, k.last_used_at = u.at ' +
          'WHERE k.last_used_at IS NULL OR k.last_used_at < u.at',
        params,
      );
    } else {
      const rows = uses.map(() => '(?, ?, ?)').join(', ');
      await manager.query(
        `WITH u (id, at, ip) AS (VALUES ${rows}) ` +
          'UPDATE api_keys SET last_used_ip = u.ip, last_used_at = u.at FROM u ' +
          'WHERE api_keys.id = u.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < u.at)',
        params,
      );
    }
  }

  private filtered(filter: ApiKeyFilter, now: Date): SelectQueryBuilder<ApiKeyEntity> {
    const qb = this.dataSource.manager.createQueryBuilder(ApiKeyEntity, 'k');
    const term = filter.search?.trim();
    if (term) {
      // SQLite's LIKE already ignores ASCII case, the only case its LOWER() knows; skipping
      // LOWER() there saves a function call per row a rare term's search passes over.
      const name = isMysql(this.dataSource) ? 'LOWER(k.name)' : 'k.name';
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`${name} LIKE :contains ESCAPE '!'`, {
              contains: `%${likeEscape(term.toLowerCase())}%`,
            })
            .orWhere("k.key LIKE :prefix ESCAPE '!'", { prefix: `${likeEscape(term)}%` }),
        ),
      );
    }
    if (filter.status === ApiKeyStatus.DISABLED)
      qb.andWhere('k.active = :inactive', { inactive: false });
    if (filter.status === ApiKeyStatus.ACTIVE) {
      qb.andWhere('k.active = :active', { active: true }).andWhere(
        '(k.expires_at IS NULL OR k.expires_at > :now)',
        { now },
      );
    }
    if (filter.status === ApiKeyStatus.EXPIRED) {
      qb.andWhere('k.active = :active', { active: true }).andWhere('k.expires_at <= :now', { now });
    }
    return qb;
  }

  /**
   * COUNT(*), not TypeORM's COUNT(DISTINCT id): rows are unique, and a plain count can read the
   * smallest index.
   */
  async count(filter: ApiKeyFilter, now = new Date()): Promise<number> {
    const row = await this.countQuery(filter, now).getRawOne<{ n: unknown }>();
    return Number(row?.n ?? 0);
  }

  /** The count's statement, unexecuted (`count` runs it; the pagination bench times it). */
  countQuery(filter: ApiKeyFilter, now = new Date()): SelectQueryBuilder<ApiKeyEntity> {
    return this.filtered(filter, now).select('COUNT(*)', 'n');
  }

  /** The cursor the list gives `row` in `order`. */
  cursorOf(row: ApiKeyEntity, order: ApiKeyOrder = DEFAULT_ORDER): string {
    const sort = SORT_COLUMNS[order.field];
    return encodeCursor({
      order: `${order.field}:${order.direction}`,
      value: sortValueOf(row, sort.property),
      id: row.id,
    });
  }

  private start(order: ApiKeyOrder, window: PageWindow) {
    const sort = SORT_COLUMNS[order.field];
    const orderKey = `${order.field}:${order.direction}`;
    const cursorText = window.backward ? window.before : window.after;
    const cursor = cursorText
      ? decodeCursor(window.backward ? 'before' : 'after', cursorText, orderKey)
      : undefined;
    if (
      cursor &&
      sort.property !== 'name' &&
      cursor.value !== null &&
      Number.isNaN(Date.parse(cursor.value))
    ) {
      throw badUserInput(window.backward ? 'before' : 'after', 'malformed cursor');
    }
    const descending = (order.direction === OrderDirection.DESC) !== window.backward;
    return { sort, orderKey, cursor, descending };
  }

  /**
   * One keyset page: rows strictly after (or before) the cursor in the requested order, read
   * with the OR-split condition MySQL range-scans on the (sort column, id) index; LIMIT n + 1
   * tells whether more rows follow. No OFFSET.
   */
  async page(
    filter: ApiKeyFilter,
    order: ApiKeyOrder,
    window: PageWindow,
    now = new Date(),
  ): Promise<ApiKeyPage> {
    const { sort, cursor, descending } = this.start(order, window);

    const walk = (from: typeof cursor, towards: boolean, inclusive: boolean, limit: number) =>
      sort.column === NAME_COLUMN
        ? this.walkByName(filter, now, from, towards, inclusive, limit)
        : this.walkQuery(filter, now, sort, from, towards, inclusive, limit).getMany();
    const fetched = await walk(cursor, descending, false, window.limit + 1);
    const hasMore = fetched.length > window.limit;
    const rows = fetched.slice(0, window.limit);

    // Is there anything on the other side of the cursor? One indexed row at most.
    const hasOtherSide = cursor ? (await walk(cursor, !descending, true, 1)).length > 0 : false;
    if (window.backward) rows.reverse();
    return {
      rows,
      cursors: rows.map((row) => this.cursorOf(row, order)),
      hasNextPage: window.backward ? hasOtherSide : hasMore,
      hasPreviousPage: window.backward ? hasMore : hasOtherSide,
    };
  }

  /**
   * The statements `page` sends in a date order (creation, last use), unexecuted: the page
   * query (LIMIT n + 1) and, after a cursor, the other-side check. The pagination bench times
   * these exact statements.
   */
  pageQueries(
    filter: ApiKeyFilter,
    order: ApiKeyOrder,
    window: PageWindow,
    now = new Date(),
  ): {
    page: SelectQueryBuilder<ApiKeyEntity>;
    otherSide: SelectQueryBuilder<ApiKeyEntity> | null;
  } {
    const { sort, cursor, descending } = this.start(order, window);
    if (sort.column === NAME_COLUMN) throw new Error('the name order reads two index ranges');
    return {
      page: this.walkQuery(filter, now, sort, cursor, descending, false, window.limit + 1),
      otherSide: cursor ? this.walkQuery(filter, now, sort, cursor, !descending, true, 1) : null,
    };
  }

  /** Up to `limit` rows from the cursor on, walking the (sort column, id) index. */
  private walkQuery(
    filter: ApiKeyFilter,
    now: Date,
    sort: { column: string; nullable: boolean },
    cursor: { value: SortValue; id: string } | undefined,
    descending: boolean,
    inclusive: boolean,
    limit: number,
  ): SelectQueryBuilder<ApiKeyEntity> {
    const qb = this.filtered(filter, now);
    if (cursor) this.applyKeyset(qb, sort, cursor.value, cursor.id, descending, inclusive);
    const direction = descending ? 'DESC' : 'ASC';
    return qb.orderBy(sort.column, direction).addOrderBy('k.id', direction).limit(limit);
  }

  /**
   * The name order puts unnamed keys ('') after every name under A→Z (before them under Z→A).
   * '' sorts first in the (name, id) index, so the walk reads two index ranges one after the
   * other, named then unnamed (or the reverse), instead of ordering by an expression, which
   * would sort the whole table.
   */
  private async walkByName(
    filter: ApiKeyFilter,
    now: Date,
    cursor: { value: SortValue; id: string } | undefined,
    descending: boolean,
    inclusive: boolean,
    limit: number,
  ): Promise<ApiKeyEntity[]> {
    const direction = descending ? 'DESC' : 'ASC';
    const cmp = descending ? '<' : '>';
    const idCmp = inclusive ? `${cmp}=` : cmp;
    const segments: ('named' | 'unnamed')[] = descending
      ? ['unnamed', 'named']
      : ['named', 'unnamed'];
    const cursorSegment = cursor ? (cursor.value === '' ? 'unnamed' : 'named') : undefined;
    const rows: ApiKeyEntity[] = [];
    for (const segment of segments.slice(cursorSegment ? segments.indexOf(cursorSegment) : 0)) {
      const qb = this.filtered(filter, now);
      if (segment === 'unnamed') {
        qb.andWhere(`${NAME_COLUMN} = ''`);
        if (cursorSegment === 'unnamed')
          qb.andWhere(`k.id ${idCmp} :cursorId`, { cursorId: cursor!.id });
        qb.orderBy('k.id', direction);
      } else {
        qb.andWhere(`${NAME_COLUMN} <> ''`);
        if (cursorSegment === 'named') {
          this.applyKeyset(
            qb,
            SORT_COLUMNS[ApiKeyOrderField.NAME],
            cursor!.value,
            cursor!.id,
            descending,
            inclusive,
          );
        }
        qb.orderBy(NAME_COLUMN, direction).addOrderBy('k.id', direction);
      }
      rows.push(...(await qb.limit(limit - rows.length).getMany()));
      if (rows.length >= limit) break;
    }
    return rows;
  }

  /**
   * Rows after (value, id) when walking in `descending` order. NULL sorts lowest in both
   * SQLite and MySQL, so never-used keys come last in DESC and first in ASC.
   */
  private applyKeyset(
    qb: SelectQueryBuilder<ApiKeyEntity>,
    sort: { column: string; nullable: boolean },
    value: SortValue,
    id: string,
    descending: boolean,
    inclusive: boolean,
  ): void {
    const col = sort.column;
    const cmp = descending ? '<' : '>';
    const idCmp = inclusive ? `${cmp}=` : cmp;
    const param = sort.column === 'k.name' || value === null ? value : new Date(value);
    if (value === null) {
      qb.andWhere(
        descending
          ? `(${col} IS NULL AND k.id ${idCmp} :cursorId)`
          : `(${col} IS NOT NULL OR (${col} IS NULL AND k.id ${idCmp} :cursorId))`,
        { cursorId: id },
      );
      return;
    }
    const nullsAfter = sort.nullable && descending ? ` OR ${col} IS NULL` : '';
    // SQLite range-scans the index on a row-value comparison, but may answer the OR-split form
    // with a MULTI-INDEX OR and a sort of everything past the cursor (about 9 ms at 50 % of
    // 100,000 keys against 0.1 ms); MySQL and MariaDB range-scan the OR-split form instead.
    const after = isMysql(this.dataSource)
      ? `${col} ${cmp} :cursorValue OR (${col} = :cursorValue AND k.id ${idCmp} :cursorId)`
      : `(${col}, k.id) ${idCmp} (:cursorValue, :cursorId)`;
    qb.andWhere(`(${after}${nullsAfter})`, { cursorValue: param, cursorId: id });
  }
}
