import type { Kysely } from 'kysely';
import type { GroupStore } from '../../app/ports.ts';
import type { Group } from '../../core/groups/group.ts';
import type { Database } from './create-database.ts';
import type { Schema } from './schema.ts';

/** The groups table (migration 0004_groups). */
export interface CommunityGroupsTable {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  /** Order of the imported file. */
  position: number;
}

/** Repositories and directories of groups; `path` is '' for a whole repository. */
export interface GroupReposTable {
  group_id: string;
  repo: string;
  path: string;
}

type GroupSchema = Schema & { community_groups: CommunityGroupsTable; group_repos: GroupReposTable };

/** Rows per insert: 3 parameters a row keeps a statement far under both dialects' limits. */
const ROWS_PER_INSERT = 500;

/**
 * The community's groups over Kysely, the same SQL on SQLite and PostgreSQL. An import deletes
 * every group and inserts the new ones in one transaction, so a reader never sees half of each
 * and importing the same file again changes nothing.
 */
export class KyselyGroupStore implements GroupStore {
  readonly #db: Kysely<GroupSchema>;

  constructor(database: Database) {
    this.#db = database.db.withTables<{
      community_groups: CommunityGroupsTable;
      group_repos: GroupReposTable;
    }>();
  }

  /** Every group in import order, with its repositories and directories sorted. */
  async readGroups(): Promise<readonly Group[]> {
    const groups = await this.#db.selectFrom('community_groups').selectAll().orderBy('position').execute();
    // Sorted here, not in SQL: PostgreSQL's collation may order `-` and `/` unlike SQLite.
    const places = await this.#db.selectFrom('group_repos').selectAll().execute();
    const repos = new Map<string, string[]>();
    const directories = new Map<string, string[]>();
    for (const place of places) {
      if (place.path === '') push(repos, place.group_id, place.repo);
      else push(directories, place.group_id, `${place.repo}/${place.path}`);
    }
    return groups.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      parent: row.parent_id,
      repos: (repos.get(row.id) ?? []).sort(compareText),
      directories: (directories.get(row.id) ?? []).sort(compareText),
    }));
  }

  /**
   * Replaces the stored groups with `groups`. A directory's repository is stored as a whole
   * repository of the group too (as `Group.repos` lists it). Throws on duplicate ids.
   */
  async replaceGroups(groups: readonly Group[]): Promise<void> {
    const groupRows = groups.map((group, position) => ({
      id: group.id,
      name: group.name,
      kind: group.kind,
      parent_id: group.parent,
      position,
    }));
    const placeRows: GroupReposTable[] = [];
    for (const group of groups) {
      const seen = new Set<string>();
      const add = (repo: string, path: string): void => {
        const key = `${repo}\n${path}`;
        if (seen.has(key)) return;
        seen.add(key);
        placeRows.push({ group_id: group.id, repo, path });
      };
      for (const repo of group.repos) add(repo, '');
      for (const directory of group.directories) {
        const [owner, name, ...path] = directory.split('/');
        add(`${owner}/${name}`, '');
        add(`${owner}/${name}`, path.join('/'));
      }
    }
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('group_repos').execute();
      await trx.deleteFrom('community_groups').execute();
      for (let start = 0; start < groupRows.length; start += ROWS_PER_INSERT)
        await trx
          .insertInto('community_groups')
          .values(groupRows.slice(start, start + ROWS_PER_INSERT))
          .execute();
      for (let start = 0; start < placeRows.length; start += ROWS_PER_INSERT)
        await trx
          .insertInto('group_repos')
          .values(placeRows.slice(start, start + ROWS_PER_INSERT))
          .execute();
    });
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
