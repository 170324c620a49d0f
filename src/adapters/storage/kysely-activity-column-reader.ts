import type { Kysely } from 'kysely';
import type { ActivityColumnReader, ActivityColumnsRead } from '../../app/activity-column-reader.ts';
import type { ActivityFilter } from '../../app/ports.ts';
import type { ActivityColumns } from '../../core/activity-columns.ts';
import type { ItemState, ItemType, StateReason } from '../../core/item.ts';
import { isoTimeToMs } from '../../core/ladder/iso-time-ms.ts';
import { ACTIVITY_KIND_INDEX } from '../../core/scoring/kind-counts.ts';
import type { ScoringItem } from '../../core/scoring-fact.ts';
import { checkActivityRead, pageOfActivities } from './activity-pages.ts';
import type { Database } from './create-database.ts';
import type { DialectTraits } from './dialect-traits.ts';
import { readRowArrays } from './read-row-arrays.ts';
import type { Schema } from './schema.ts';

/** Acts per batch when the caller does not say. */
const DEFAULT_CHUNK_SIZE = 10_000;
/** Items per query while reading the item table. */
const ITEM_CHUNK = 10_000;
/** The columns of an act as read, in select order (see `readRowArrays`). */
const ACT_COLUMNS = ['key', 'kind', 'person_id', 'occurred_at', 'repo', 'item_number', 'details'] as const;
const ACT = { key: 0, kind: 1, personId: 2, occurredAt: 3, repo: 4, itemNumber: 5, details: 6 } as const;
type ActRow = readonly [string, string, number, string, string | null, number | null, unknown];

/** The kind of an act whose kind rungs does not know (the index leaves it out). */
const UNKNOWN_KIND = 255;

/**
 * Reads activities into columns for evaluating everyone. The items are read first, once (far fewer
 * than the acts), so an act names its item by index instead of joining it row by row; details are
 * selected only for the kinds asked for, and each distinct details text is parsed once. Acts stream
 * in (occurred_at, key) order with keyset pagination, as `KyselyActivityReader.readScoringFacts`.
 * An item written after the read starts counts as never seen for this read.
 */
export class KyselyActivityColumnReader implements ActivityColumnReader {
  readonly #db: Kysely<Schema>;
  readonly #traits: DialectTraits;

  constructor(database: Database) {
    this.#db = database.db;
    this.#traits = database.traits;
  }

  async *readActivityColumns(
    filter: ActivityFilter,
    read: ActivityColumnsRead,
  ): AsyncIterable<ActivityColumns> {
    const chunkSize = read.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!checkActivityRead(filter, chunkSize)) return;

    const repos: string[] = [];
    const repoIndex = new Map<string, number>();
    const internRepo = (repo: string): number => {
      let index = repoIndex.get(repo);
      if (index === undefined) {
        index = repos.length;
        repos.push(repo);
        repoIndex.set(repo, index);
      }
      return index;
    };
    const { items, itemOf } = await this.#readItems(filter, internRepo);
    const details: Readonly<Record<string, unknown>>[] = [];
    const detailOfText = new Map<string, number>();
    const detailKinds = [...read.detailKinds];

