import type { Kysely } from 'kysely';
import type { ActAt, ChangeFeed, ItemRef, SequencedRecord } from '../../app/change-feed.ts';
import type { SourceName } from '../../core/source-record.ts';
import type { Database } from './create-database.ts';
import type { DialectTraits } from './dialect-traits.ts';
import { forEachInList } from './for-each-in-list.ts';
import type { Schema } from './schema.ts';

/** Items per OR-list when finding the people who acted on items; small, so plans stay indexed. */
const ITEMS_PER_QUERY = 64;

/**
 * Follows writes through `source_records.seq`. Reads only: the numbers come from the ingest store's
 * inserts (a PostgreSQL bigserial, a SQLite rowid), and `activities_repo_item` keeps the item
 * lookup indexed.
 */
export class KyselyChangeFeed implements ChangeFeed {
  readonly #db: Kysely<Schema>;
  readonly #traits: DialectTraits;

  constructor(database: Database) {
    this.#db = database.db;
    this.#traits = database.traits;
  }

  /** The highest sequence number stored, 0 when none is (the end of the key's index). */
  async readLatestRecordSeq(): Promise<number> {
    const row = await this.#db
      .selectFrom('source_records')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? 0 : Number(row.seq);
  }

  /** Sequence numbers after `seq`, ascending, at most `limit` (an index range scan of the key). */
  async readRecordSeqsAfter(seq: number, limit: number): Promise<readonly number[]> {
    if (!(Number.isSafeInteger(limit) && limit > 0)) throw new RangeError(`bad limit ${limit}`);
    const rows = await this.#db
      .selectFrom('source_records')
      .select('seq')
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => Number(row.seq));
  }

  /** The records with these numbers, ascending; numbers not stored are left out. */
  async readRecordsBySeq(seqs: readonly number[]): Promise<readonly SequencedRecord[]> {
    const records: SequencedRecord[] = [];
    await forEachInList([...new Set(seqs)], async (chunk) => {
      const rows = await this.#db
        .selectFrom('source_records')
        .select(['seq', 'source', 'key', 'payload'])
        .where('seq', 'in', chunk)
        .execute();
      for (const row of rows) {
        records.push({
          seq: Number(row.seq),
          source: row.source as SourceName,
          key: row.key,
          payload: this.#traits.readJson(row.payload),
        });
      }
    });
    return records.sort((a, b) => a.seq - b.seq);
  }

  /** Distinct ids, ascending, of the people with one of these activities or an act on one of these items. */
  async readPeopleTouching(
    activityKeys: readonly string[],
    items: readonly ItemRef[],
  ): Promise<readonly number[]> {
    const acts = await this.readActsTouching(activityKeys, items);
    return [...new Set(acts.map((act) => act.personId))].sort((a, b) => a - b);
  }

  /** Who acted when, distinct: the activities of these keys, and every act on these items. */
  async readActsTouching(
    activityKeys: readonly string[],
    items: readonly ItemRef[],
  ): Promise<readonly ActAt[]> {
    const acts = new Map<string, ActAt>();
    const add = (rows: readonly { person_id: number; occurred_at: string }[]): void => {
      for (const row of rows)
        acts.set(`${row.person_id}@${row.occurred_at}`, {
          personId: row.person_id,
          occurredAt: row.occurred_at,
        });
    };
    await forEachInList([...new Set(activityKeys)], async (chunk) => {
      add(
        await this.#db
          .selectFrom('activities')
          .select(['person_id', 'occurred_at'])
          .where('key', 'in', chunk)
          .execute(),
      );
    });
    const distinct = [
      ...new Map(items.map((item) => [`${item.repo}#${item.number}`, item] as const)).values(),
    ];
    for (let start = 0; start < distinct.length; start += ITEMS_PER_QUERY) {
      const chunk = distinct.slice(start, start + ITEMS_PER_QUERY);
      add(
        await this.#db
          .selectFrom('activities')
          .select(['person_id', 'occurred_at'])
          .distinct()
          .where((eb) =>
            eb.or(
              chunk.map((item) => eb.and([eb('repo', '=', item.repo), eb('item_number', '=', item.number)])),
            ),
          )
          .execute(),
      );
    }
    return [...acts.values()];
  }
}
