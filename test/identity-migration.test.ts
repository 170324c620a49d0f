import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { type DatabaseConfig, openDatabase } from '../src/adapters/storage/create-database.ts';
import {
  type DialectTraits,
  POSTGRES_TRAITS,
  SQLITE_TRAITS,
} from '../src/adapters/storage/dialect-traits.ts';
import { createKyselyStore } from '../src/adapters/storage/kysely-store.ts';
import { createMigrationProvider } from '../src/adapters/storage/migrations.ts';
import type { Schema } from '../src/adapters/storage/schema.ts';
import { probePostgres, TEST_PG_URL } from './support/storage-targets.ts';

// Migration 0006 on a database written before it, on each dialect: identities that differ only
// in case become one person, and email-derived handles stop passing for logins. The tables before
// 0006 are those of `Schema`: 0006 changes rows, not columns.

/** A database at the schema before 0006, reached through the real migrations. */
interface OldDatabase {
  readonly db: Kysely<Schema>;
  readonly config: DatabaseConfig;
  destroy(): Promise<void>;
}

const BEFORE = '0005_activities_time_covering';

async function migrateBefore(db: Kysely<Schema>, traits: DialectTraits, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(traits),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateTo(BEFORE);
  if (error !== undefined) throw error;
}

const dialects: { name: string; open(): Promise<OldDatabase> }[] = [
  {
    name: 'SQLite',
    async open() {
      const folder = mkdtempSync(join(tmpdir(), 'rungs-migration-'));
      const path = join(folder, 'rungs.db');
      const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
      await migrateBefore(db, SQLITE_TRAITS);
      return {
        db,
        config: { kind: 'sqlite', path },
        async destroy() {
          await db.destroy();
          rmSync(folder, { recursive: true, force: true });
        },
      };
    },
  },
];
if ((await probePostgres(TEST_PG_URL)) === null || process.env.RUNGS_TEST_PG_REQUIRED === '1') {
  dialects.push({
    name: 'PostgreSQL',
    async open() {
      const schema = `rungs_migration_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 1 });
      const db: Kysely<Schema> = new Kysely<Schema>({
        dialect: new PostgresDialect({
          pool,
          onCreateConnection: async (connection) => {
            await connection.executeQuery(sql`set search_path to ${sql.id(schema)}`.compile(db));
          },
        }),
      });
      await db.schema.createSchema(schema).execute();
      await migrateBefore(db, POSTGRES_TRAITS, schema);
      return {
        db,
        config: { kind: 'postgres', url: TEST_PG_URL, schema },
        async destroy() {
          await db.schema.dropSchema(schema).ifExists().cascade().execute();
          await db.destroy();
        },
      };
    },
  });
}

const CREATED = '2024-01-01T00:00:00Z';

for (const dialect of dialects) {
  describe(`${dialect.name} migration 0006`, () => {
    test('joins people whose identities differ only in case and names email-only people by a handle', async () => {
      const old = await dialect.open();
      try {
        const person = async (login: string, githubId: number | null, name: string | null = null) => {
          const row = await old.db
            .insertInto('people')
            .values({ login, name, github_id: githubId, bot_detected: 0, created_at: CREATED })
            .returning('id')
            .executeTakeFirstOrThrow();
          return Number(row.id);
        };
        // What older code could leave behind: the same login and email under several cases.
        const account = await person('Octo-Cat', 77);
        const loginOnly = await person('octo-cat', null, 'Octo');
        const emailOnly = await person('octo', null);
        const unrelated = await person('jane', null, 'Jane Doe');
        await old.db
          .insertInto('identities')
          .values([
            { kind: 'github_id', value: '77', person_id: account },
            { kind: 'login', value: 'Octo-Cat', person_id: account },
            { kind: 'login', value: 'octo-cat', person_id: loginOnly },
            { kind: 'email', value: 'octo@example.com', person_id: loginOnly },
            { kind: 'email', value: 'Octo@Example.com', person_id: emailOnly },
            { kind: 'email', value: 'jane@example.com', person_id: unrelated },
          ])
          .execute();
        const act = (key: string, personId: number) => ({
          key,
          kind: 'commit',
          person_id: personId,
          occurred_at: CREATED,
          repo: 'octo/widgets',
          item_number: null,
          url: null,
          details: '{}',
        });
        await old.db
          .insertInto('activities')
          .values([act('a1', account), act('a2', loginOnly), act('a3', emailOnly), act('a4', unrelated)])
          .execute();
        await old.db
          .insertInto('items')
          .values({
            repo: 'octo/widgets',
            number: 1,
            type: 'pr',
            author_id: loginOnly,
            merged_by_id: emailOnly,
            labels: '[]',
            state: 'closed',
            observed_at: CREATED,
            known_fields: 0,
          })
          .execute();

        const database = await openDatabase(old.config);
        try {
          const db = database.db;
          const people = await db
            .selectFrom('people')
            .select(['id', 'login', 'name', 'github_id'])
            .orderBy('id')
            .execute();
          expect(
            people.map((row) => [
              row.id,
              row.login,
              row.name,
              row.github_id === null ? null : Number(row.github_id),
            ]),
          ).toEqual([
            [account, 'Octo-Cat', 'Octo', 77],
            [unrelated, `person:${unrelated}`, 'Jane Doe', null],
          ]);
          const identities = await db
            .selectFrom('identities')
            .selectAll()
            .orderBy('kind')
            .orderBy('value')
            .execute();
          expect(identities.map((row) => [row.kind, row.value, row.person_id])).toEqual([
            ['email', 'jane@example.com', unrelated],
            ['email', 'octo@example.com', account],
            ['github_id', '77', account],
            ['login', 'octo-cat', account],
            ['login', `person:${unrelated}`, unrelated],
          ]);
          const acts = await db
            .selectFrom('activities')
            .select(['key', 'person_id'])
            .orderBy('key')
            .execute();
          expect(acts.map((row) => row.person_id)).toEqual([account, account, account, unrelated]);
          const item = await db
            .selectFrom('items')
            .select(['author_id', 'merged_by_id'])
            .executeTakeFirstOrThrow();
          expect(item).toEqual({ author_id: account, merged_by_id: account });

          // The store reads it as the resolver would have written it.
          const store = createKyselyStore(database);
          expect((await store.findPersonByLogin('OCTO-CAT'))?.id).toBe(account);
          expect((await store.findPersonByLogin(`person:${unrelated}`))?.id).toBe(unrelated);
          expect(await store.findPersonByLogin('jane')).toBeNull();
        } finally {
          await database.close();
        }
      } finally {
        await old.destroy();
      }
    });
  });
}
