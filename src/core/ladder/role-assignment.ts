import { isoTimeToMs } from './iso-time-ms.ts';
import { EMERITUS_LEVEL } from './ladder-policy.ts';

/**
 * Who holds which level, in which scope, since when and by which decision. Emeritus is an
 * assignment to the reserved level `emeritus` that remembers the level held before.
 */
export interface RoleAssignment {
  readonly id: number;
  readonly personId: number;
  /** A level id of the policy, or `emeritus`. */
  readonly level: string;
  /** A repository (`owner/name`), a directory (`owner/name/path`) or a group; null for the whole community. */
  readonly scope: string | null;
  /** ISO UTC instant the assignment began. */
  readonly since: string;
  /** ISO UTC instant it ended (exclusive), or null while it lasts. */
  readonly until: string | null;
  /** The decision that made it: a link, an issue, a vote. */
  readonly decision: string | null;
  /** For emeritus: the level held before, which reinstatement returns to. */
  readonly previousLevel: string | null;
}

/** An assignment with its times as milliseconds, for repeated checks. */
export interface TimedAssignment extends RoleAssignment {
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** Answers "who held what, when" over a set of assignments. Build once per evaluation. */
export interface RoleBook {
  /** Every assignment of a person, oldest first. */
  assignmentsOf(personId: number): readonly TimedAssignment[];
  /** The assignments of a person in force at `at` (ms). */
  activeAt(personId: number, at: number): TimedAssignment[];
  /** True when the person held one of `levels` (in any scope) at `at`. */
  holdsAnyAt(personId: number, levels: readonly string[], at: number): boolean;
  /** True when the person held one of `levels` at `at` in an assignment whose scope `accepts`. */
  holdsAnyWhereAt(
    personId: number,
    levels: readonly string[],
    at: number,
    accepts: (scope: string | null) => boolean,
  ): boolean;
  /** How many distinct people held one of `levels` at `at`. */
  countHoldersAt(levels: readonly string[], at: number): number;
  /** Every person with at least one assignment. */
  readonly personIds: readonly number[];
}

/** Indexes assignments by person. Assignments to unknown levels are kept (a renamed level still shows). */
export function createRoleBook(assignments: readonly RoleAssignment[]): RoleBook {
  const byPerson = new Map<number, TimedAssignment[]>();
  for (const assignment of assignments) {
    const timed: TimedAssignment = {
      ...assignment,
      sinceMs: isoTimeToMs(assignment.since),
      untilMs: assignment.until === null ? Number.POSITIVE_INFINITY : isoTimeToMs(assignment.until),
    };
    let list = byPerson.get(assignment.personId);
    if (list === undefined) {
      list = [];
      byPerson.set(assignment.personId, list);
    }
    list.push(timed);
  }
  for (const list of byPerson.values()) list.sort((a, b) => a.sinceMs - b.sinceMs || a.id - b.id);
  const none: readonly TimedAssignment[] = [];
  const isActive = (assignment: TimedAssignment, at: number): boolean =>
    assignment.sinceMs <= at && at < assignment.untilMs;
  return {
    personIds: [...byPerson.keys()],
    assignmentsOf: (personId) => byPerson.get(personId) ?? none,
    activeAt(personId, at) {
      const list = byPerson.get(personId);
      const active: TimedAssignment[] = [];
      if (list === undefined) return active;
      for (const assignment of list) if (isActive(assignment, at)) active.push(assignment);
      return active;
    },
    holdsAnyAt(personId, levels, at) {
      for (const assignment of byPerson.get(personId) ?? none) {
        if (isActive(assignment, at) && levels.includes(assignment.level)) return true;
      }
      return false;
    },
    holdsAnyWhereAt(personId, levels, at, accepts) {
      for (const assignment of byPerson.get(personId) ?? none) {
        if (isActive(assignment, at) && levels.includes(assignment.level) && accepts(assignment.scope))
          return true;
      }
      return false;
    },
    countHoldersAt(levels, at) {
      let holders = 0;
      for (const list of byPerson.values()) {
        if (list.some((assignment) => isActive(assignment, at) && levels.includes(assignment.level)))
          holders++;
      }
      return holders;
    },
  };
}

/** True for an emeritus assignment. */
export function isEmeritusAssignment(assignment: RoleAssignment): boolean {
  return assignment.level === EMERITUS_LEVEL;
}
