import { assertNever } from '../../core/assert-never.ts';
import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';
import { EMERITUS_LEVEL, findLevel } from '../../core/ladder/ladder-policy.ts';
import type { RosterEntry } from '../../core/ladder/parse-roster.ts';
import { InputError } from '../input-error.ts';
import type { ActivityReader } from '../ports.ts';
import { OverlappingGrantError } from './overlapping-grant-error.ts';
import { planRoleAssignment } from './plan-role-assignment.ts';
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
  const wanted = {
    login,
    level: level.id,
    scope: request.scope,
    since: request.since,
    decision: request.decision,
    previousLevel: null,
  };
  // Refused before anything is written, so a refused reinstatement leaves the emeritus record alone.
  const sameHolding = stored.filter(
    (assignment) =>
      assignment.login.toLowerCase() === login.toLowerCase() &&
      assignment.level === level.id &&
      assignment.scope === request.scope,
  );
  const planned = planRoleAssignment(sameHolding, wanted, 'refuse');
  if (planned.kind === 'refused') throw overlappingGrant(login, level.title, request, planned.overlapped);
  const endedEmeritus: StoredRoleAssignment[] = [];
  for (const assignment of stored) {
    if (!aliases.has(assignment.login.toLowerCase()) || assignment.level !== EMERITUS_LEVEL) continue;
    if (!isActive(assignment, request.since)) continue;
    await stores.roles.endRoleAssignment(assignment.id, request.since, request.decision);
    endedEmeritus.push(assignment);
  }
  const result = await stores.roles.addRoleAssignment(wanted, 'refuse');
  if (result.kind !== 'added' && result.kind !== 'unchanged') {
    // Another writer stored an overlapping one since the check above.
    throw overlappingGrant(
      login,
      level.title,
      request,
      result.kind === 'refused' ? result.overlapped : [result.assignment],
    );
  }
  return {
    assignment: result.assignment,
    added: result.kind === 'added',
    onRecord: person !== null,
    endedEmeritus,
  };
}

function overlappingGrant(
  login: string,
  title: string,
  request: GrantRequest,
  overlapped: readonly StoredRoleAssignment[],
): OverlappingGrantError {
  const scope = request.scope === null ? '' : ` in ${request.scope}`;
  return new OverlappingGrantError(
    `${overlapped[0]?.login ?? login} already holds ${title}${scope} ${overlapped.map(describeRange).join(' and ')}; a grant from ${request.since.slice(0, 10)} would overlap it, so nothing was stored (end it first with rungs roles revoke, or grant it from when it ends)`,
    overlapped,
  );
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
  // Emeritus already recorded over this time is kept as it was, with the level it remembers.
  const result = await stores.roles.addRoleAssignment(
    {
      login: ended.login,
      level: EMERITUS_LEVEL,
      scope: ended.scope,
      since: request.at,
      decision: request.decision,
      previousLevel: ended.level,
    },
    'merge',
  );
  return { ended, emeritus: result.kind === 'refused' ? null : result.assignment };
}

/** The assignments in force at `asOf` (ISO), or every one ever made with `all`; ordered by since. */
export async function listRoles(
  roles: RoleStore,
  options: { readonly asOf: string; readonly all: boolean },
): Promise<readonly StoredRoleAssignment[]> {
  const stored = await roles.readRoleAssignments();
  return options.all ? stored : stored.filter((assignment) => isActive(assignment, options.asOf));
}

/** A roster entry that overlapped an assignment of the same person, level and scope. */
export interface RosterOverlap {
  /** The entry's place in the roster (0-based), for `roles[3]`. */
  readonly index: number;
  readonly entry: RosterEntry;
  /** `merged`: the ranges became one assignment; `covered`: a stored one already spans the entry. */
  readonly kind: 'merged' | 'covered';
  /** The assignment that holds the entry now. */
  readonly assignment: StoredRoleAssignment;
  /** What it overlapped, as it was before. */
  readonly overlapped: readonly StoredRoleAssignment[];
}

/** What a roster import did. */
export interface RosterImportSummary {
  readonly added: number;
  /** Entries stored as they are already (importing a roster again changes nothing). */
  readonly unchanged: number;
  /** Entries that overlapped another holding of the same level and scope: merged, or already covered. */
  readonly overlaps: readonly RosterOverlap[];
}

/**
 * Adds every roster entry. An entry overlapping an assignment of the same person, level and scope
 * (another entry, or one stored before) is merged with it into one assignment, and listed in
 * `overlaps` for a warning; importing the same roster again adds nothing.
 */
export async function importRoster(
  roles: RoleStore,
  entries: readonly RosterEntry[],
): Promise<RosterImportSummary> {
  let added = 0;
  let unchanged = 0;
  const overlaps: RosterOverlap[] = [];
  for (const [index, entry] of entries.entries()) {
    const result = await roles.addRoleAssignment(
      {
        login: entry.login,
        level: entry.level,
        scope: entry.scope,
        since: entry.since,
        until: entry.until,
        decision: entry.decision,
        previousLevel: entry.previousLevel,
      },
      'merge',
    );
    switch (result.kind) {
      case 'added':
        added++;
        break;
      case 'unchanged':
        unchanged++;
        break;
      case 'covered':
        overlaps.push({
          index,
          entry,
          kind: 'covered',
          assignment: result.assignment,
          overlapped: [result.assignment],
        });
        break;
      case 'merged':
        overlaps.push({
          index,
          entry,
          kind: 'merged',
          assignment: result.assignment,
          overlapped: result.overlapped,
        });
        break;
      case 'refused':
        throw new Error('a merging import was refused');
      default:
        return assertNever(result, 'role assignment result');
    }
  }
  return { added, unchanged, overlaps };
}

/** `since 2025-01-01` or `from 2024-01-01 until 2024-12-31` (the last day held). */
export function describeRange(assignment: { readonly since: string; readonly until: string | null }): string {
  if (assignment.until === null) return `since ${assignment.since.slice(0, 10)}`;
  const lastDay = new Date(Date.parse(assignment.until) - 1000).toISOString().slice(0, 10);
  return `from ${assignment.since.slice(0, 10)} until ${lastDay}`;
}

function isActive(assignment: StoredRoleAssignment, at: string): boolean {
  return assignment.since <= at && (assignment.until === null || at < assignment.until);
}
