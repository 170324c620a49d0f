import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from 'kysely';
import type { DialectTraits } from './dialect-traits.ts';

/**
 * The schema's history, oldest first, for both dialects. A migration never changes once released;
 * a change of schema is a new entry. Dialect differences come only from `traits`.
 */
export function createMigrationProvider(traits: DialectTraits): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': { up: (db) => createInitialTables(db, traits) },
    '0002_activities_item': { up: (db) => createActivitiesItemIndex(db) },
    '0003_role_assignments': { up: (db) => createRoleAssignments(db, traits) },
    '0004_groups': { up: (db) => createGroups(db) },
    '0005_activities_time_covering': { up: (db) => coverActivitiesTimeIndex(db) },
    '0006_one_person_per_login': { up: (db) => joinPeopleByLowerCaseIdentities(db) },
    '0007_people_merges': { up: (db) => createPeopleMerges(db, traits) },
    '0008_rejected_deliveries': { up: (db) => createRejectedDeliveries(db) },
  };
  return { getMigrations: async () => migrations };
}

/**
 * Brings the database to the latest schema. Safe to run on every open and from several processes
 * at once (Kysely's migrator takes a lock). Throws with the failing migration's name.
 * `migrationTableSchema` names the PostgreSQL schema the tables live in: without it, Kysely would
 * take migration tables found in any other schema of the database for this schema's.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  traits: DialectTraits,
  migrationTableSchema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(traits),
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(`database migration ${failed} failed: ${reason}`, { cause: error });
}

function surrogateKey(
  column: ColumnDefinitionBuilder,
  definition: DialectTraits['idColumn'] | DialectTraits['sequenceColumn'],
): ColumnDefinitionBuilder {
  const primary = column.primaryKey();
  return definition.autoIncrement ? primary.autoIncrement() : primary;
}

async function createInitialTables(db: Kysely<unknown>, traits: DialectTraits): Promise<void> {
  await db.schema
    .createTable('source_records')
    .addColumn('seq', traits.sequenceColumn.type, (col) => surrogateKey(col, traits.sequenceColumn))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addColumn('payload', traits.jsonType, (col) => col.notNull())
    .addColumn('stored_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('source_records_source_key', ['source', 'key'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', traits.idColumn.type, (col) => surrogateKey(col, traits.idColumn))
    .addColumn('login', 'text', (col) => col.notNull())
    .addColumn('login_seen_at', 'text')
    .addColumn('name', 'text')
    .addColumn('github_id', 'bigint')
    .addColumn('bot_detected', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('bot_override', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // Finds the current holder of a login (see findPersonByLogin); matches `lower(login)` exactly.
  await db.schema
    .createIndex('people_login_lower')
    .on('people')
    .expression(sql`lower(${sql.ref('login')})`)
    .execute();

  await db.schema
    .createTable('identities')
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('person_id', 'integer', (col) => col.notNull().references('people.id'))
    .addPrimaryKeyConstraint('identities_pkey', ['kind', 'value'])
    .execute();
  await db.schema.createIndex('identities_person').on('identities').column('person_id').execute();

  await db.schema
    .createTable('items')
    .addColumn('repo', 'text', (col) => col.notNull())
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('title', 'text')
    .addColumn('author_id', 'integer', (col) => col.references('people.id'))
    .addColumn('labels', traits.jsonType, (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('state_reason', 'text')
    .addColumn('created_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('merged_at', 'text')
    .addColumn('merged_by_id', 'integer', (col) => col.references('people.id'))
    .addColumn('url', 'text')
    .addColumn('transferred_to', 'text')
    .addColumn('observed_at', 'text', (col) => col.notNull())
    .addColumn('known_fields', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('items_pkey', ['repo', 'number'])
    .execute();
  // Merging people rewrites these references; without indexes a merge scans every item.
  await db.schema.createIndex('items_author').on('items').column('author_id').execute();
  await db.schema.createIndex('items_merged_by').on('items').column('merged_by_id').execute();

  await db.schema
    .createTable('activities')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('person_id', 'integer', (col) => col.notNull().references('people.id'))
    .addColumn('occurred_at', 'text', (col) => col.notNull())
    .addColumn('repo', 'text')
    .addColumn('item_number', 'integer')
    .addColumn('url', 'text')
    .addColumn('details', traits.jsonType, (col) => col.notNull())
    .execute();
  // (occurred_at, key) is the order facts are streamed in (keyset pagination).
  await db.schema.createIndex('activities_time').on('activities').columns(['occurred_at', 'key']).execute();
  await db.schema
    .createIndex('activities_person_time')
    .on('activities')
    .columns(['person_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('activities_repo_time')
    .on('activities')
    .columns(['repo', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('cursors')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
}

/**
 * Widens the time index to every column the column readers take from an act but its details
 * (`KyselyActivityColumnReader`): a read of every act in time order then walks one index instead of
 * seeking each row in the table (measured at 5M acts on SQLite: 27 s -> 11 s as raw rows, the
 * table still sought for the few kinds whose details are read). Same number of indexes, so an
 * insert costs about the same.
 */
