import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { type DialectName, type DialectTraits, POSTGRES_TRAITS, SQLITE_TRAITS } from './dialect-traits.ts';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.ts';
import { migrateToLatest } from './migrations.ts';
import type { Schema } from './schema.ts';

/** Where the data lives: one SQLite file, or a PostgreSQL database (optionally one schema of it). */
export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** Tables live in this schema (created when missing) instead of the server's default. */
      readonly schema?: string;
    };

/** How long a SQLite writer waits for another process's transaction before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** An open database at the latest schema. Close it once; closing twice is harmless. */
export class Database {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  readonly traits: DialectTraits;
  #closed = false;

  constructor(db: Kysely<Schema>, traits: DialectTraits) {
    this.db = db;
    this.dialect = traits.name;
    this.traits = traits;
  }

  /** Releases the file handle or the connection pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }
}

/**
 * Opens (creating when missing) a database and migrates it to the latest schema. Rejects when the
 * server cannot be reached or a migration fails; nothing stays open then.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const database =
    config.kind === 'sqlite' ? await openSqlite(config.path) : await openPostgres(config.url, config.schema);
  try {
    let migrationTableSchema: string | undefined;
    if (config.kind === 'postgres') {
      if (config.schema !== undefined)
        await database.db.schema.createSchema(config.schema).ifNotExists().execute();
      migrationTableSchema = config.schema ?? (await readCurrentSchema(database.db));
    }
    await migrateToLatest(database.db as unknown as Kysely<unknown>, database.traits, migrationTableSchema);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function readCurrentSchema(db: Kysely<Schema>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined || schema === null)
    throw new Error('the PostgreSQL search_path names no existing schema');
  return schema;
}

// Each driver is loaded when a database of its kind is opened: a SQLite user never loads pg.
async function openSqlite(path: string): Promise<Database> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  // `timeout` is SQLite's busy timeout: how long a writer waits for another process's transaction.
  const handle = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  // WAL lets readers (the web server) read while an import writes; NORMAL is durable across a
  // process kill (only an OS crash can lose the last commits), and much faster than FULL.
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.pragma('foreign_keys = ON');
  // 64 MiB of page cache instead of 2: index inserts of a large import stop re-reading pages.
  handle.pragma('cache_size = -65536');
  // Checkpoint the WAL every ~200 MiB instead of every 4 MiB: each checkpoint copies pages back and
  // syncs the file, and a large import re-dirties the same index pages between checkpoints; with
  // the default, commits took about 40% of SQLite's share of an import (BENCHMARKS.md). Closing the
  // last handle checkpoints and removes the WAL.
  handle.pragma('wal_autocheckpoint = 50000');
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect(handle) });
  return new Database(db, SQLITE_TRAITS);
}

async function openPostgres(url: string, schema: string | undefined): Promise<Database> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url });
  // An idle client whose connection dropped is discarded by the pool and the next query
  // reconnects; without a listener Node would end the process on that event.
  pool.on('error', () => {});
  const db: Kysely<Schema> = new Kysely<Schema>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection:
        schema === undefined
          ? undefined
          : async (connection) => {
              await connection.executeQuery(sql`set search_path to ${sql.id(schema)}`.compile(db));
            },
    }),
  });
  return new Database(db, POSTGRES_TRAITS);
}
