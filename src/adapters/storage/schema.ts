import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/**
 * The stored tables, as Kysely sees them. Times are ISO UTC strings `YYYY-MM-DDTHH:MM:SSZ` in text
 * columns in both databases, so text order is time order. Flags are integers 0/1 in both
 * databases (better-sqlite3 cannot bind booleans). JSON columns are written as JSON text and read
 * back through `DialectTraits.readJson`, because PostgreSQL's driver parses them and SQLite's
 * does not.
 */
export interface Schema {
  source_records: SourceRecordsTable;
  people: PeopleTable;
  identities: IdentitiesTable;
  items: ItemsTable;
  activities: ActivitiesTable;
  cursors: CursorsTable;
  rejected_deliveries: RejectedDeliveriesTable;
  people_merges: PeopleMergesTable;
  people_merge_identities: PeopleMergeIdentitiesTable;
  people_merge_activities: PeopleMergeActivitiesTable;
  people_merge_items: PeopleMergeItemsTable;
}

/** A JSON column: written as JSON text, read as whatever the driver returns (see `readJson`). */
export type JsonColumn = ColumnType<unknown, string, string>;

/** A 64-bit integer: PostgreSQL's driver returns `bigint` values as strings. */
export type BigIntColumn = ColumnType<number | string, number, number>;

/**
 * Raw input records, kept verbatim so derived tables can be rebuilt. `(source, key)` is unique:
 * storing a record twice is a no-op. `seq` orders records by when they were first stored.
 */
export interface SourceRecordsTable {
  seq: GeneratedAlways<number | string>;
  source: string;
  key: string;
  occurred_at: string;
  payload: JsonColumn;
  stored_at: string;
}

/**
 * People, one row per human (or bot). `login` is the current GitHub login when known, otherwise a
 * stable handle (an email's local part, `github-id:123`). `login_seen_at` is the event time that
 * made `login` current, so an older event replayed later does not bring back a former login.
 * `bot_override` (null, 0, 1) is a person's decision and wins over `bot_detected`.
 */
export interface PeopleTable {
  id: Generated<number>;
  login: string;
  login_seen_at: string | null;
  name: string | null;
  github_id: BigIntColumn | null;
  bot_detected: number;
  bot_override: number | null;
  created_at: string;
}

/** The kinds of identity that resolve an actor to a person. */
export type IdentityKind = 'github_id' | 'login' | 'email';

/**
 * Which person an identity belongs to. `value` is lower-cased (logins and emails match
 * case-insensitively; a GitHub id is its decimal text). A person keeps every identity ever seen,
 * so a former login still finds them.
 */
export interface IdentitiesTable {
  kind: IdentityKind;
  value: string;
  person_id: number;
}

/**
 * Issues and pull requests, the latest known state. `observed_at` is the source time of the newest
 * snapshot applied; an older snapshot changes nothing. `known_fields` is a bit set (see
 * `ITEM_FIELD_BITS`) of the fields some applied snapshot carried: the others hold defaults.
 */
export interface ItemsTable {
  repo: string;
  number: number;
  type: string;
  title: string | null;
  author_id: number | null;
  labels: JsonColumn;
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

/** Activities: one dated act by one person, keyed by its source-independent natural key. */
export interface ActivitiesTable {
  key: string;
  kind: string;
  person_id: number;
  occurred_at: string;
  repo: string | null;
  item_number: number | null;
  url: string | null;
  details: JsonColumn;
}

/**
 * Webhook deliveries answered 400 because their payload could not be stored (an impossible time, a
 * NUL character), kept raw for `rungs rebuild` to try again after a fix. One row per delivery id:
 * a redelivery updates `reason`, `last_received_at` and `received` and keeps the first payload.
 * `payload` is JSON text in a text column in both databases, so what PostgreSQL's JSON type
 * refuses (`\u0000`) is kept too.
 */
export interface RejectedDeliveriesTable {
  delivery_id: string;
  event: string;
  payload: string;
  reason: string;
  first_received_at: string;
  last_received_at: string;
  received: number;
}

/** Named progress markers of incremental imports. */
export interface CursorsTable {
  name: string;
  value: string;
  updated_at: string;
}

/**
 * One merge of two people: who decided it (`merged_by`), when and why, the merged person's row as
 * it was (`merged_*`, restored by a split with the same id) and the kept person's fields before the
 * merge (`kept_*`). `split_*` are null while the merge is in force.
 */
export interface PeopleMergesTable {
  id: Generated<number>;
  kept_id: number;
  merged_id: number;
  kept_login: string;
  kept_login_seen_at: string | null;
  kept_name: string | null;
  kept_github_id: BigIntColumn | null;
  kept_bot_detected: number;
  kept_bot_override: number | null;
  merged_login: string;
  merged_login_seen_at: string | null;
  merged_name: string | null;
  merged_github_id: BigIntColumn | null;
  merged_bot_detected: number;
  merged_bot_override: number | null;
  merged_created_at: string;
  merged_by: string;
  merged_at: string;
  merge_reason: string | null;
  split_by: string | null;
  split_at: string | null;
  split_reason: string | null;
}

/** An identity a merge moved from the merged person to the kept one. */
export interface PeopleMergeIdentitiesTable {
  merge_id: number;
  kind: IdentityKind;
  value: string;
}

/** An act (by its natural key) a merge moved to the kept person. */
export interface PeopleMergeActivitiesTable {
  merge_id: number;
  key: string;
}

/** An item whose author (`role` 'author') or merger ('merged_by') a merge moved to the kept person. */
export interface PeopleMergeItemsTable {
  merge_id: number;
  repo: string;
  number: number;
  role: 'author' | 'merged_by';
}
