import type { PersonSummary } from '../scoring-fact.ts';
import type {
  Eligibility,
  HeldLevelEvaluation,
  InactivityState,
  PersonEvaluation,
  Standing,
} from './evaluate-person.ts';
import { evaluatePerson } from './evaluate-person.ts';
import type { LadderEngine } from './evaluate-requirement.ts';
import { isoTimeToMs } from './iso-time-ms.ts';
import { EMERITUS_LEVEL } from './ladder-policy.ts';
import type { RequirementTrace } from './requirement-trace.ts';
import { collectLeafTraces } from './requirement-trace.ts';

/** Someone who may move to a level now, or once people confirm what only they can. */
export interface EligibleEntry {
  readonly personId: number;
  readonly login: string;
  readonly level: string;
  readonly title: string;
  readonly scope: string | null;
  readonly eligibility: Exclude<Eligibility, 'not_eligible'>;
  /** The requirements waiting for a person's confirmation (paths), empty when eligible. */
  readonly awaiting: readonly string[];
  readonly trace: RequirementTrace;
}

/** Someone not in good standing at a level they hold, or whose term at it ended. */
export interface StandingEntry {
  readonly personId: number;
  readonly login: string;
  readonly level: string;
  readonly title: string;
  readonly scope: string | null;
  readonly standing: Exclude<Standing, { readonly kind: 'good' }>;
}

/** Someone due an inactivity notice, or past its grace period. */
export interface InactivityEntry {
  readonly personId: number;
  readonly login: string;
  readonly levels: readonly string[];
  readonly inactivity: InactivityState;
}

/** What the ladder says about everyone at one moment. */
export interface CommunityEvaluation {
  readonly asOf: string;
  /** People evaluated: everyone with acts or a role (bots and deny-listed people left out). */
  readonly people: number;
  /** How many people hold each level now (in any scope), and how many are emeritus. */
  readonly holders: Readonly<Record<string, number>>;
  /** Sorted by level rank (highest first), then login. */
  readonly eligible: readonly EligibleEntry[];
  readonly standing: readonly StandingEntry[];
  readonly inactivity: readonly InactivityEntry[];
  /** Emeritus people whose reinstatement requirements are met or await only confirmation. */
  readonly reinstatable: readonly EligibleEntry[];
  /** For each status, the logins holding it (sorted). */
  readonly statuses: Readonly<Record<string, readonly string[]>>;
  /** Every person's full evaluation, when asked for. */
  readonly evaluations: readonly PersonEvaluation[] | null;
}

/** Options of {@link evaluateCommunity}. */
export interface CommunityOptions {
  /** Keep every person's full evaluation in the result (memory grows with the community). */
  readonly includeEvaluations?: boolean;
  /** People who hold a role but are not in the engine's people (no record yet), by id. */
  readonly extraPeople?: ReadonlyMap<number, PersonSummary>;
}

/**
 * Evaluates everyone with acts or a role at `asOf` and gathers who is eligible for which level,
 * who is at risk or due an emeritus offer, whose term ended, who is due an inactivity notice, who
 * may be reinstated, and who holds each status. One call of `evaluatePerson` per person over the
 * engine's index: no per-person queries.
 */
