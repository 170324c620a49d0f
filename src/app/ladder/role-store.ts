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

/**
 * What to do with a new assignment whose range overlaps a stored one of the same person, level and
 * scope (ranges that only touch, one ending where the other begins, do not overlap): `refuse` it
 * (an explicit grant), or `merge` them into one assignment (a roster import).
 */
export type OverlapRule = 'refuse' | 'merge';

/** What adding an assignment did. */
export type AddRoleResult =
  /** Stored as a new assignment. */
  | { readonly kind: 'added'; readonly assignment: StoredRoleAssignment }
  /** The same range was stored already: nothing changed. */
  | { readonly kind: 'unchanged'; readonly assignment: StoredRoleAssignment }
  /** (`merge`) The range lies inside a stored one, which stays as it was. */
  | { readonly kind: 'covered'; readonly assignment: StoredRoleAssignment }
  /**
   * (`merge`) The stored assignments it overlapped (`overlapped`, as they were) and the new range
   * became one assignment from the earliest start to the latest end.
   */
  | {
      readonly kind: 'merged';
      readonly assignment: StoredRoleAssignment;
      readonly overlapped: readonly StoredRoleAssignment[];
    }
  /** (`refuse`) Nothing was stored: the range overlaps these. */
  | { readonly kind: 'refused'; readonly overlapped: readonly StoredRoleAssignment[] };

/**
 * Where role assignments live. A person holds a level in a scope over ranges that never overlap:
 * adding the same range twice stores it once, and an overlapping one is refused or merged.
 */
export interface RoleStore {
  /** Every assignment, oldest first. */
  readRoleAssignments(): Promise<readonly StoredRoleAssignment[]>;
  /** Adds an assignment, in one transaction with the check for overlapping ones. */
  addRoleAssignment(assignment: NewRoleAssignment, overlap: OverlapRule): Promise<AddRoleResult>;
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
