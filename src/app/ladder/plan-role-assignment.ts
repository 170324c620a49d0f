import type { NewRoleAssignment, OverlapRule, StoredRoleAssignment } from './role-store.ts';

/** What a role store does to add an assignment, decided from the assignments of the same person, level and scope. */
export type RoleAssignmentPlan =
  | { readonly kind: 'insert' }
  | { readonly kind: 'unchanged'; readonly assignment: StoredRoleAssignment }
  | { readonly kind: 'covered'; readonly assignment: StoredRoleAssignment }
  | { readonly kind: 'refused'; readonly overlapped: readonly StoredRoleAssignment[] }
  | {
      readonly kind: 'merge';
      /** The assignment that stays (the oldest of those overlapped), with its new range. */
      readonly keep: StoredRoleAssignment;
      /** The other overlapped assignments, now part of `keep`. */
      readonly remove: readonly StoredRoleAssignment[];
      readonly overlapped: readonly StoredRoleAssignment[];
    };

/**
 * Decides how to add `assignment` beside `existing` (the stored assignments of the same person,
 * level and scope). The same range is unchanged. Ranges `[since, until)` overlap when each begins
 * before the other ends (null `until`: still held); touching ranges do not. An overlap is refused,
 * or merged into one assignment from the earliest start to the latest end, keeping the oldest
 * assignment's id and decision (the new one's when it has none) and the end's `endedBy`.
 */
export function planRoleAssignment(
  existing: readonly StoredRoleAssignment[],
  assignment: NewRoleAssignment,
  rule: OverlapRule,
): RoleAssignmentPlan {
  const until = assignment.until ?? null;
  const same = existing.find((stored) => stored.since === assignment.since && stored.until === until);
  if (same !== undefined) return { kind: 'unchanged', assignment: same };
  const range = { since: assignment.since, until };
  const overlapped = existing.filter((stored) => rangesOverlap(stored, range));
  if (overlapped.length === 0) return { kind: 'insert' };
  if (rule === 'refuse') return { kind: 'refused', overlapped };
  const covering = overlapped.find((stored) => rangeCovers(stored, range));
  if (covering !== undefined) return { kind: 'covered', assignment: covering };
  const ordered = [...overlapped].sort((a, b) => a.id - b.id);
  const first = ordered[0]!;
  const ranges: readonly Range[] = [range, ...overlapped];
  const since = ranges.map((r) => r.since).sort()[0]!;
  const mergedUntil = ranges.some((r) => r.until === null)
    ? null
    : ranges
        .map((r) => r.until!)
        .sort()
        .at(-1)!;
  const ender = mergedUntil === null ? undefined : overlapped.find((stored) => stored.until === mergedUntil);
  return {
    kind: 'merge',
    keep: {
      ...first,
      since,
      until: mergedUntil,
      endedBy: ender?.endedBy ?? null,
      decision: first.decision ?? assignment.decision,
    },
    remove: ordered.slice(1),
    overlapped,
  };
}

type Range = { readonly since: string; readonly until: string | null };

function rangesOverlap(a: Range, b: Range): boolean {
  return (a.until === null || b.since < a.until) && (b.until === null || a.since < b.until);
}

function rangeCovers(outer: Range, inner: Range): boolean {
  return (
    outer.since <= inner.since &&
    (outer.until === null || (inner.until !== null && inner.until <= outer.until))
  );
}
