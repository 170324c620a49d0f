import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { PeopleMergeStore, SplitStoreResult } from '../../app/people/people-merge-store.ts';
import type { PersonCandidate } from '../../app/people/person-candidate.ts';
import type { PeopleDecision, PersonMerge } from '../../app/people/person-merge.ts';
import type { PeopleStore } from '../../app/ports.ts';
import type { PersonSummary } from '../../core/scoring-fact.ts';
import type { Database } from './create-database.ts';
import type { IdentityCache } from './identity-cache.ts';
import { PeopleStoreError } from './people-store-error.ts';
import type { PeopleMergesTable, Schema } from './schema.ts';
import { toIsoSecond } from './to-iso-second.ts';

/** The fields of a person a merge combines (and a split restores). */
interface PersonFields {
  readonly login: string;
  readonly login_seen_at: string | null;
  readonly name: string | null;
  readonly github_id: number | null;
  readonly bot_detected: number;
  readonly bot_override: number | null;
}

type MergeRow = Selectable<PeopleMergesTable>;

const PERSON_COLUMNS = ['id', 'login', 'name', 'github_id', 'bot_detected', 'bot_override'] as const;

/**
 * Decisions about people: merges (recorded with who, when, why and what moved, so a split undoes
 * them) and bot overrides. They survive rebuilds because they live on people and identities, which
 * a rebuild keeps, and acts are re-derived through those identities under the same natural keys.
 */
export class KyselyPeopleStore implements PeopleStore, PeopleMergeStore {
  readonly #db: Kysely<Schema>;
  readonly #cache: IdentityCache | undefined;
  readonly #now: () => Date;

  /** `cache` is the ingest store's identity cache, cleared after a merge or split moved identities. */
  constructor(database: Database, cache?: IdentityCache, now: () => Date = () => new Date()) {
    this.#db = database.db;
    this.#cache = cache;
    this.#now = now;
  }

  /** Every person `name` could mean, with how it matched; case-insensitive; a person may repeat. */
  async findPeopleNamed(name: string): Promise<readonly PersonCandidate[]> {
    const trimmed = name.trim();
    const key = trimmed.toLowerCase();
    if (key === '') return [];
    const candidates: PersonCandidate[] = [];
    if (/^\d{1,15}$/.test(trimmed)) {
      const byId = await this.#db
        .selectFrom('people')
        .select(PERSON_COLUMNS)
        .where('id', '=', Number(trimmed))
        .executeTakeFirst();
      if (byId !== undefined) candidates.push({ person: toPersonSummary(byId), matchedBy: 'id' });
    }
    const byLogin = await this.#db
      .selectFrom('people')
      .select(PERSON_COLUMNS)
      .where((eb) => eb(eb.fn('lower', ['login']), '=', key))
      .orderBy('id')
      .execute();
    for (const row of byLogin) {
      candidates.push({
        person: toPersonSummary(row),
        matchedBy: row.github_id === null ? 'handle' : 'login',
      });
    }
    const byIdentity = await this.#db
      .selectFrom('identities')
      .innerJoin('people', 'people.id', 'identities.person_id')
      .select([
        'identities.kind',
        'people.id',
        'people.login',
        'people.name',
        'people.github_id',
        'people.bot_detected',
        'people.bot_override',
      ])
      .where('identities.value', '=', key)
      .where('identities.kind', 'in', ['login', 'email'])
      .orderBy('people.id')
      .execute();
    for (const row of byIdentity) {
      const person = toPersonSummary(row);
      const matchedBy =
        row.kind === 'email' ? 'email' : person.login.toLowerCase() === key ? 'login' : 'former_login';
      candidates.push({ person, matchedBy });
    }
    return candidates;
  }