export function evaluateCommunity(
  engine: LadderEngine,
  asOf: string,
  options: CommunityOptions = {},
): CommunityEvaluation {
  const at = isoTimeToMs(asOf);
  const policy = engine.policy;
  const ids = new Set<number>();
  for (const id of engine.index.slotOf.keys()) ids.add(id);
  for (const id of engine.roles.personIds) {
    if (!engine.index.excludedPeople.has(id)) ids.add(id);
  }
  const rank = new Map(policy.levels.map((level) => [level.id, level.rank] as const));
  const holders: Record<string, number> = {};
  for (const level of policy.levels) holders[level.id] = 0;
  holders[EMERITUS_LEVEL] = 0;
  const statuses: Record<string, string[]> = {};
  for (const status of policy.statuses) statuses[status.id] = [];

  const eligible: EligibleEntry[] = [];
  const standing: StandingEntry[] = [];
  const inactivity: InactivityEntry[] = [];
  const reinstatable: EligibleEntry[] = [];
  const evaluations: PersonEvaluation[] | null = options.includeEvaluations ? [] : null;

  for (const id of ids) {
    const person = engine.people.get(id) ?? options.extraPeople?.get(id);
    if (person === undefined) continue;
    const evaluation = evaluatePerson(engine, person, asOf);
    evaluations?.push(evaluation);
    const heldLevels = new Set<string>();
    for (const assignment of engine.roles.activeAt(id, at)) heldLevels.add(assignment.level);
    for (const level of heldLevels) if (holders[level] !== undefined) holders[level]! += 1;

    for (const candidate of evaluation.next) {
      if (candidate.eligibility === 'not_eligible') continue;
      eligible.push({
        personId: id,
        login: person.login,
        level: candidate.level,
        title: candidate.title,
        scope: candidate.scope,
        eligibility: candidate.eligibility,
        awaiting: collectLeafTraces(candidate.trace, 'needs_confirmation').map(
          (trace) => trace.requirement.path,
        ),
        trace: candidate.trace,
      });
    }
    const held: HeldLevelEvaluation[] = [
      ...(evaluation.level === null ? [] : [evaluation.level]),
      ...evaluation.scopedLevels,
    ];
    for (const level of held) {
      if (level.standing.kind === 'good') continue;
      standing.push({
        personId: id,
        login: person.login,
        level: level.level,
        title: level.title,
        scope: level.scope,
        standing: level.standing,
      });
    }
    if (evaluation.inactivity !== null && evaluation.inactivity.kind !== 'active') {
      inactivity.push({
        personId: id,
        login: person.login,
        levels: held.map((level) => level.level),
        inactivity: evaluation.inactivity,
      });
    }
    const reinstatement = evaluation.emeritus?.reinstatement;
    if (
      reinstatement !== undefined &&
      reinstatement !== null &&
      reinstatement.eligibility !== 'not_eligible'
    ) {
      reinstatable.push({
        personId: id,
        login: person.login,
        level: reinstatement.level,
        title: reinstatement.title,
        scope: reinstatement.scope,
        eligibility: reinstatement.eligibility,
        awaiting: collectLeafTraces(reinstatement.trace, 'needs_confirmation').map(
          (trace) => trace.requirement.path,
        ),
        trace: reinstatement.trace,
      });
    }
    for (const status of evaluation.statuses)
      if (status.status === 'met') statuses[status.id]!.push(person.login);
  }

  const loginKeys = new Map<string, string>();
  const loginKey = (login: string): string => {
    let key = loginKeys.get(login);
    if (key === undefined) {
      key = login.toLowerCase();
      loginKeys.set(login, key);
    }
    return key;
  };
  const byLogin = (a: { login: string }, b: { login: string }): number =>
    compareText(loginKey(a.login), loginKey(b.login));
  const byRankThenLogin = (
    a: { level: string; login: string },
    b: { level: string; login: string },
  ): number => (rank.get(b.level) ?? -1) - (rank.get(a.level) ?? -1) || byLogin(a, b);
  for (const list of Object.values(statuses)) list.sort((a, b) => compareText(loginKey(a), loginKey(b)));
  return {
    asOf,
    people: evaluations?.length ?? countEvaluated(ids, engine, options),
    holders,
    eligible: eligible.sort(
      (a, b) =>
        byRankThenLogin(a, b) ||
        (a.eligibility === b.eligibility ? 0 : a.eligibility === 'eligible' ? -1 : 1),
    ),
    standing: standing.sort(byRankThenLogin),
    inactivity: inactivity.sort(byLogin),
    reinstatable: reinstatable.sort(byRankThenLogin),
    statuses,
    evaluations,
  };
}

function countEvaluated(ids: ReadonlySet<number>, engine: LadderEngine, options: CommunityOptions): number {
  let count = 0;
  for (const id of ids) if (engine.people.has(id) || options.extraPeople?.has(id)) count++;
  return count;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
