import type { Kysely } from 'kysely';
import type { ActivityFilter, ActivityReader } from '../../app/ports.ts';
import type { ActivityKind } from '../../core/activity.ts';
import type { ItemState, ItemType, StateReason } from '../../core/item.ts';
import { type BotList, isListedBot } from '../../core/people/bot-list.ts';
import type { PersonSummary, ScoringFact } from '../../core/scoring-fact.ts';
import { checkActivityRead, pageOfActivities } from './activity-pages.ts';
import type { Database } from './create-database.ts';
import type { DialectTraits } from './dialect-traits.ts';
import { forEachInList } from './for-each-in-list.ts';
import type { Schema } from './schema.ts';

/** Facts per chunk when the caller does not say. */
const DEFAULT_CHUNK_SIZE = 2000;

interface PersonRow {
  readonly id: number;
  readonly login: string;
  readonly name: string | null;
  readonly github_id: number | string | null;
  readonly bot_detected: number;
  readonly bot_override: number | null;
}

/**
 * Reads what scoring and the leaderboard need. Facts stream in (occurred_at, key) order with
 * keyset pagination, so a chunk costs the same at the start and at the end of five million rows,
 * and writes may go on between chunks. Filter times must be `YYYY-MM-DDTHH:MM:SSZ` (a RangeError
 * otherwise, because a differently written time would compare wrongly as text).
 */
export class KyselyActivityReader implements ActivityReader {
  readonly #db: Kysely<Schema>;
  readonly #traits: DialectTraits;
  readonly #bots: BotList;

  /** `bots`: the community's list of automation accounts, flagged as bots unless a person decided otherwise. */
  constructor(database: Database, bots: BotList = NO_BOTS) {
    this.#db = database.db;
    this.#traits = database.traits;
    this.#bots = bots;
  }

  /** Streams activities joined with their items' current state, ordered by time then key. */
  async *readScoringFacts(
    filter: ActivityFilter,
    chunkSize = DEFAULT_CHUNK_SIZE,
  ): AsyncIterable<readonly ScoringFact[]> {
    if (!checkActivityRead(filter, chunkSize)) return;
    let after: readonly [string, string] | null = null;
    for (;;) {
      const position: readonly [string, string] | null = after;
      const query = this.#db
        .selectFrom('activities as a')
        .leftJoin('items as i', (join) =>
          join.onRef('i.repo', '=', 'a.repo').onRef('i.number', '=', 'a.item_number'),
        )
        .select([
          'a.key',
          'a.kind',
          'a.person_id',
          'a.occurred_at',
          'a.repo',
          'a.item_number',
          'a.url',
          'a.details',
          'i.type as item_type',
          'i.labels as item_labels',
          'i.state as item_state',
          'i.state_reason as item_state_reason',
          'i.merged_at as item_merged_at',
          'i.author_id as item_author_id',
        ]);
      const rows = await pageOfActivities(query, filter, position, chunkSize).execute();
      if (rows.length === 0) return;
      yield rows.map(
        (row): ScoringFact => ({
          key: row.key,
          personId: row.person_id,
          kind: row.kind as ActivityKind,
          occurredAt: row.occurred_at,
          repo: row.repo,
          itemNumber: row.item_number,
          url: row.url,
          details: this.#traits.readJson(row.details) as Readonly<Record<string, unknown>>,
          item:
            row.item_type === null
              ? null
              : {
                  type: row.item_type as ItemType,
                  labels: this.#traits.readJson(row.item_labels) as readonly string[],
                  state: row.item_state as ItemState,
                  stateReason: row.item_state_reason as StateReason,
                  mergedAt: row.item_merged_at,
                  authorId: row.item_author_id,
                },
        }),
      );
      if (rows.length < chunkSize) return;
      const last: { readonly occurred_at: string; readonly key: string } = rows[rows.length - 1]!;
      after = [last.occurred_at, last.key];
    }
  }

  /** The people with these ids, by id (all people when omitted); unknown ids are left out. */
  async readPeople(ids?: readonly number[]): Promise<readonly PersonSummary[]> {
    const query = this.#db
      .selectFrom('people')
      .select(['id', 'login', 'name', 'github_id', 'bot_detected', 'bot_override'])
      .orderBy('id');
    if (ids === undefined) return (await query.execute()).map((row) => toPersonSummary(row, this.#bots));
    const people: PersonSummary[] = [];
    await forEachInList([...new Set(ids)], async (chunk) => {
      for (const row of await query.where('id', 'in', chunk).execute())
        people.push(toPersonSummary(row, this.#bots));
    });
    return people.sort((a, b) => a.id - b.id);
  }

  /**
   * The person a login belongs to, case-insensitively: the GitHub account that holds it now, else
   * whoever held it before (a renamed account keeps its former logins), else null.
   */
  async findPersonByLogin(login: string): Promise<PersonSummary | null> {
    const key = login.trim().toLowerCase();
    if (key === '') return null;
    const current = await this.#db
      .selectFrom('people')
      .select(['id', 'login', 'name', 'github_id', 'bot_detected', 'bot_override'])
      .where((eb) => eb(eb.fn('lower', ['login']), '=', key))
      .where('github_id', 'is not', null)
      .orderBy('login_seen_at', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (current !== undefined) return toPersonSummary(current, this.#bots);
    const former = await this.#db
      .selectFrom('identities')
      .innerJoin('people', 'people.id', 'identities.person_id')
      .select([
        'people.id',
        'people.login',
        'people.name',
        'people.github_id',
        'people.bot_detected',
        'people.bot_override',
      ])
      .where('identities.kind', '=', 'login')
      .where('identities.value', '=', key)
      .executeTakeFirst();
    return former === undefined ? null : toPersonSummary(former, this.#bots);
  }
}

const NO_BOTS: BotList = { logins: new Set() };

/** A person as read; a person's bot decision wins over detection and over the bot list. */
function toPersonSummary(row: PersonRow, bots: BotList): PersonSummary {
  const detected = row.bot_detected === 1 || isListedBot(bots, row.login);
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    githubId: row.github_id === null ? null : Number(row.github_id),
    isBot: row.bot_override === null ? detected : row.bot_override === 1,
  };
}