    let after: readonly [string, string] | null = null;
    let lastTimeText = '';
    let lastTime = Number.NaN;
    let lastRepo: string | null = null;
    let lastRepoIndex = -1;
    for (;;) {
      const position: readonly [string, string] | null = after;
      const query = this.#db
        .selectFrom('activities as a')
        .select((eb) => [
          'a.key',
          'a.kind',
          'a.person_id',
          'a.occurred_at',
          'a.repo',
          'a.item_number',
          detailKinds.length === 0
            ? eb.lit(null).as('details')
            : eb.case().when('a.kind', 'in', detailKinds).then(eb.ref('a.details')).end().as('details'),
        ]);
      const page = pageOfActivities(query, filter, position, chunkSize);
      const rows: readonly ActRow[] = await readRowArrays<ActRow>(this.#db, page, ACT_COLUMNS);
      if (rows.length === 0) return;
      const size = rows.length;
      const columns: ActivityColumns = {
        size,
        personId: new Int32Array(size),
        kind: new Uint8Array(size),
        time: new Float64Array(size),
        repo: new Int32Array(size),
        itemNumber: new Int32Array(size),
        item: new Int32Array(size),
        detail: new Int32Array(size),
        repos,
        items,
        details,
      };
      for (let index = 0; index < size; index++) {
        const row = rows[index]!;
        columns.personId[index] = row[ACT.personId];
        columns.kind[index] = ACTIVITY_KIND_INDEX.get(row[ACT.kind]) ?? UNKNOWN_KIND;
        const occurredAt = row[ACT.occurredAt];
        if (occurredAt !== lastTimeText) {
          lastTimeText = occurredAt;
          lastTime = isoTimeToMs(occurredAt);
        }
        columns.time[index] = lastTime;
        let repo = -1;
        const repoName = row[ACT.repo];
        if (repoName !== null) {
          if (repoName !== lastRepo) {
            lastRepo = repoName;
            lastRepoIndex = internRepo(repoName);
          }
          repo = lastRepoIndex;
        }
        columns.repo[index] = repo;
        const number = row[ACT.itemNumber];
        columns.itemNumber[index] = number ?? -1;
        columns.item[index] = repo >= 0 && number !== null ? (itemOf[repo]?.get(number) ?? -1) : -1;
        const detailText = row[ACT.details];
        columns.detail[index] =
          detailText === null ? -1 : this.#internDetails(detailText, details, detailOfText);
      }
      yield columns;
      if (size < chunkSize) return;
      const last: ActRow = rows[size - 1]!;
      after = [last[ACT.occurredAt], last[ACT.key]];
    }
  }

  /** Every item the filter's acts may be on, with, per repository index, number -> item index. */
  async #readItems(
    filter: ActivityFilter,
    internRepo: (repo: string) => number,
  ): Promise<{ items: ScoringItem[]; itemOf: Map<number, number>[] }> {
    const items: ScoringItem[] = [];
    const itemOf: Map<number, number>[] = [];
    /** Label lists by their JSON text: most items share a few. */
    const labelsOfText = new Map<string, readonly string[]>();
    let after: readonly [string, number] | null = null;
    for (;;) {
      const position: readonly [string, number] | null = after;
      const rows = await this.#db
        .selectFrom('items')
        .select(['repo', 'number', 'type', 'labels', 'state', 'state_reason', 'merged_at', 'author_id'])
        .$if(filter.repo != null, (query) => query.where('repo', '=', filter.repo!))
        .$if(filter.repos != null, (query) => query.where('repo', 'in', filter.repos!))
        .$if(position !== null, (query) =>
          query.where((eb) => eb(eb.refTuple('repo', 'number'), '>', eb.tuple(position![0], position![1]))),
        )
        .orderBy('repo')
        .orderBy('number')
        .limit(ITEM_CHUNK)
        .execute();
      for (const row of rows) {
        let labels: readonly string[];
        if (typeof row.labels === 'string') {
          labels = labelsOfText.get(row.labels) ?? (this.#traits.readJson(row.labels) as readonly string[]);
          labelsOfText.set(row.labels, labels);
        } else labels = this.#traits.readJson(row.labels) as readonly string[];
        const repo = internRepo(row.repo);
        const byNumber = itemOf[repo] ?? new Map<number, number>();
        itemOf[repo] = byNumber;
        byNumber.set(row.number, items.length);
        items.push({
          type: row.type as ItemType,
          labels,
          state: row.state as ItemState,
          stateReason: row.state_reason as StateReason,
          mergedAt: row.merged_at,
          authorId: row.author_id,
        });
      }
      if (rows.length < ITEM_CHUNK) return { items, itemOf };
      const last: { readonly repo: string; readonly number: number } = rows[rows.length - 1]!;
      after = [last.repo, last.number];
    }
  }

  /** The index of these details in `details`; a text seen before is not parsed again. */
  #internDetails(
    value: unknown,
    details: Readonly<Record<string, unknown>>[],
    detailOfText: Map<string, number>,
  ): number {
    if (typeof value !== 'string') {
      details.push(this.#traits.readJson(value) as Readonly<Record<string, unknown>>);
      return details.length - 1;
    }
    let index = detailOfText.get(value);
    if (index === undefined) {
      index = details.length;
      details.push(this.#traits.readJson(value) as Readonly<Record<string, unknown>>);
      detailOfText.set(value, index);
    }
    return index;
  }
}