  /**
   * Moves every identity, activity and item reference of `mergedId` onto `keptId` and deletes
   * `mergedId`, in one transaction, recording the decision and what moved. The kept person keeps
   * their login unless only the merged one was a GitHub account; a missing name or GitHub id is
   * filled from the merged person. Throws `PeopleStoreError` (`same_person`, `unknown_person`) and
   * changes nothing when the ids are equal or either is unknown. Without `decision`, it is recorded
   * as made by `rungs` now, with no reason.
   */
  async mergePeople(keptId: number, mergedId: number, decision?: PeopleDecision): Promise<PersonMerge> {
    if (keptId === mergedId) {
      throw new PeopleStoreError('same_person', `cannot merge person ${keptId} into itself`);
    }
    const made = decision ?? { by: 'rungs', at: toIsoSecond(this.#now()), reason: null };
    const merge = await this.#db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('people').selectAll().where('id', 'in', [keptId, mergedId]).execute();
      const kept = rows.find((row) => row.id === keptId);
      const merged = rows.find((row) => row.id === mergedId);
      if (kept === undefined || merged === undefined) {
        const missing = [kept === undefined ? keptId : null, merged === undefined ? mergedId : null].filter(
          (id) => id !== null,
        );
        throw new PeopleStoreError('unknown_person', `no person with id ${missing.join(' or ')}`);
      }
      const keptBefore = toFields(kept);
      const mergedFields = toFields(merged);
      const { id: mergeId } = await tx
        .insertInto('people_merges')
        .values({
          kept_id: keptId,
          merged_id: mergedId,
          kept_login: keptBefore.login,
          kept_login_seen_at: keptBefore.login_seen_at,
          kept_name: keptBefore.name,
          kept_github_id: keptBefore.github_id,
          kept_bot_detected: keptBefore.bot_detected,
          kept_bot_override: keptBefore.bot_override,
          merged_login: mergedFields.login,
          merged_login_seen_at: mergedFields.login_seen_at,
          merged_name: mergedFields.name,
          merged_github_id: mergedFields.github_id,
          merged_bot_detected: mergedFields.bot_detected,
          merged_bot_override: mergedFields.bot_override,
          merged_created_at: merged.created_at,
          merged_by: made.by,
          merged_at: made.at,
          merge_reason: made.reason,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // What moves is listed before it moves, by natural keys a rebuild keeps.
      const mergeIdValue = sql.lit(Number(mergeId));
      await tx
        .insertInto('people_merge_identities')
        .columns(['merge_id', 'kind', 'value'])
        .expression((eb) =>
          eb
            .selectFrom('identities')
            .select([mergeIdValue.as('merge_id'), 'kind', 'value'])
            .where('person_id', '=', mergedId),
        )
        .execute();
      await tx
        .insertInto('people_merge_activities')
        .columns(['merge_id', 'key'])
        .expression((eb) =>
          eb
            .selectFrom('activities')
            .select([mergeIdValue.as('merge_id'), 'key'])
            .where('person_id', '=', mergedId),
        )
        .execute();
      for (const [role, column] of [
        ['author', 'author_id'],
        ['merged_by', 'merged_by_id'],
      ] as const) {
        await tx
          .insertInto('people_merge_items')
          .columns(['merge_id', 'repo', 'number', 'role'])
          .expression((eb) =>
            eb
              .selectFrom('items')
              .select([mergeIdValue.as('merge_id'), 'repo', 'number', sql.lit(role).as('role')])
              .where(column, '=', mergedId),
          )
          .execute();
      }
      await moveReferences(tx, mergedId, keptId);
      await tx
        .updateTable('people')
        .set(combinePeople(keptBefore, mergedFields))
        .where('id', '=', keptId)
        .execute();
      await tx.deleteFrom('people').where('id', '=', mergedId).execute();
      return readMerge(tx, Number(mergeId));
    });
    this.#cache?.clear();
    return merge;
  }

  /**
   * The merges in force whose merged person `name` names: their former id or their login at the
   * time; only when neither matches, an identity that moved with them (login or email, any case),
   * which later merges of the kept person moved too. Oldest first.
   */
  async findMergesInForce(name: string): Promise<readonly PersonMerge[]> {
    const trimmed = name.trim();
    const key = trimmed.toLowerCase();
    if (key === '') return [];
    const id = /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : null;
    const inForce = this.#db
      .selectFrom('people_merges')
      .selectAll()
      .where('split_at', 'is', null)
      .orderBy('id');
    const direct = await inForce
      .where((eb) =>
        eb.or([
          ...(id === null ? [] : [eb('merged_id', '=', id)]),
          eb(eb.fn('lower', ['merged_login']), '=', key),
        ]),
      )
      .execute();
    if (direct.length > 0) return direct.map(toPersonMerge);
    const byIdentity = await inForce
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('people_merge_identities')
            .select('people_merge_identities.merge_id')
            .whereRef('people_merge_identities.merge_id', '=', 'people_merges.id')
            .where('people_merge_identities.value', '=', key),
        ),
      )
      .execute();
    return byIdentity.map(toPersonMerge);
  }

