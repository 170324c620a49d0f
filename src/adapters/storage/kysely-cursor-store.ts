import type { Kysely } from 'kysely';
import type { CursorStore, NamedCursor } from '../../app/ports.ts';
import type { Database } from './create-database.ts';
import type { Schema } from './schema.ts';
import { toIsoSecond } from './to-iso-second.ts';

/** Named progress markers of incremental imports; writing one again replaces its value. */
export class KyselyCursorStore implements CursorStore {
  readonly #db: Kysely<Schema>;
  readonly #now: () => Date;

  constructor(database: Database, now: () => Date = () => new Date()) {
    this.#db = database.db;
    this.#now = now;
  }

  /** The cursor's value, or null when it was never written. */
  async readCursor(name: string): Promise<string | null> {
    const row = await this.#db
      .selectFrom('cursors')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  /** Every cursor whose name starts with `prefix`, ordered by name. */
  async listCursors(prefix: string): Promise<readonly NamedCursor[]> {
    // LIKE only narrows the scan: `_` and `%` in the prefix match more, and SQLite's LIKE ignores
    // case, so the exact test is the startsWith below.
    const rows = await this.#db
      .selectFrom('cursors')
      .select(['name', 'value', 'updated_at'])
      .where('name', 'like', `${prefix}%`)
      .execute();
    // Sorted here so both databases give the same order whatever PostgreSQL's collation.
    return rows
      .filter((row) => row.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((row) => ({ name: row.name, value: row.value, updatedAt: row.updated_at }));
  }

  /** Sets the cursor (insert or replace) and stamps when. */
  async writeCursor(name: string, value: string): Promise<void> {
    const updatedAt = toIsoSecond(this.#now());
    await this.#db
      .insertInto('cursors')
      .values({ name, value, updated_at: updatedAt })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ value, updated_at: updatedAt }))
      .execute();
  }
}
