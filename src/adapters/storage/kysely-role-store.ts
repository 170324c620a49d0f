import type { Generated, Kysely } from 'kysely';
import { planRoleAssignment } from '../../app/ladder/plan-role-assignment.ts';
import type {
  AddRoleResult,
  MeetingAttendance,
  MeetingReader,
  NewRoleAssignment,
  OverlapRule,
  RoleStore,
  StoredRoleAssignment,
} from '../../app/ladder/role-store.ts';
import { assertNever } from '../../core/assert-never.ts';
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
 * Adding an assignment stores the same range once and refuses or merges an overlapping one, so
 * importing a roster again changes nothing. Times must be `YYYY-MM-DDTHH:MM:SSZ` (a RangeError
 * otherwise).
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

  /**
   * Adds the assignment as {@link planRoleAssignment} decides from the stored ones of the same
   * login (any case), level and scope, read and written in one transaction.
   */
  async addRoleAssignment(assignment: NewRoleAssignment, overlap: OverlapRule): Promise<AddRoleResult> {
    checkTime(assignment.since);
    if (assignment.until != null) checkTime(assignment.until);
    const loginKey = assignment.login.toLowerCase();
    const scope = assignment.scope ?? '';
    return this.#db.transaction().execute(async (trx) => {
      const existing = (
        await trx
          .selectFrom('role_assignments')
          .selectAll()
          .where('login_key', '=', loginKey)
          .where('level', '=', assignment.level)
          .where('scope', '=', scope)
          .orderBy('since')
          .orderBy('id')
          .execute()
      ).map(toStored);
      const plan = planRoleAssignment(existing, assignment, overlap);
      switch (plan.kind) {
        case 'unchanged':
        case 'covered':
          return { kind: plan.kind, assignment: plan.assignment };
        case 'refused':
          return { kind: 'refused', overlapped: plan.overlapped };
        case 'insert': {
          const inserted = await trx
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
            .returningAll()
            .executeTakeFirstOrThrow();
          return { kind: 'added', assignment: toStored(inserted) };
        }
        case 'merge': {
          const { keep } = plan;
          // The others go first: the kept row may take the start one of them had (the natural key).
          if (plan.remove.length > 0) {
            await trx
              .deleteFrom('role_assignments')
              .where(
                'id',
                'in',
                plan.remove.map((removed) => removed.id),
              )
              .execute();
          }
          await trx
            .updateTable('role_assignments')
            .set({ since: keep.since, until: keep.until, ended_by: keep.endedBy, decision: keep.decision })
            .where('id', '=', keep.id)
            .execute();
          return { kind: 'merged', assignment: keep, overlapped: plan.overlapped };
        }
        default:
          return assertNever(plan, 'role assignment plan');
      }
    });
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
