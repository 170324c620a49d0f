/**
 * The records the ladder reads and writes besides activities: role assignments, and which
 * meetings were held. Ports owned by the ladder use cases; adapters implement them.
 */

/** A role assignment as stored: the person is named by login and resolved when evaluating. */
export interface StoredRoleAssignment {
  readonly id: number;
  /** The login as written when granted or imported. */
  readonly login: string;
  /** A level id of the policy, or `emeritus`. */
  readonly level: string;
  readonly scope: string | null;
  /** ISO UTC instant. */
  readonly since: string;
  /** ISO UTC instant (exclusive), or null while it lasts. */
  readonly until: string | null;
  /** The decision that made it (a link, an issue, a vote). */
  readonly decision: string | null;
  /** The decision that ended it. */
  readonly endedBy: string | null;
  /** For emeritus: the level held before. */
  readonly previousLevel: string | null;
}

/** A role assignment to add. */
export interface NewRoleAssignment {
  readonly login: string;
  readonly level: string;
  readonly scope: string | null;
  readonly since: string;
  readonly until?: string | null;
  readonly decision: string | null;
  readonly previousLevel: string | null;
}

/** Where role assignments live. Adding the same (login, level, scope, since) twice stores it once. */
export interface RoleStore {
  /** Every assignment, oldest first. */
  readRoleAssignments(): Promise<readonly StoredRoleAssignment[]>;
  /** Adds an assignment; `added` is false (and the stored one returned) when it was already there. */
  addRoleAssignment(
    assignment: NewRoleAssignment,
  ): Promise<{ readonly added: boolean; readonly assignment: StoredRoleAssignment }>;
  /** Ends an assignment at `until` (ISO), recording the decision that ended it. */
  endRoleAssignment(id: number, until: string, endedBy: string | null): Promise<void>;
}

/** One recorded attendance of a meeting: enough to know which meetings were held. */
export interface MeetingAttendance {
  readonly series: string | null;
  readonly occurredAt: string;
}

/** Reads everyone's meeting attendance, so one person's attendance ratio knows which meetings were held. */
export interface MeetingReader {
  /** Attendance records in `[from, to)` (ISO; open ends when null), in chunks. */
  readMeetingAttendance(filter: {
    readonly from: string | null;
    readonly to: string | null;
  }): AsyncIterable<readonly MeetingAttendance[]>;
}
