import { type SelectQueryBuilder, sql } from 'kysely';
import type { ActivityFilter } from '../../app/ports.ts';
import { isIsoSecondTime } from './validate-batch.ts';

/** Where a keyset read of activities stands: the (occurred_at, key) of the last act read. */
export type ActivityPosition = readonly [occurredAt: string, key: string];

/**
 * Checks a read of activities before it starts: throws a RangeError for a bad chunk size or a time
 * bound or moment not in `YYYY-MM-DDTHH:MM:SSZ` form; false when the filter can match nothing (an
 * empty list of repositories or moments, which is no `in ()` in SQL).
 */
export function checkActivityRead(filter: ActivityFilter, chunkSize: number): boolean {
  if (!(Number.isSafeInteger(chunkSize) && chunkSize > 0))
    throw new RangeError(`bad chunk size ${chunkSize}`);
  for (const bound of [filter.from, filter.to, ...(filter.at ?? [])]) {
    if (bound !== undefined && bound !== null && !isIsoSecondTime(bound)) {
      throw new RangeError(`expected a time like 2024-05-01T12:00:00Z, got ${JSON.stringify(bound)}`);
    }
  }
  return !(
    (filter.repos != null && filter.repos.length === 0) ||
    (filter.at != null && filter.at.length === 0)
  );
}

/**
 * The next page of a read of `activities as a` in (occurred_at, key) order: the filter, the keyset
 * position and the page size, on whatever the query selects and joins. Both the fact reader and the
 * column reader page this way, so a change of paging is made once.
 */
export function pageOfActivities<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  filter: ActivityFilter,
  position: ActivityPosition | null,
  chunkSize: number,
): SelectQueryBuilder<DB, TB, O> {
  const occurredAt = sql.ref<string>('a.occurred_at');
  const key = sql.ref<string>('a.key');
  let page = query;
  // After the first page the position is the lower bound: also bounding by `from` makes SQLite
  // range over the index from `from` on every page (quadratic over a long window).
  if (filter.from != null && position === null) page = page.where(occurredAt, '>=', filter.from);
  if (filter.to != null) page = page.where(occurredAt, '<', filter.to);
  if (filter.repo != null) page = page.where(sql.ref('a.repo'), '=', filter.repo);
  if (filter.repos != null) page = page.where(sql.ref('a.repo'), 'in', filter.repos);
  if (filter.personId != null) page = page.where(sql.ref('a.person_id'), '=', filter.personId);
  if (filter.at != null) page = page.where(occurredAt, 'in', filter.at);
  if (position !== null)
    page = page.where(sql<boolean>`(${occurredAt}, ${key}) > (${position[0]}, ${position[1]})`);
  return page.orderBy(occurredAt).orderBy(key).limit(chunkSize);
}
