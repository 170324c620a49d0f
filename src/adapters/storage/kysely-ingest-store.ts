import type { ExpressionBuilder, Kysely, OnConflictTables, OnConflictUpdateDatabase } from 'kysely';
import type { BatchSummary, RebuildStore, StoredSourceRecord } from '../../app/ports.ts';
import type { SourceName, SourceRecord } from '../../core/source-record.ts';
import { BulkStatement } from './bulk-statement.ts';
import type { Database } from './create-database.ts';
import type { DialectTraits } from './dialect-traits.ts';
import { forEachInList } from './for-each-in-list.ts';
import { IdentityCache } from './identity-cache.ts';
import { ITEM_FIELD_BITS } from './item-fields.ts';
import {
  KyselyIdentityResolver,
  type ResolvedActors,
  StaleIdentityError,
} from './kysely-identity-resolver.ts';
import { type PreparedBatch, type PreparedItem, prepareBatch } from './prepare-batch.ts';
import type { Schema } from './schema.ts';
import { toIsoSecond } from './to-iso-second.ts';
import { findBatchProblems, InvalidBatchError } from './validate-batch.ts';

/** Options of the Kysely stores. */
export interface KyselyStoreOptions {
  /** Identity cache shared by the stores of one database (a merge clears it). */
  readonly cache?: IdentityCache;
  /** The clock for `stored_at`, `created_at`, `updated_at`. */
  readonly now?: () => Date;
}

interface SourceRecordRow {
  readonly source: string;
  readonly key: string;
  readonly occurred_at: string;
  readonly payload: string;
  readonly stored_at: string;
}

interface ActivityRow {
  readonly key: string;
  readonly kind: string;
  readonly person_id: number;
  readonly occurred_at: string;
  readonly repo: string | null;
  readonly item_number: number | null;
  readonly url: string | null;
  readonly details: string;
}

interface ItemRow {
  repo: string;
  number: number;
  type: string;
  title: string | null;
  author_id: number | null;
  labels: string;
  state: string;
  state_reason: string | null;
  created_at: string | null;
  closed_at: string | null;
  merged_at: string | null;
  merged_by_id: number | null;
  url: string | null;
  transferred_to: string | null;
  observed_at: string;
  known_fields: number;
}

const ITEM_COLUMNS = [
  'repo',
  'number',
  'type',
  'title',
  'author_id',
  'labels',
  'state',
  'state_reason',
  'created_at',
  'closed_at',
  'merged_at',
  'merged_by_id',
  'url',
  'transferred_to',
  'observed_at',
  'known_fields',
] as const satisfies readonly (keyof ItemRow)[];

/** Attempts of one batch when it met a stale cache entry or a deadlock. */
const MAX_ATTEMPTS = 4;

/**
 * Ingestion into SQLite or PostgreSQL. `writeBatch` is one transaction per batch and idempotent:
 * raw records are insert-or-ignore by (source, key), then every observation is applied (also for
 * records stored before; applying is idempotent): actors resolve to people (see
 * `KyselyIdentityResolver`), item snapshots upsert when not older than the stored one and only in
 * the fields they define, activities are insert-or-ignore by key.
 *
 * Bad input: a batch with any invalid record (a time not in `YYYY-MM-DDTHH:MM:SSZ` form, an
 * unknown kind, an actor with no GitHub id, login or email, a payload that is not JSON) is
 * rejected whole, before anything is written, with an `InvalidBatchError` naming each record
 * (`source:key`) and path. Sources are expected to validate; this is the last line of defence.
 *
 * Counts: `newRecords` and `newActivities` count rows that were not stored before (a replay
 * reports zeros); `itemsTouched` counts items a snapshot was applied to (a replay of an item's
 * newest snapshot applies it again, so it counts).
 *
 * Several writers: a batch that meets a stale cache entry (a person merged away through another
 * store or process) or a PostgreSQL deadlock is rolled back and run again, up to 4 times in all.
 *
 * Writes are multi-row statements compiled once (`BulkStatement`), so a batch costs a few dozen
 * statements whatever its size.
 */
export class KyselyIngestStore implements RebuildStore {
  readonly #db: Kysely<Schema>;
  readonly #traits: DialectTraits;
  readonly #cache: IdentityCache;
  readonly #now: () => Date;
  readonly #resolver: KyselyIdentityResolver;
  readonly #insertRecords: BulkStatement<SourceRecordRow>;
  readonly #insertActivities: BulkStatement<ActivityRow>;
  readonly #upsertItems: BulkStatement<ItemRow>;

