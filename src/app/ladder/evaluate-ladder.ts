import { createLadderEngineFromIndex } from '../../core/ladder/create-ladder-engine.ts';
import type { CommunityEvaluation } from '../../core/ladder/evaluate-community.ts';
import { evaluateCommunity } from '../../core/ladder/evaluate-community.ts';
import type { PersonEvaluation } from '../../core/ladder/evaluate-person.ts';
import { evaluatePerson } from '../../core/ladder/evaluate-person.ts';
import {
  createLadderFactIndexBuilder,
  LADDER_DETAIL_KINDS,
  type LadderFactIndex,
} from '../../core/ladder/ladder-fact-index.ts';
import type { LadderPolicy } from '../../core/ladder/ladder-policy.ts';
import type { RoleAssignment } from '../../core/ladder/role-assignment.ts';
import type { ScoringRules } from '../../core/scoring/scoring-rules.ts';
import type { PersonSummary } from '../../core/scoring-fact.ts';
import type { ActivityColumnReader } from '../activity-column-reader.ts';
import { InputError } from '../input-error.ts';
import type { ActivityReader, GroupReader } from '../ports.ts';
import type { MeetingAttendance, MeetingReader, RoleStore, StoredRoleAssignment } from './role-store.ts';

/** What the ladder reads. */
export interface LadderStores {
  readonly activities: ActivityReader & ActivityColumnReader;
  readonly roles: RoleStore;
  readonly meetings: MeetingReader;
  /** The community's groups, for `groups` filters and group scopes. */
  readonly groups: GroupReader;
}

/** A ladder question: which policy, scored how, as of when (ISO). */
export interface LadderQuery {
  readonly policy: LadderPolicy;
  /** The scoring rules the policy names (or neutral rules when it names none). */
  readonly rules: ScoringRules;
  readonly asOf: string;
}

/** Role assignments resolved to people, with the people who hold a role but have no record yet. */
export interface ResolvedRoles {
  readonly assignments: readonly RoleAssignment[];
  /** Role holders not on record (no activity imported yet), under negative ids. */
  readonly unrecorded: ReadonlyMap<number, PersonSummary>;
  /** Former logins used in the roster, lower-cased, to their person. */
  readonly formerLogins: ReadonlyMap<string, number>;
}

const FACT_CHUNK = 10_000;

/**
 * One person's place on the ladder: levels held and standing, inactivity, every requirement of the
 * next levels with the evidence behind it. `login` may be current or former, any case; a login that
 * is neither on record nor in the roles is an {@link InputError}.
 */
export async function readPersonLadderStatus(
  stores: LadderStores,
  login: string,
  query: LadderQuery,
): Promise<PersonEvaluation> {
  return (await openPersonLadderReader(stores, query))(login);
}

/** Evaluates one person after another at the same moment (see {@link openPersonLadderReader}). */
export type PersonLadderReader = (login: string) => Promise<PersonEvaluation>;

/**
 * Reads many people's ladder status at one moment, as {@link readPersonLadderStatus} does for one,
 * reading what they all share (the roster, meeting attendance, groups, who holds each role) once:
 * per person only their own acts are read. A static export of a large community evaluates every
 * profile; read per person, the roster's logins would be looked up again for each of them.
 */
