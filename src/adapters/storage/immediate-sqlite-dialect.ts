import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { wantsRowArrays } from './read-row-arrays.ts';

/**
 * Kysely's SQLite dialect with three changes for a write-heavy store:
 * - every transaction begins IMMEDIATE, so it holds the write lock from its first statement and
 *   never fails halfway when another process wrote in between (a deferred transaction that reads
 *   first gets SQLITE_BUSY on its first write; an immediate one waits `busy_timeout` to begin);
 * - prepared statements are cached by SQL text, so the large multi-row inserts of ingestion are
 *   parsed once;
 * - a query marked by `readRowArrays` returns its rows as arrays, with no object made per row;
 * - handles on the same file in one process take turns, because better-sqlite3 waits for a busy
 *   database synchronously: two handles of one process interleaving transactions would block the
 *   event loop until the busy timeout. (So code holding one handle's transaction must not await a
 *   query on another handle of the same file: that would wait forever.)
 */
export class ImmediateSqliteDialect implements Dialect {
  readonly #handle: BetterSqlite3.Database;

  constructor(handle: BetterSqlite3.Database) {
    this.#handle = handle;
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#handle);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
}

/** Turns taken by every handle on one file within this process, keyed by absolute path. */
const fileTurns = new Map<string, Turns>();

function turnsFor(handle: BetterSqlite3.Database): Turns {
  if (handle.memory) return new Turns();
  const path = resolve(handle.name);
  let turns = fileTurns.get(path);
  if (turns === undefined) {
    turns = new Turns();
    fileTurns.set(path, turns);
  }
  return turns;
}

class ImmediateSqliteDriver implements Driver {
  readonly #handle: BetterSqlite3.Database;
  readonly #turns: Turns;
  readonly #connection: CachingSqliteConnection;

  constructor(handle: BetterSqlite3.Database) {
    this.#handle = handle;
    this.#turns = turnsFor(handle);
    this.#connection = new CachingSqliteConnection(handle);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#turns.take();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#turns.release();
  }

  async destroy(): Promise<void> {
    this.#handle.close();
  }
}

/** How many prepared statements one connection keeps; ingestion uses a few dozen shapes. */
const STATEMENT_CACHE_SIZE = 256;

class CachingSqliteConnection implements DatabaseConnection {
  readonly #handle: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(handle: BetterSqlite3.Database) {
    this.#handle = handle;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const parameters = compiledQuery.parameters as unknown[];
    if (wantsRowArrays(compiledQuery)) {
      // A statement of its own (raw mode sticks to a statement), cached under a key no SQL has.
      const statement = this.#prepare(compiledQuery.sql, true);
      return { rows: statement.all(parameters) as R[] };
    }
    const statement = this.#prepare(compiledQuery.sql, false);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A fresh statement: a cached one could not run again while this iteration is open.
    const statement = this.#handle.prepare(compiledQuery.sql);
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) {
      yield { rows: [row as R] };
    }
  }

  #prepare(sql: string, rowArrays: boolean): BetterSqlite3.Statement {
    const key = rowArrays ? `\u0000rows as arrays\u0000${sql}` : sql;
    const cached = this.#statements.get(key);
    if (cached !== undefined) return cached;
    const statement = this.#handle.prepare(sql);
    if (rowArrays) statement.raw(true);
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    this.#statements.set(key, statement);
    return statement;
  }
}

/** A first-come first-served lock. */
class Turns {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  async take(): Promise<void> {
    const previous = this.#tail;
    let release: () => void = () => {};
    this.#tail = new Promise<void>((resolvePromise) => {
      release = resolvePromise;
    });
    await previous;
    this.#release = release;
  }

  release(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
