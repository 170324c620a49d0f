import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';
import { EMERITUS_LEVEL, findLevel } from '../../core/ladder/ladder-policy.ts';
import type { RosterEntry } from '../../core/ladder/parse-roster.ts';
import { InputError } from '../input-error.ts';
import type { ActivityReader } from '../ports.ts';
import type { RoleStore, StoredRoleAssignment } from './role-store.ts';

/** A grant asked for: `login` gets `level` (in `scope` for a scoped level) from `since` (ISO). */
export interface GrantRequest {
  readonly login: string;
  readonly level: string;
  readonly scope: string | null;
  readonly since: string;
  readonly decision: string | null;
}

/** What a grant did. */
export interface GrantResult {
  readonly assignment: StoredRoleAssignment;
  readonly added: boolean;
  /** False when nobody with this login is on record yet (the role will match once their activity is imported). */
  readonly onRecord: boolean;
  /** Emeritus assignments the grant ended (a reinstatement). */
  readonly endedEmeritus: readonly StoredRoleAssignment[];
}

/**
 * Grants a level. The level must be the policy's, with a scope exactly when the level is scoped.
 * Granting to an emeritus person ends their emeritus assignment (reinstatement). Granting what the
 * person already holds from the same moment is a no-op.
 */
export async function grantRole(
  stores: { readonly roles: RoleStore; readonly activities: ActivityReader },
  policy: LadderPolicy,
  request: GrantRequest,
): Promise<GrantResult> {
  const level = findLevel(policy, request.level);
  if (level === undefined) {
    throw new InputError(
      `no level "${request.level}" in ${policy.name}; levels: ${policy.levels.map((l) => l.id).join(', ')}`,
    );
  }
  if (level.scoped && request.scope === null) {
    throw new InputError(
      `${level.title} is held in a scope: give --scope (a repository, directory or group)`,
    );
  }
  if (!level.scoped && request.scope !== null)
    throw new InputError(`${level.title} is held for the whole community, not in a scope`);
  const person = await stores.activities.findPersonByLogin(request.login);
  const login = person?.login ?? request.login.replace(/^@/, '');
  const aliases = new Set([login.toLowerCase(), request.login.replace(/^@/, '').toLowerCase()]);
  const stored = await stores.roles.readRoleAssignments();
  const endedEmeritus: StoredRoleAssignment[] = [];
  for (const assignment of stored) {
    if (!aliases.has(assignment.login.toLowerCase()) || assignment.level !== EMERITUS_LEVEL) continue;
    if (!isActive(assignment, request.since)) continue;
    await stores.roles.endRoleAssignment(assignment.id, request.since, request.decision);
    endedEmeritus.push(assignment);
  }
  const { added, assignment } = await stores.roles.addRoleAssignment({
    login,
    level: level.id,
    scope: request.scope,
    since: request.since,
    decision: request.decision,
    previousLevel: null,
  });
  return { assignment, added, onRecord: person !== null, endedEmeritus };
}

/** A revocation asked for: end `login`'s `level` (in `scope`) at `at`, optionally moving them to emeritus. */
export interface RevokeRequest {
  readonly login: string;
  readonly level: string;
  readonly scope: string | null;
  readonly at: string;
  readonly decision: string | null;
  /** Record the person as emeritus, remembering the level for reinstatement. */
  readonly emeritus: boolean;
}

/** Ends an active assignment; with `emeritus`, adds the emeritus assignment. Nothing active is an {@link InputError}. */
export async function revokeRole(
  stores: { readonly roles: RoleStore; readonly activities: ActivityReader },
  request: RevokeRequest,
): Promise<{ readonly ended: StoredRoleAssignment; readonly emeritus: StoredRoleAssignment | null }> {
  const person = await stores.activities.findPersonByLogin(request.login);
  const aliases = new Set([
    request.login.replace(/^@/, '').toLowerCase(),
    ...(person === null ? [] : [person.login.toLowerCase()]),
  ]);
  const active = (await stores.roles.readRoleAssignments()).filter(
    (assignment) =>
      aliases.has(assignment.login.toLowerCase()) &&
      assignment.level === request.level &&
      (request.scope === null || assignment.scope === request.scope) &&
      isActive(assignment, request.at),
  );
  if (active.length === 0) {
    const scope = request.scope === null ? '' : ` in ${request.scope}`;
    throw new InputError(`${request.login} does not hold ${request.level}${scope} at ${request.at}`);
  }
  if (active.length > 1) {
    throw new InputError(
      `${request.login} holds ${request.level} in ${active.map((a) => a.scope ?? 'no scope').join(', ')}: give --scope`,
    );
  }
  const ended = active[0]!;
  await stores.roles.endRoleAssignment(ended.id, request.at, request.decision);
  if (!request.emeritus) return { ended, emeritus: null };
  const { assignment } = await stores.roles.addRoleAssignment({
    login: ended.login,
    level: EMERITUS_LEVEL,
    scope: ended.scope,
    since: request.at,
    decision: request.decision,
    previousLevel: ended.level,
  });
  return { ended, emeritus: assignment };
}

/** The assignments in force at `asOf` (ISO), or every one ever made with `all`; ordered by since. */
export async function listRoles(
  roles: RoleStore,
  options: { readonly asOf: string; readonly all: boolean },
): Promise<readonly StoredRoleAssignment[]> {
  const stored = await roles.readRoleAssignments();
  return options.all ? stored : stored.filter((assignment) => isActive(assignment, options.asOf));
}

/** Adds every roster entry (idempotent: entries already stored are counted as unchanged). */
export async function importRoster(
  roles: RoleStore,
  entries: readonly RosterEntry[],
): Promise<{ readonly added: number; readonly unchanged: number }> {
  let added = 0;
  for (const entry of entries) {
    const result = await roles.addRoleAssignment({
      login: entry.login,
      level: entry.level,
      scope: entry.scope,
      since: entry.since,
      until: entry.until,
      decision: entry.decision,
      previousLevel: entry.previousLevel,
    });
    if (result.added) added++;
  }
  return { added, unchanged: entries.length - added };
}

function isActive(assignment: StoredRoleAssignment, at: string): boolean {
  return assignment.since <= at && (assignment.until === null || at < assignment.until);
}
