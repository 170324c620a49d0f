import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, test } from 'vitest';
import { type Database, openDatabase } from '../../src/adapters/storage/create-database.ts';

/** The PostgreSQL server the contract suite uses. */
export const TEST_PG_URL = process.env.RUNGS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty database of one dialect, with a way to open more handles on it. */
export interface TargetDatabase {
  readonly database: Database;
  /** Another handle on the same data, as a second process would open it. */
  openAnother(): Promise<Database>;
  /** Closes every handle opened here and removes the data. */
  destroy(): Promise<void>;
}

/** A dialect the storage contract runs against. */
export interface StorageTarget {
  readonly name: string;
  create(): Promise<TargetDatabase>;
}

/** SQLite in a temp folder (the folder is created by `openDatabase`: it does not exist before). */
export const sqliteTarget: StorageTarget = {
  name: 'SQLite',
  async create() {
    const folder = mkdtempSync(join(tmpdir(), 'rungs-storage-'));
    const path = join(folder, 'nested', 'rungs.db');
    const handles: Database[] = [];
    const open = async (): Promise<Database> => {
      const database = await openDatabase({ kind: 'sqlite', path });
      handles.push(database);
      return database;
    };
    const database = await open();
    return {
      database,
      openAnother: open,
      async destroy() {
        for (const handle of handles) await handle.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

let schemaCounter = 0;

/** PostgreSQL in a fresh schema of the test database, dropped afterwards. */
export function postgresTarget(url: string): StorageTarget {
  return {
    name: 'PostgreSQL',
    async create() {
      schemaCounter += 1;
      const schema = `rungs_test_${process.pid}_${schemaCounter}_${Math.random().toString(36).slice(2, 8)}`;
      const handles: Database[] = [];
      const open = async (): Promise<Database> => {
        const database = await openDatabase({ kind: 'postgres', url, schema });
        handles.push(database);
        return database;
      };
      const dropSchema = async (): Promise<void> => {
        const admin = new Kysely<unknown>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
        });
        try {
          await admin.schema.dropSchema(schema).ifExists().cascade().execute();
        } finally {
          await admin.destroy();
        }
      };
      let database: Database;
      try {
        database = await open();
      } catch (error) {
        // openDatabase may have created the schema before failing: leave nothing behind.
        await dropSchema();
        throw error;
      }
      return {
        database,
        openAnother: open,
        async destroy() {
          try {
            await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
          } finally {
            for (const handle of handles) await handle.close();
          }
        },
      };
    },
  };
}

/** Null when a PostgreSQL server answers at `url`, else why not (without the URL's password). */
export async function probePostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL with any password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Runs `contract` on SQLite, and on PostgreSQL at `TEST_PG_URL` when a server answers there. Without
 * one it is skipped with a visible warning, or fails when `RUNGS_TEST_PG_REQUIRED=1` (CI).
 * Call at the top level of a test file with `await`.
 */
export async function describeOnEachDialect(
  subject: string,
  contract: (target: StorageTarget) => void,
): Promise<void> {
  describe(`SQLite ${subject}`, () => {
    contract(sqliteTarget);
  });
  const problem = await probePostgres(TEST_PG_URL);
  if (problem === null) {
    describe(`PostgreSQL ${subject}`, () => {
      contract(postgresTarget(TEST_PG_URL));
    });
  } else if (process.env.RUNGS_TEST_PG_REQUIRED === '1') {
    describe(`PostgreSQL ${subject}`, () => {
      test('has a server to run against (RUNGS_TEST_PG_REQUIRED=1)', () => {
        throw new Error(`no PostgreSQL server answers at ${redactUrl(TEST_PG_URL)}: ${problem}`);
      });
    });
  } else {
    const reason = `no server at ${redactUrl(TEST_PG_URL)}; set RUNGS_TEST_PG`;
    console.warn(`PostgreSQL ${subject} skipped: ${reason} (${problem})`);
    describe.skip(`PostgreSQL ${subject} (skipped: ${reason})`, () => {
      contract(postgresTarget(TEST_PG_URL));
    });
  }
}
