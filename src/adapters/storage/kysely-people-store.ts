import type { Kysely } from 'kysely';
import type { PeopleStore } from '../../app/ports.ts';
import type { Database } from './create-database.ts';
import type { IdentityCache } from './identity-cache.ts';
import { PeopleStoreError } from './people-store-error.ts';
import type { Schema } from './schema.ts';

/**
 * Decisions about people: merges and bot overrides. They survive rebuilds because they live on
 * people and identities, which a rebuild keeps.
 */
export class KyselyPeopleStore implements PeopleStore {
  readonly #db: Kysely<Schema>;
  readonly #cache: IdentityCache | undefined;

  /** `cache` is the ingest store's identity cache, cleared after a merge moved identities. */
  constructor(database: Database, cache?: IdentityCache) {
    this.#db = database.db;
    this.#cache = cache;
  }

  /**
   * Moves every identity, activity and item reference of `mergedId` onto `keptId` and deletes
   * `mergedId`, in one transaction. The kept person keeps their login unless only the merged one
   * was a GitHub account; a missing name or GitHub id is filled from the merged person. Throws
   * `PeopleStoreError` (`same_person`, `unknown_person`) and changes nothing when the ids are
   * equal or either is unknown.
   */
  async mergePeople(keptId: number, mergedId: number): Promise<void> {
    if (keptId === mergedId) {
      throw new PeopleStoreError('same_person', `cannot merge person ${keptId} into itself`);
    }
    await this.#db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('people').selectAll().where('id', 'in', [keptId, mergedId]).execute();
      const kept = rows.find((row) => row.id === keptId);
      const merged = rows.find((row) => row.id === mergedId);
      if (kept === undefined || merged === undefined) {
        const missing = [kept === undefined ? keptId : null, merged === undefined ? mergedId : null].filter(
          (id) => id !== null,
        );
        throw new PeopleStoreError('unknown_person', `no person with id ${missing.join(' or ')}`);
      }
      await tx
        .updateTable('identities')
        .set({ person_id: keptId })
        .where('person_id', '=', mergedId)
        .execute();
      await tx
        .updateTable('activities')
        .set({ person_id: keptId })
        .where('person_id', '=', mergedId)
        .execute();
      await tx.updateTable('items').set({ author_id: keptId }).where('author_id', '=', mergedId).execute();
      await tx
        .updateTable('items')
        .set({ merged_by_id: keptId })
        .where('merged_by_id', '=', mergedId)
        .execute();
      const takeLogin = kept.github_id === null && merged.github_id !== null;
      await tx
        .updateTable('people')
        .set({
          login: takeLogin ? merged.login : kept.login,
          login_seen_at: takeLogin ? merged.login_seen_at : kept.login_seen_at,
          github_id: kept.github_id === null ? toNumberOrNull(merged.github_id) : Number(kept.github_id),
          name: kept.name ?? merged.name,
          bot_detected: Math.max(kept.bot_detected, merged.bot_detected),
          bot_override: kept.bot_override ?? merged.bot_override,
        })
        .where('id', '=', keptId)
        .execute();
      await tx.deleteFrom('people').where('id', '=', mergedId).execute();
    });
    this.#cache?.clear();
  }

  /** Overrides bot detection for one person; throws `PeopleStoreError` (`unknown_person`). */
  async setBot(personId: number, isBot: boolean): Promise<void> {
    const result = await this.#db
      .updateTable('people')
      .set({ bot_override: isBot ? 1 : 0 })
      .where('id', '=', personId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      throw new PeopleStoreError('unknown_person', `no person with id ${personId}`);
    }
  }
}

function toNumberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