  /**
   * Undoes merge `mergeId` in one transaction: re-creates the merged person with their id and
   * fields, moves back the identities, acts and item references the merge moved (those the kept
   * person still holds), restores the kept person's fields the merge had filled in (unless they
   * changed since), and records the split. Acts stored after the merge under a moved identity stay
   * with the kept person until `rungs rebuild` re-derives them through the restored identities.
   * When the kept person was merged away since, nothing changes (`kept_merged_away`). Throws
   * `PeopleStoreError` (`unknown_merge`) when no merge in force has this id.
   */
  async splitMerge(mergeId: number, decision: PeopleDecision): Promise<SplitStoreResult> {
    const result = await this.#db.transaction().execute(async (tx): Promise<SplitStoreResult> => {
      const row = await tx
        .selectFrom('people_merges')
        .selectAll()
        .where('id', '=', mergeId)
        .executeTakeFirst();
      if (row === undefined || row.split_at !== null) {
        throw new PeopleStoreError('unknown_merge', `no merge in force with id ${mergeId}`);
      }
      const keptId = row.kept_id;
      const mergedId = row.merged_id;
      const kept = await tx.selectFrom('people').selectAll().where('id', '=', keptId).executeTakeFirst();
      if (kept === undefined) return { kind: 'kept_merged_away', merge: toPersonMerge(row) };
      const keptBefore: PersonFields = {
        login: row.kept_login,
        login_seen_at: row.kept_login_seen_at,
        name: row.kept_name,
        github_id: toNumberOrNull(row.kept_github_id),
        bot_detected: row.kept_bot_detected,
        bot_override: row.kept_bot_override,
      };
      const mergedFields: PersonFields = {
        login: row.merged_login,
        login_seen_at: row.merged_login_seen_at,
        name: row.merged_name,
        github_id: toNumberOrNull(row.merged_github_id),
        bot_detected: row.merged_bot_detected,
        bot_override: row.merged_bot_override,
      };
      await tx
        .insertInto('people')
        .values({ id: mergedId, ...mergedFields, created_at: row.merged_created_at })
        .execute();
      await tx
        .updateTable('identities')
        .set({ person_id: mergedId })
        .where('person_id', '=', keptId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('people_merge_identities as moved')
              .select('moved.merge_id')
              .where('moved.merge_id', '=', mergeId)
              .whereRef('moved.kind', '=', 'identities.kind')
              .whereRef('moved.value', '=', 'identities.value'),
          ),
        )
        .execute();
      await tx
        .updateTable('activities')
        .set({ person_id: mergedId })
        .where('person_id', '=', keptId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('people_merge_activities as moved')
              .select('moved.merge_id')
              .where('moved.merge_id', '=', mergeId)
              .whereRef('moved.key', '=', 'activities.key'),
          ),
        )
        .execute();
      for (const [role, column] of [
        ['author', 'author_id'],
        ['merged_by', 'merged_by_id'],
      ] as const) {
        await tx
          .updateTable('items')
          .set({ [column]: mergedId })
          .where(column, '=', keptId)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('people_merge_items as moved')
                .select('moved.merge_id')
                .where('moved.merge_id', '=', mergeId)
                .where('moved.role', '=', role)
                .whereRef('moved.repo', '=', 'items.repo')
                .whereRef('moved.number', '=', 'items.number'),
            ),
          )
          .execute();
      }
      await tx
        .updateTable('people')
        .set(restoreKept(toFields(kept), combinePeople(keptBefore, mergedFields), keptBefore))
        .where('id', '=', keptId)
        .execute();
      await tx
        .updateTable('people_merges')
        .set({ split_by: decision.by, split_at: decision.at, split_reason: decision.reason })
        .where('id', '=', mergeId)
        .execute();
      return { kind: 'split', merge: await readMerge(tx, mergeId) };
    });
    this.#cache?.clear();
    return result;
  }

  /** Every recorded merge, oldest first. */
  async listMerges(): Promise<readonly PersonMerge[]> {
    const rows = await this.#db.selectFrom('people_merges').selectAll().orderBy('id').execute();
    return rows.map(toPersonMerge);
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

async function moveReferences(tx: Transaction<Schema>, fromId: number, toId: number): Promise<void> {
  await tx.updateTable('identities').set({ person_id: toId }).where('person_id', '=', fromId).execute();
  await tx.updateTable('activities').set({ person_id: toId }).where('person_id', '=', fromId).execute();
  await tx.updateTable('items').set({ author_id: toId }).where('author_id', '=', fromId).execute();
  await tx.updateTable('items').set({ merged_by_id: toId }).where('merged_by_id', '=', fromId).execute();
}

/** The kept person's fields after a merge: their own, filled in from the merged person. */
function combinePeople(kept: PersonFields, merged: PersonFields): PersonFields {
  const takeLogin = kept.github_id === null && merged.github_id !== null;
  return {
    login: takeLogin ? merged.login : kept.login,
    login_seen_at: takeLogin ? merged.login_seen_at : kept.login_seen_at,
    github_id: kept.github_id ?? merged.github_id,
    name: kept.name ?? merged.name,
    bot_detected: Math.max(kept.bot_detected, merged.bot_detected),
    bot_override: kept.bot_override ?? merged.bot_override,
  };
}

/**
 * The kept person's fields after a split: each field the merge set is restored to what it was
 * before, unless it changed since (a later rename, a bot decision): then the current value stays.
 */
function restoreKept(current: PersonFields, afterMerge: PersonFields, before: PersonFields): PersonFields {
  const pick = <Field extends keyof PersonFields>(field: Field): PersonFields[Field] =>
    current[field] === afterMerge[field] ? before[field] : current[field];
  const loginUnchanged =
    current.login === afterMerge.login && current.login_seen_at === afterMerge.login_seen_at;
  return {
    login: loginUnchanged ? before.login : current.login,
    login_seen_at: loginUnchanged ? before.login_seen_at : current.login_seen_at,
    github_id: pick('github_id'),
    name: pick('name'),
    bot_detected: pick('bot_detected'),
    bot_override: pick('bot_override'),
  };
}

async function readMerge(tx: Transaction<Schema>, mergeId: number): Promise<PersonMerge> {
  return toPersonMerge(
    await tx.selectFrom('people_merges').selectAll().where('id', '=', mergeId).executeTakeFirstOrThrow(),
  );
}

function toPersonMerge(row: MergeRow): PersonMerge {
  return {
    id: Number(row.id),
    kept: { id: row.kept_id, login: row.kept_login },
    merged: { id: row.merged_id, login: row.merged_login },
    decision: { by: row.merged_by, at: row.merged_at, reason: row.merge_reason },
    split:
      row.split_at === null ? null : { by: row.split_by ?? '', at: row.split_at, reason: row.split_reason },
  };
}

function toFields(row: {
  readonly login: string;
  readonly login_seen_at: string | null;
  readonly name: string | null;
  readonly github_id: number | string | null;
  readonly bot_detected: number;
  readonly bot_override: number | null;
}): PersonFields {
  return {
    login: row.login,
    login_seen_at: row.login_seen_at,
    name: row.name,
    github_id: toNumberOrNull(row.github_id),
    bot_detected: row.bot_detected,
    bot_override: row.bot_override,
  };
}

function toPersonSummary(row: {
  readonly id: number;
  readonly login: string;
  readonly name: string | null;
  readonly github_id: number | string | null;
  readonly bot_detected: number;
  readonly bot_override: number | null;
}): PersonSummary {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    githubId: toNumberOrNull(row.github_id),
    isBot: (row.bot_override ?? row.bot_detected) === 1,
  };
}

function toNumberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
