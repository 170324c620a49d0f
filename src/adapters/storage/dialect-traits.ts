/** The databases rungs stores into. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Everything that differs between SQLite and PostgreSQL, in one typed map per dialect. The rest of
 * the storage code is dialect-free Kysely.
 */
export interface DialectTraits {
  readonly name: DialectName;
  /**
   * A surrogate id that is never reused, even after its row is deleted (a merged person's id must
   * not come back as someone else: stale references then fail a foreign key instead of pointing
   * at the wrong person).
   */
  readonly idColumn: { readonly type: 'integer' | 'serial'; readonly autoIncrement: boolean };
  /** An increasing 64-bit sequence, for the order raw records were first stored in. */
  readonly sequenceColumn: { readonly type: 'integer' | 'bigserial'; readonly autoIncrement: boolean };
  /** The column type of JSON values; PostgreSQL's `json` keeps the text verbatim (no jsonb rewrite). */
  readonly jsonType: 'text' | 'json';
  /** Turns a JSON column's value, as the driver returns it, into the JSON value. */
  readonly readJson: (value: unknown) => unknown;
  /** Most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** Error codes of a foreign key violation: a cached person id that another process merged away. */
  readonly foreignKeyViolationCodes: readonly string[];
  /** Error codes after which running the same transaction again can succeed (deadlock, serialization). */
  readonly retryableCodes: readonly string[];
}

/** SQLite through better-sqlite3: JSON is text, ids are rowids with AUTOINCREMENT. */
export const SQLITE_TRAITS: DialectTraits = {
  name: 'sqlite',
  idColumn: { type: 'integer', autoIncrement: true },
  // Raw records are never deleted, so a plain rowid never repeats and is cheaper than AUTOINCREMENT.
  sequenceColumn: { type: 'integer', autoIncrement: false },
  jsonType: 'text',
  readJson: (value) => JSON.parse(value as string),
  maxParameters: 32_766,
  foreignKeyViolationCodes: ['SQLITE_CONSTRAINT_FOREIGNKEY'],
  retryableCodes: [],
};

/** PostgreSQL through pg: `json` columns come back parsed, ids are sequences. */
export const POSTGRES_TRAITS: DialectTraits = {
  name: 'postgres',
  idColumn: { type: 'serial', autoIncrement: false },
  sequenceColumn: { type: 'bigserial', autoIncrement: false },
  jsonType: 'json',
  readJson: (value) => value,
  maxParameters: 65_535,
  foreignKeyViolationCodes: ['23503'],
  // deadlock_detected, serialization_failure
  retryableCodes: ['40P01', '40001'],
};

/** The traits of one dialect. */
export function traitsOf(dialect: DialectName): DialectTraits {
  return dialect === 'sqlite' ? SQLITE_TRAITS : POSTGRES_TRAITS;
}