export async function openPersonLadderReader(
  stores: LadderStores,
  query: LadderQuery,
): Promise<PersonLadderReader> {
  const stored = await stores.roles.readRoleAssignments();
  const meetings = await readAll(stores.meetings.readMeetingAttendance({ from: null, to: query.asOf }));
  const groups = await stores.groups.readGroups();
  // Logins looked up once for every person evaluated (role holders, givers of grants).
  const found = new Map<string, Promise<PersonSummary | null>>();
  const lookup: LoginLookup = {
    findPersonByLogin(login) {
      const key = login.toLowerCase();
      let person = found.get(key);
      if (person === undefined) {
        person = stores.activities.findPersonByLogin(login);
        found.set(key, person);
      }
      return person;
    },
  };

  return async (login) => {
    const foundPerson = await lookup.findPersonByLogin(login);
    const people = new Map<number, PersonSummary>();
    let person: PersonSummary;
    if (foundPerson !== null) person = foundPerson;
    else if (stored.some((assignment) => assignment.login.toLowerCase() === login.trim().toLowerCase())) {
      person = { id: -1, login: login.trim(), name: null, githubId: null, isBot: false };
    } else {
      throw new InputError(`no person with the login "${login}" is on record or holds a role`);
    }
    people.set(person.id, person);

    const builder = createLadderFactIndexBuilder({
      people,
      rules: query.rules,
      policy: query.policy,
      keepFacts: true,
      meetings,
    });
    const givers = new Set<string>();
    if (person.id >= 0) {
      for await (const chunk of stores.activities.readScoringFacts(
        { personId: person.id, to: query.asOf },
        FACT_CHUNK,
      )) {
        for (const fact of chunk) {
          builder.add(fact);
          const grantedBy = fact.details.grantedBy;
          if ((fact.kind === 'attestation' || fact.kind === 'sponsorship') && typeof grantedBy === 'string') {
            givers.add(grantedBy.replace(/^@/, '').toLowerCase());
          }
        }
      }
    }
    const index = builder.finish();

    // Givers are resolved by login (they are few), so a former login still finds its person.
    const formerLogins = new Map<string, number>();
    for (const giver of givers) {
      const giverPerson = await lookup.findPersonByLogin(giver);
      if (giverPerson === null) continue;
      if (!people.has(giverPerson.id)) people.set(giverPerson.id, giverPerson);
      if (giverPerson.login.toLowerCase() !== giver) formerLogins.set(giver, giverPerson.id);
    }
    const roles = await resolveRoles(lookup, stored, people, person);
    const engine = createLadderEngineFromIndex(index, {
      policy: query.policy,
      people,
      roles: roles.assignments,
      formerLogins: new Map([...formerLogins, ...roles.formerLogins, ...unrecordedLogins(roles)]),
      groups,
    });
    return evaluatePerson(engine, person, query.asOf);
  };
}

/** Finds the person a login (current or former, any case) belongs to. */
type LoginLookup = Pick<ActivityReader, 'findPersonByLogin'>;

/**
 * Everyone's place on the ladder: who is eligible for which level, who is at risk, who is due an
 * inactivity notice, who may be reinstated. Reads every fact up to `asOf` once, in chunks, into the
 * core's index; nothing is queried per person.
 */
export async function readCommunityLadder(
  stores: LadderStores,
  query: LadderQuery,
  options: { readonly includeEvaluations?: boolean } = {},
): Promise<CommunityEvaluation> {
  const { index, people } = await buildCommunityIndex(stores, query);
  return evaluateOverIndex(stores, index, people, query, options);
}

/** Everyone on record by id, and the index of every act up to `query.asOf` (in columns, no object per act). */
export async function buildCommunityIndex(
  stores: LadderStores,
  query: LadderQuery,
  options: { readonly spare?: number } = {},
): Promise<{ readonly index: LadderFactIndex; readonly people: Map<number, PersonSummary> }> {
  const everyone = await stores.activities.readPeople();
  const people = new Map(everyone.map((person) => [person.id, person] as const));
  const builder = createLadderFactIndexBuilder({
    people,
    rules: query.rules,
    policy: query.policy,
    spare: options.spare,
  });
  // Columns, not fact objects: millions of acts, and no object made for any of them.
  for await (const batch of stores.activities.readActivityColumns(
    { to: query.asOf },
    { detailKinds: LADDER_DETAIL_KINDS, chunkSize: FACT_CHUNK },
  )) {
    builder.addColumns(batch);
  }
  return { index: builder.finish(), people };
}

/**
 * Evaluates everyone over an index of every act: reads the roles (resolving their logins, which
 * may add people found by a former login to `people`) and the groups.
 */
