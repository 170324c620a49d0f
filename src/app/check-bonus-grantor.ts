import type { StoredRoleAssignment } from './ladder/role-store.ts';

/**
 * Why `login` may not grant bonus points at `at` (ISO), or null when it may. Only a person holding
 * a role of the ladder at that time (a recorded assignment of any level but emeritus, in any
 * scope, as `rungs roles grant` and `rungs roles import` record them) grants points, so a bonus
 * row cannot be written in anybody's name.
 */
export type BonusGrantorCheck = (login: string, at: string) => string | null;

/** Builds the check over every recorded role assignment (read once before an import). */
export function createBonusGrantorCheck(assignments: readonly StoredRoleAssignment[]): BonusGrantorCheck {
  const byLogin = new Map<string, StoredRoleAssignment[]>();
  for (const assignment of assignments) {
    if (assignment.level === 'emeritus') continue;
    const login = assignment.login.replace(/^@/, '').toLowerCase();
    const held = byLogin.get(login);
    if (held === undefined) byLogin.set(login, [assignment]);
    else held.push(assignment);
  }
  return (login, at) => {
    const held = byLogin.get(login.replace(/^@/, '').toLowerCase()) ?? [];
    const atMs = Date.parse(at);
    const holds = held.some(
      (assignment) =>
        Date.parse(assignment.since) <= atMs &&
        (assignment.until === null || atMs < Date.parse(assignment.until)),
    );
    if (holds) return null;
    return held.length === 0
      ? `${login} holds no role on record, so cannot grant points (record it with rungs roles grant or rungs roles import)`
      : `${login} held no role on ${at.slice(0, 10)}, so could not grant points then`;
  };
}