  constructor(database: Database, options: KyselyStoreOptions = {}) {
    const db = database.db;
    this.#db = db;
    this.#traits = database.traits;
    this.#cache = options.cache ?? new IdentityCache();
    this.#now = options.now ?? (() => new Date());
    const maxParameters = database.traits.maxParameters;
    this.#resolver = new KyselyIdentityResolver(db, this.#cache, maxParameters);
    this.#insertRecords = new BulkStatement<SourceRecordRow>({
      columns: ['source', 'key', 'occurred_at', 'payload', 'stored_at'],
      build: (rows) =>
        db
          .insertInto('source_records')
          .values(rows)
          .onConflict((conflict) => conflict.columns(['source', 'key']).doNothing()),
      maxParameters,
    });
    this.#insertActivities = new BulkStatement<ActivityRow>({
      columns: ['key', 'kind', 'person_id', 'occurred_at', 'repo', 'item_number', 'url', 'details'],
      build: (rows) =>
        db
          .insertInto('activities')
          .values(rows)
          .onConflict((conflict) => conflict.column('key').doNothing()),
      maxParameters,
    });
    this.#upsertItems = new BulkStatement<ItemRow>({
      columns: ITEM_COLUMNS,
      build: (rows) =>
        db
          .insertInto('items')
          .values(rows)
          .onConflict((conflict) =>
            conflict
              .columns(['repo', 'number'])
              .doUpdateSet((eb) => ({
                type: eb.ref('excluded.type'),
                title: keepUnknown(eb, 'title', ITEM_FIELD_BITS.title),
                author_id: keepUnknown(eb, 'author_id', ITEM_FIELD_BITS.author),
                labels: keepUnknown(eb, 'labels', ITEM_FIELD_BITS.labels),
                state: keepUnknown(eb, 'state', ITEM_FIELD_BITS.state),
                state_reason: keepUnknown(eb, 'state_reason', ITEM_FIELD_BITS.stateReason),
                created_at: keepUnknown(eb, 'created_at', ITEM_FIELD_BITS.createdAt),
                closed_at: keepUnknown(eb, 'closed_at', ITEM_FIELD_BITS.closedAt),
                merged_at: keepUnknown(eb, 'merged_at', ITEM_FIELD_BITS.mergedAt),
                merged_by_id: keepUnknown(eb, 'merged_by_id', ITEM_FIELD_BITS.mergedBy),
                url: keepUnknown(eb, 'url', ITEM_FIELD_BITS.url),
                transferred_to: keepUnknown(eb, 'transferred_to', ITEM_FIELD_BITS.transferredTo),
                observed_at: eb.ref('excluded.observed_at'),
                known_fields: eb.parens(eb.ref('items.known_fields'), '|', eb.ref('excluded.known_fields')),
              }))
              .where((eb) => eb('items.observed_at', '<=', eb.ref('excluded.observed_at'))),
          ),
      maxParameters,
    });
  }

  /** Stores the raw records and applies their observations, all in one transaction. */
  async writeBatch(records: readonly SourceRecord[]): Promise<BatchSummary> {
    if (records.length === 0) return { records: 0, newRecords: 0, newActivities: 0, itemsTouched: 0 };
    const problems = findBatchProblems(records);
    if (problems.length > 0) throw new InvalidBatchError(problems);
    const batch = prepareBatch(records);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#write(batch, records.length);
      } catch (error) {
        const failure = this.#classify(error);
        if (failure === 'stale') this.#cache.clear();
        if (failure === null || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Deletes items and activities (people, identities and decisions about them stay). */
  async clearDerived(): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await tx.deleteFrom('activities').execute();
      await tx.deleteFrom('items').execute();
    });
  }

  /** Streams every raw record in the order it was first stored, `chunkSize` at a time. */
  async *readSourceRecords(chunkSize: number): AsyncIterable<readonly StoredSourceRecord[]> {
    if (!(Number.isSafeInteger(chunkSize) && chunkSize > 0))
      throw new RangeError(`bad chunk size ${chunkSize}`);
    let after: number | string | null = null;
    for (;;) {
      let query = this.#db
        .selectFrom('source_records')
        .select(['seq', 'source', 'key', 'occurred_at', 'payload'])
        .orderBy('seq')
        .limit(chunkSize);
      if (after !== null) query = query.where('seq', '>', after);
      const rows = await query.execute();
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        source: row.source as SourceName,
        key: row.key,
        occurredAt: row.occurred_at,
        payload: this.#traits.readJson(row.payload),
      }));
      if (rows.length < chunkSize) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async #write(batch: PreparedBatch, recordCount: number): Promise<BatchSummary> {
    const now = toIsoSecond(this.#now());
    let resolved: ResolvedActors | undefined;
    const summary = await this.#db.transaction().execute(async (tx) => {
      const stored = await this.#insertRecords.run(
        tx,
        batch.records.map((record) => ({ ...record, stored_at: now })),
      );
      const actors = await this.#resolver.resolve(tx, batch.sightings.values(), now);
      resolved = actors;
      const itemsTouched = await this.#writeItems(tx, batch.items, actors);
      const activities = batch.activities
        .map((activity) => ({
          key: activity.key,
          kind: activity.kind,
          person_id: actors.personIdOf(activity.actor),
          occurred_at: activity.occurred_at,
          repo: activity.repo,
          item_number: activity.item_number,
          url: activity.url,
          details: activity.details,
        }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const inserted = await this.#insertActivities.run(tx, activities);
      const merges = await this.#insertActivities.run(tx, await readDerivedMerges(tx, batch.items));
      return {
        records: recordCount,
        newRecords: stored.affectedRows,
        newActivities: inserted.affectedRows + merges.affectedRows,
        itemsTouched,
      };
    });
    resolved?.commit();
    return summary;
  }

  /**
   * Applies item snapshots as if one by one in batch order: a snapshot older than the stored or an
   * earlier applied one is skipped; the rest fold into one row per item, upserted together.
   */
  async #writeItems(
    tx: Kysely<Schema>,
    items: readonly PreparedItem[],
    actors: ResolvedActors,
  ): Promise<number> {
    if (items.length === 0) return 0;
    const stored = await readObservedAt(tx, items);
    const rows = new Map<string, ItemRow>();
    const lateAuthors: { repo: string; number: number; authorId: number }[] = [];
    for (const prepared of items) {
      const snapshot = prepared.snapshot;
      const key = `${snapshot.repo}#${snapshot.number}`;
      let row = rows.get(key);
      const newest = row?.observed_at ?? stored.get(key);
      if (newest !== undefined && snapshot.observedAt < newest) {
        // An older snapshot changes nothing, except that it may name the author a newer one lacked
        // (an author never changes): the trimmed GH Archive shape omits authors of merged PRs.
        if (typeof prepared.author === 'string') {
          lateAuthors.push({
            repo: snapshot.repo,
            number: snapshot.number,
            authorId: actors.personIdOf(prepared.author),
          });
        }
        continue;
      }
      if (row === undefined) {
        row = emptyItemRow(snapshot.repo, snapshot.number);
        rows.set(key, row);
      }
      applySnapshot(row, prepared, actors);
    }
    const ordered = [...rows.values()].sort((a, b) =>
      a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : a.number - b.number,
    );
    const upserted = (await this.#upsertItems.run(tx, ordered)).affectedRows;
    for (const late of lateAuthors) {
      await tx
        .updateTable('items')
        .set({ author_id: late.authorId })
        .where('repo', '=', late.repo)
        .where('number', '=', late.number)
        .where('author_id', 'is', null)
        .execute();
    }
    return upserted;
  }

  #classify(error: unknown): 'stale' | 'conflict' | null {
    if (error instanceof StaleIdentityError) return 'stale';
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return null;
    if (this.#traits.foreignKeyViolationCodes.includes(code)) return 'stale';
    if (this.#traits.retryableCodes.includes(code)) return 'conflict';
    return null;
  }
}

type ItemField = Exclude<
  (typeof ITEM_COLUMNS)[number],
  'repo' | 'number' | 'type' | 'observed_at' | 'known_fields'
>;

/** The snapshot's value when it carried the field (its bit is set), else the stored value. */
function keepUnknown<C extends ItemField>(
  eb: ExpressionBuilder<OnConflictUpdateDatabase<Schema, 'items'>, OnConflictTables<'items'>>,
  column: C,
  bit: number,
) {
  return eb
    .case()
    .when(eb.parens(eb.ref('excluded.known_fields'), '&', bit), '<>', 0)
    .then(eb.ref(`excluded.${column}`))
    .else(eb.ref(`items.${column}`))
    .end();
}

/**
 * The stored `observed_at` of the batch's items, keyed `repo#number`: one primary-key lookup per
 * repo (an `IN` list padded to a power of two, so SQLite reuses the prepared statement). One
 * statement covering every repo (`(repo = ? and number in (...)) or ...`) measured no faster on
 * PostgreSQL and slower on SQLite, which must prepare a new text each batch.
 */
async function readObservedAt(
  tx: Kysely<Schema>,
  items: readonly PreparedItem[],
): Promise<Map<string, string>> {
  const numbersByRepo = new Map<string, Set<number>>();
  for (const { snapshot } of items) {
    let numbers = numbersByRepo.get(snapshot.repo);
    if (numbers === undefined) {
      numbers = new Set();
      numbersByRepo.set(snapshot.repo, numbers);
    }
    numbers.add(snapshot.number);
  }
  const observed = new Map<string, string>();
  for (const [repo, numbers] of numbersByRepo) {
    await forEachInList([...numbers], async (chunk) => {
      const rows = await tx
        .selectFrom('items')
        .select(['number', 'observed_at'])
        .where('repo', '=', repo)
        .where('number', 'in', chunk)
        .execute();
      for (const row of rows) observed.set(`${repo}#${row.number}`, row.observed_at);
    });
  }
  return observed;
}

/**
 * The `pr_merged` acts the batch's items now prove: a merged PR is credited to its author at its
 * merge time, even when no single record said both (GH Archive's trimmed shape, since October 2025,
 * names the merger but not the author of a merged PR; the author is known from the PR's opening).
 * Uses the same natural key as the sources' own `pr_merged`, so each merge is stored once.
 */
async function readDerivedMerges(tx: Kysely<Schema>, items: readonly PreparedItem[]): Promise<ActivityRow[]> {
  const numbersByRepo = new Map<string, Set<number>>();
  for (const { snapshot } of items) {
    if (snapshot.type !== 'pr') continue;
    let numbers = numbersByRepo.get(snapshot.repo);
    if (numbers === undefined) {
      numbers = new Set();
      numbersByRepo.set(snapshot.repo, numbers);
    }
    numbers.add(snapshot.number);
  }
  const merges: ActivityRow[] = [];
  for (const [repo, numbers] of numbersByRepo) {
    await forEachInList([...numbers], async (chunk) => {
      const rows = await tx
        .selectFrom('items')
        .select(['number', 'author_id', 'merged_at', 'url'])
        .where('repo', '=', repo)
        .where('number', 'in', chunk)
        .where('type', '=', 'pr')
        .where('merged_at', 'is not', null)
        .where('author_id', 'is not', null)
        .execute();
      for (const row of rows) {
        merges.push({
          key: `pr_merged:${repo}#${row.number}`,
          kind: 'pr_merged',
          person_id: row.author_id!,
          occurred_at: row.merged_at!,
          repo,
          item_number: row.number,
          url: row.url,
          details: '{}',
        });
      }
    });
  }
  return merges.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** An item row before any snapshot: what a new item stores for the fields no snapshot carried. */
function emptyItemRow(repo: string, number: number): ItemRow {
  return {
    repo,
    number,
    type: 'issue',
    title: null,
    author_id: null,
    labels: '[]',
    state: 'open',
    state_reason: null,
    created_at: null,
    closed_at: null,
    merged_at: null,
    merged_by_id: null,
    url: null,
    transferred_to: null,
    observed_at: '',
    known_fields: 0,
  };
}

function applySnapshot(row: ItemRow, prepared: PreparedItem, actors: ResolvedActors): void {
  const snapshot = prepared.snapshot;
  row.type = snapshot.type;
  row.observed_at = snapshot.observedAt;
  let known = row.known_fields;
  if (snapshot.title !== undefined) {
    // PostgreSQL text cannot hold NUL; a title is free text where one could slip in.
    row.title = snapshot.title.includes('\u0000') ? snapshot.title.replaceAll('\u0000', '') : snapshot.title;
    known |= ITEM_FIELD_BITS.title;
  }
  if (prepared.author !== undefined) {
    row.author_id = prepared.author === null ? null : actors.personIdOf(prepared.author);
    known |= ITEM_FIELD_BITS.author;
  }
  if (prepared.labels !== undefined) {
    row.labels = prepared.labels;
    known |= ITEM_FIELD_BITS.labels;
  }
  if (snapshot.state !== undefined) {
    row.state = snapshot.state;
    known |= ITEM_FIELD_BITS.state;
  }
  if (snapshot.stateReason !== undefined) {
    row.state_reason = snapshot.stateReason;
    known |= ITEM_FIELD_BITS.stateReason;
  }
  if (snapshot.createdAt !== undefined) {
    row.created_at = snapshot.createdAt;
    known |= ITEM_FIELD_BITS.createdAt;
  }
  if (snapshot.closedAt !== undefined) {
    row.closed_at = snapshot.closedAt;
    known |= ITEM_FIELD_BITS.closedAt;
  }
  if (snapshot.mergedAt !== undefined) {
    row.merged_at = snapshot.mergedAt;
    known |= ITEM_FIELD_BITS.mergedAt;
  }
  if (prepared.mergedBy !== undefined) {
    row.merged_by_id = prepared.mergedBy === null ? null : actors.personIdOf(prepared.mergedBy);
    known |= ITEM_FIELD_BITS.mergedBy;
  }
  if (snapshot.url !== undefined) {
    row.url = snapshot.url;
    known |= ITEM_FIELD_BITS.url;
  }
  if (snapshot.transferredTo !== undefined) {
    row.transferred_to = snapshot.transferredTo;
    known |= ITEM_FIELD_BITS.transferredTo;
  }
  row.known_fields = known;
}
