import type { Generated, Kysely } from 'kysely';
import type {
  MeetingAttendance,
  MeetingReader,
  NewRoleAssignment,
  RoleStore,
  StoredRoleAssignment,
} from '../../app/ladder/role-store.ts';
import type { Database } from './create-database.ts';
import type { DialectTraits } from './dialect-traits.ts';
import type { Schema } from './schema.ts';
import { toIsoSecond } from './to-iso-second.ts';
import { isIsoSecondTime } from './validate-batch.ts';

/** The role assignments table (migration 0003_role_assignments). */
export interface RoleAssignmentsTable {
  id: Generated<number>;
  login: string;
  /** The login lower-cased: logins match case-insensitively. */
  login_key: string;
  level: string;
  /** '' for the whole community. */
  scope: string;
  since: string;
  until: string | null;
  decision: string | null;
  ended_by: string | null;
  previous_level: string | null;
  created_at: string;
}

type RoleSchema = Schema & { role_assignments: RoleAssignmentsTable };

const MEETING_CHUNK = 5000;

/**
 * Role assignments and meeting attendance over Kysely, the same SQL on SQLite and PostgreSQL.
 * Adding an assignment is insert-or-ignore on (login, level, scope, since), so importing a roster
 * again changes nothing. Times must be `YYYY-MM-DDTHH:MM:SSZ` (a RangeError otherwise).
 */
export class KyselyRoleStore implements RoleStore, MeetingReader {
  readonly #db: Kysely<RoleSchema>;
  readonly #traits: DialectTraits;
  readonly #now: () => Date;

  constructor(database: Database, now: () => Date = () => new Date()) {
    this.#db = database.db.withTables<{ role_assignments: RoleAssignmentsTable }>();
    this.#traits = database.traits;
    this.#now = now;
  }

  /** Every assignment, oldest first (then by id). */
  async readRoleAssignments(): Promise<readonly StoredRoleAssignment[]> {
    const rows = await this.#db
      .selectFrom('role_assignments')
      .selectAll()
      .orderBy('since')
      .orderBy('id')
      .execute();
    return rows.map(toStored);
  }

  /** Inserts the assignment unless the same (login, level, scope, since) is stored; returns the stored row. */
  async addRoleAssignment(
    assignment: NewRoleAssignment,
  ): Promise<{ added: boolean; assignment: StoredRoleAssignment }> {
    checkTime(assignment.since);
    if (assignment.until != null) checkTime(assignment.until);
    const loginKey = assignment.login.toLowerCase();
    const scope = assignment.scope ?? '';
    const inserted = await this.#db
      .insertInto('role_assignments')
      .values({
        login: assignment.login,
        login_key: loginKey,
        level: assignment.level,
        scope,
        since: assignment.since,
        until: assignment.until ?? null,
        decision: assignment.decision,
        ended_by: null,
        previous_level: assignment.previousLevel,
        created_at: toIsoSecond(this.#now()),
      })
      .onConflict((conflict) => conflict.columns(['login_key', 'level', 'scope', 'since']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted !== undefined) return { added: true, assignment: toStored(inserted) };
    const existing = await this.#db
      .selectFrom('role_assignments')
      .selectAll()
      .where('login_key', '=', loginKey)
      .where('level', '=', assignment.level)
      .where('scope', '=', scope)
      .where('since', '=', assignment.since)
      .executeTakeFirstOrThrow();
    return { added: false, assignment: toStored(existing) };
  }

  /** Sets `until` and `ended_by` of one assignment. */
  async endRoleAssignment(id: number, until: string, endedBy: string | null): Promise<void> {
    checkTime(until);
    await this.#db
      .updateTable('role_assignments')
      .set({ until, ended_by: endedBy })
      .where('id', '=', id)
      .execute();
  }

  /** Every `meeting_attended` activity in the range, with its series, in chunks ordered by time. */
  async *readMeetingAttendance(filter: {
    from: string | null;
    to: string | null;
  }): AsyncIterable<readonly MeetingAttendance[]> {
    if (filter.from !== null) checkTime(filter.from);
    if (filter.to !== null) checkTime(filter.to);
    let after: readonly [string, string] | null = null;
    for (;;) {
      const position: readonly [string, string] | null = after;
      const rows: { key: string; occurred_at: string; details: unknown }[] = await this.#db
        .selectFrom('activities')
        .select(['key', 'occurred_at', 'details'])
        .where('kind', '=', 'meeting_attended')
        .$if(filter.from !== null, (query) => query.where('occurred_at', '>=', filter.from!))
        .$if(filter.to !== null, (query) => query.where('occurred_at', '<', filter.to!))
        .$if(position !== null, (query) =>
          query.where((eb) =>
            eb(eb.refTuple('occurred_at', 'key'), '>', eb.tuple(position![0], position![1])),
          ),
        )
        .orderBy('occurred_at')
        .orderBy('key')
        .limit(MEETING_CHUNK)
        .execute();
      if (rows.length === 0) return;
      yield rows.map((row) => {
        const details = this.#traits.readJson(row.details) as Record<string, unknown> | null;
        const series = details?.series;
        return { series: typeof series === 'string' ? series : null, occurredAt: row.occurred_at };
      });
      if (rows.length < MEETING_CHUNK) return;
      const last: { key: string; occurred_at: string } = rows[rows.length - 1]!;
      after = [last.occurred_at, last.key];
    }
  }
}

function checkTime(value: string): void {
  if (!isIsoSecondTime(value))
    throw new RangeError(`expected a time like 2024-05-01T12:00:00Z, got ${JSON.stringify(value)}`);
}

function toStored(row: {
  id: number;
  login: string;
  level: string;
  scope: string;
  since: string;
  until: string | null;
  decision: string | null;
  ended_by: string | null;
  previous_level: string | null;
}): StoredRoleAssignment {
  return {
    id: Number(row.id),
    login: row.login,
    level: row.level,
    scope: row.scope === '' ? null : row.scope,
    since: row.since,
    until: row.until,
    decision: row.decision,
    endedBy: row.ended_by,
    previousLevel: row.previous_level,
  };
}