export async function evaluateOverIndex(
  stores: LadderStores,
  index: LadderFactIndex,
  people: Map<number, PersonSummary>,
  query: LadderQuery,
  options: { readonly includeEvaluations?: boolean } = {},
): Promise<CommunityEvaluation> {
  const roles = await resolveRoles(stores.activities, await stores.roles.readRoleAssignments(), people, null);
  const engine = createLadderEngineFromIndex(index, {
    policy: query.policy,
    people,
    roles: roles.assignments,
    formerLogins: new Map([...roles.formerLogins, ...unrecordedLogins(roles)]),
    groups: await stores.groups.readGroups(),
  });
  return evaluateCommunity(engine, query.asOf, {
    includeEvaluations: options.includeEvaluations,
    extraPeople: roles.unrecorded,
  });
}

/** How many people hold each level of the policy at `asOf` (from the roles alone), and emeritus. */
export async function readLevelHolders(
  roles: RoleStore,
  policy: LadderPolicy,
  asOf: string,
): Promise<Readonly<Record<string, number>>> {
  const holders: Record<string, Set<string>> = {};
  for (const level of policy.levels) holders[level.id] = new Set();
  holders.emeritus = new Set();
  for (const assignment of await roles.readRoleAssignments()) {
    if (assignment.since > asOf || (assignment.until !== null && assignment.until <= asOf)) continue;
    holders[assignment.level]?.add(assignment.login.toLowerCase());
  }
  return Object.fromEntries(Object.entries(holders).map(([level, logins]) => [level, logins.size]));
}

/**
 * Maps stored assignments (by login) to people: by current login among `people`, else by a login
 * on record, current or former (the person is added to `people`), else as an unrecorded person with
 * a negative id, so their levels still count (as sponsors, voters, holders). `subject` is the person
 * being evaluated, who may themselves be unrecorded (id -1).
 */
export async function resolveRoles(
  activities: LoginLookup,
  stored: readonly StoredRoleAssignment[],
  people: Map<number, PersonSummary>,
  subject: PersonSummary | null,
): Promise<ResolvedRoles> {
  const byLogin = new Map<string, number>();
  for (const person of people.values()) byLogin.set(person.login.toLowerCase(), person.id);
  if (subject !== null) byLogin.set(subject.login.toLowerCase(), subject.id);
  const unrecorded = new Map<number, PersonSummary>();
  const formerLogins = new Map<string, number>();
  let nextUnrecorded = subject !== null && subject.id < 0 ? -2 : -1;
  const assignments: RoleAssignment[] = [];
  for (const assignment of stored) {
    const key = assignment.login.toLowerCase();
    let personId = byLogin.get(key);
    if (personId === undefined) {
      const found = await activities.findPersonByLogin(assignment.login);
      if (found !== null) {
        personId = found.id;
        if (!people.has(found.id)) people.set(found.id, found);
        if (found.login.toLowerCase() !== key) formerLogins.set(key, found.id);
      } else {
        personId = nextUnrecorded--;
        unrecorded.set(personId, {
          id: personId,
          login: assignment.login,
          name: null,
          githubId: null,
          isBot: false,
        });
      }
      byLogin.set(key, personId);
    }
    assignments.push({
      id: assignment.id,
      personId,
      level: assignment.level,
      scope: assignment.scope,
      since: assignment.since,
      until: assignment.until,
      decision: assignment.decision,
      previousLevel: assignment.previousLevel,
    });
  }
  return { assignments, unrecorded, formerLogins };
}

/**
 * The logins of role holders with no record yet, to their ids: a maintainer whose activity is not
 * imported still sponsors, votes and attests (and is counted in the electorate), so the engine must
 * find them as givers by login.
 */
function unrecordedLogins(roles: ResolvedRoles): [string, number][] {
  return [...roles.unrecorded.values()].map((person) => [
    person.login.replace(/^@/, '').toLowerCase(),
    person.id,
  ]);
}

async function readAll(chunks: AsyncIterable<readonly MeetingAttendance[]>): Promise<MeetingAttendance[]> {
  const all: MeetingAttendance[] = [];
  for await (const chunk of chunks) for (const record of chunk) all.push(record);
  return all;
}