async function coverActivitiesTimeIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('activities_time').execute();
  await db.schema
    .createIndex('activities_time')
    .on('activities')
    .columns(['occurred_at', 'key', 'person_id', 'kind', 'repo', 'item_number'])
    .execute();
}

/**
 * Finds every act on one issue or PR: a relabel or a close changes what each of them scores, so
 * the server recomputes those people after a delivery (see KyselyChangeFeed).
 */
async function createActivitiesItemIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('activities_repo_item')
    .on('activities')
    .columns(['repo', 'item_number'])
    .execute();
}

/**
 * Who holds which ladder level (see KyselyRoleStore). People are named by login, resolved when the
 * ladder is evaluated, so a roster can name people whose activity is not imported yet and a renamed
 * account still matches its former login. `scope` is '' for the whole community (so the unique key
 * works the same in both databases: NULLs never conflict); `(login_key, level, scope, since)` makes
 * importing a roster twice a no-op.
 */
async function createRoleAssignments(db: Kysely<unknown>, traits: DialectTraits): Promise<void> {
  await db.schema
    .createTable('role_assignments')
    .addColumn('id', traits.idColumn.type, (col) => surrogateKey(col, traits.idColumn))
    .addColumn('login', 'text', (col) => col.notNull())
    .addColumn('login_key', 'text', (col) => col.notNull())
    .addColumn('level', 'text', (col) => col.notNull())
    .addColumn('scope', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('since', 'text', (col) => col.notNull())
    .addColumn('until', 'text')
    .addColumn('decision', 'text')
    .addColumn('ended_by', 'text')
    .addColumn('previous_level', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('role_assignments_natural_key', ['login_key', 'level', 'scope', 'since'])
    .execute();
}

/**
 * The community's groups (see KyselyGroupStore): SIGs, working groups, subprojects, each with the
 * repositories and directories it owns. Replaced as a whole by each import. `position` keeps the
 * order of the file (parents before their subprojects). In `group_repos`, `path` is '' for a whole
 * repository, else a directory in it, so one table and one key serve both in either database.
 */
async function createGroups(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('community_groups')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('position', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('group_repos')
    .addColumn('group_id', 'text', (col) =>
      col.notNull().references('community_groups.id').onDelete('cascade'),
    )
    .addColumn('repo', 'text', (col) => col.notNull())
    .addColumn('path', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('group_repos_pkey', ['group_id', 'repo', 'path'])
    .execute();
  // Which groups a repository belongs to (the community page tallies acts by repository).
  await db.schema.createIndex('group_repos_repo').on('group_repos').column('repo').execute();
}

/** The rows 0006 reads and writes, as they were then. */
interface IdentityRow0006 {
  readonly kind: string;
  readonly value: string;
  readonly person_id: number;
}
interface PersonRow0006 {
  readonly id: number;
  readonly login: string;
  readonly name: string | null;
  readonly github_id: number | string | null;
  readonly bot_detected: number;
  readonly bot_override: number | null;
}

/**
 * One person per login and email, whatever the case, and no email-derived handle passing for a
 * login. Identities whose values differ only in case become one identity (lower-cased, as the
 * resolver writes them) and their people one person: the one with a GitHub id, else the oldest,
 * keeps everything (a person is never joined to another holding a different GitHub id). People
 * known by emails only, whose login was an email's local part, get the handle `person:<id>`
 * (also as a login identity); people with a login identity whose shown login is none of theirs
 * take one of their logins. Self-contained, so later code changes cannot change what it did.
 */
async function joinPeopleByLowerCaseIdentities(database: Kysely<unknown>): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the tables as they were then, untyped.
  const db = database as Kysely<any>;
  const identities: IdentityRow0006[] = await db
    .selectFrom('identities')
    .select(['kind', 'value', 'person_id'])
    .execute();
  const people = new Map<number, PersonRow0006>(
    (
      (await db
        .selectFrom('people')
        .select(['id', 'login', 'name', 'github_id', 'bot_detected', 'bot_override'])
        .execute()) as PersonRow0006[]
    ).map((row) => [Number(row.id), { ...row, id: Number(row.id) }]),
  );
  const githubIdOf = (id: number) => {
    const value = people.get(id)?.github_id;
    return value === null || value === undefined ? null : Number(value);
  };

  // Union of people that share an identity up to case; a set never holds two GitHub ids.
  const joinedInto = new Map<number, number>();
  const keeperOf = (id: number): number => {
    let current = id;
    for (let next = joinedInto.get(current); next !== undefined; next = joinedInto.get(current))
      current = next;
    return current;
  };
  const groups = new Map<string, IdentityRow0006[]>();
  for (const row of identities) {
    const key = `${row.kind}:${row.value.toLowerCase()}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  const rewrites: { readonly rows: IdentityRow0006[]; readonly value: string }[] = [];
  for (const rows of groups.values()) {
    const value = rows[0]!.value.toLowerCase();
    if (rows.length === 1 && rows[0]!.value === value) continue;
    rewrites.push({ rows, value });
    for (const row of rows.slice(1)) {
      const a = keeperOf(Number(rows[0]!.person_id));
      const b = keeperOf(Number(row.person_id));
      if (a === b) continue;
      const [idA, idB] = [githubIdOf(a), githubIdOf(b)];
      if (idA !== null && idB !== null && idA !== idB) continue;
      const keep = idA !== null ? a : idB !== null ? b : Math.min(a, b);
      joinedInto.set(keep === a ? b : a, keep);
    }
  }

  for (const [mergedId] of [...joinedInto].sort(([x], [y]) => x - y)) {
    const keptId = keeperOf(mergedId);
    const kept = people.get(keptId)!;
    const merged = people.get(mergedId)!;
    await db.updateTable('identities').set({ person_id: keptId }).where('person_id', '=', mergedId).execute();
    await db.updateTable('activities').set({ person_id: keptId }).where('person_id', '=', mergedId).execute();
    await db.updateTable('items').set({ author_id: keptId }).where('author_id', '=', mergedId).execute();
    await db
      .updateTable('items')
      .set({ merged_by_id: keptId })
      .where('merged_by_id', '=', mergedId)
      .execute();
    await db
      .updateTable('people')
      .set({
        name: kept.name ?? merged.name,
        github_id: githubIdOf(keptId) ?? githubIdOf(mergedId),
        bot_detected: Math.max(kept.bot_detected, merged.bot_detected),
        bot_override: kept.bot_override ?? merged.bot_override,
      })
      .where('id', '=', keptId)
      .execute();
    await db.deleteFrom('people').where('id', '=', mergedId).execute();
    people.set(keptId, {
      ...kept,
      name: kept.name ?? merged.name,
      github_id: githubIdOf(keptId) ?? githubIdOf(mergedId),
    });
    people.delete(mergedId);
  }
  for (const { rows, value } of rewrites) {
    const owner = keeperOf(Number((rows.find((row) => row.value === value) ?? rows[0]!).person_id));
    for (const row of rows)
      await db.deleteFrom('identities').where('kind', '=', row.kind).where('value', '=', row.value).execute();
    await db.insertInto('identities').values({ kind: rows[0]!.kind, value, person_id: owner }).execute();
  }

  // Shown logins: an unlinked handle for email-only people, an own login for the others.
  const logins = new Map<number, string[]>();
  for (const row of await db
    .selectFrom('identities')
    .select(['value', 'person_id'])
    .where('kind', '=', 'login')
    .execute()) {
    const id = Number(row.person_id);
    const list = logins.get(id);
    if (list === undefined) logins.set(id, [row.value]);
    else list.push(row.value);
  }
  for (const person of [...people.values()].sort((a, b) => a.id - b.id)) {
    if (githubIdOf(person.id) !== null) continue;
    const own = logins.get(person.id);
    if (own === undefined) {
      const handle = `person:${person.id}`;
      await db.updateTable('people').set({ login: handle }).where('id', '=', person.id).execute();
      await db
        .insertInto('identities')
        .values({ kind: 'login', value: handle, person_id: person.id })
        .execute();
    } else if (!own.includes(person.login.toLowerCase())) {
      await db.updateTable('people').set({ login: own.sort()[0]! }).where('id', '=', person.id).execute();
    }
  }
}

/**
 * Webhook deliveries whose payload could not be stored, kept raw by delivery id (see
 * KyselyRejectedDeliveryStore) so a rebuild can store them after a fix.
 */
async function createRejectedDeliveries(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rejected_deliveries')
    .addColumn('delivery_id', 'text', (col) => col.primaryKey())
    .addColumn('event', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('first_received_at', 'text', (col) => col.notNull())
    .addColumn('last_received_at', 'text', (col) => col.notNull())
    .addColumn('received', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
}

/**
 * The record of every merge of two people (see KyselyPeopleStore): who decided it, when and why,
 * and enough to undo it. The merged person's row and the kept person's fields before the merge are
 * copied into `people_merges`; the identities, acts and item references that moved are listed by
 * their natural keys (which a rebuild re-derives unchanged), so a split moves exactly those back.
 * No foreign keys to `people`: the merged person no longer exists, and the kept one may be merged
 * on later.
 */
async function createPeopleMerges(db: Kysely<unknown>, traits: DialectTraits): Promise<void> {
  await db.schema
    .createTable('people_merges')
    .addColumn('id', traits.idColumn.type, (col) => surrogateKey(col, traits.idColumn))
    .addColumn('kept_id', 'integer', (col) => col.notNull())
    .addColumn('merged_id', 'integer', (col) => col.notNull())
    .addColumn('kept_login', 'text', (col) => col.notNull())
    .addColumn('kept_login_seen_at', 'text')
    .addColumn('kept_name', 'text')
    .addColumn('kept_github_id', 'bigint')
    .addColumn('kept_bot_detected', 'integer', (col) => col.notNull())
    .addColumn('kept_bot_override', 'integer')
    .addColumn('merged_login', 'text', (col) => col.notNull())
    .addColumn('merged_login_seen_at', 'text')
    .addColumn('merged_name', 'text')
    .addColumn('merged_github_id', 'bigint')
    .addColumn('merged_bot_detected', 'integer', (col) => col.notNull())
    .addColumn('merged_bot_override', 'integer')
    .addColumn('merged_created_at', 'text', (col) => col.notNull())
    .addColumn('merged_by', 'text', (col) => col.notNull())
    .addColumn('merged_at', 'text', (col) => col.notNull())
    .addColumn('merge_reason', 'text')
    .addColumn('split_by', 'text')
    .addColumn('split_at', 'text')
    .addColumn('split_reason', 'text')
    .execute();
  // A split looks up the merges in force of a person merged away.
  await db.schema.createIndex('people_merges_merged').on('people_merges').column('merged_id').execute();
  await db.schema
    .createTable('people_merge_identities')
    .addColumn('merge_id', 'integer', (col) => col.notNull().references('people_merges.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('people_merge_identities_pkey', ['merge_id', 'kind', 'value'])
    .execute();
  // Which merge took an identity (`rungs people split alice@example.org`).
  await db.schema
    .createIndex('people_merge_identities_value')
    .on('people_merge_identities')
    .columns(['value', 'kind'])
    .execute();
  await db.schema
    .createTable('people_merge_activities')
    .addColumn('merge_id', 'integer', (col) => col.notNull().references('people_merges.id'))
    .addColumn('key', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('people_merge_activities_pkey', ['merge_id', 'key'])
    .execute();
  await db.schema
    .createTable('people_merge_items')
    .addColumn('merge_id', 'integer', (col) => col.notNull().references('people_merges.id'))
    .addColumn('repo', 'text', (col) => col.notNull())
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('people_merge_items_pkey', ['merge_id', 'repo', 'number', 'role'])
    .execute();
}
