import { ACTIVITY_KINDS } from '../activity.ts';
import { isBotAccount } from '../people/is-bot-account.ts';
import { ACTIVITY_KIND_INDEX } from '../scoring/kind-counts.ts';
import type { PersonSummary } from '../scoring-fact.ts';
import type { Span } from './cycle-span.ts';
import { cycleContaining, previousCycle } from './cycle-span.ts';
import { addDuration } from './duration.ts';
import type { LadderEngine, Situation, TermSpan } from './evaluate-requirement.ts';
import { evaluateRequirement, isoTimeOf } from './evaluate-requirement.ts';
import { isoTimeToMs, msToIsoTime } from './iso-time-ms.ts';
import { kindOf, lowerBound, RECORD, timeAt } from './ladder-fact-index.ts';
import type { LevelPolicy } from './ladder-policy.ts';
import { EMERITUS_LEVEL, findLevel } from './ladder-policy.ts';
import type { RequirementStatus, RequirementTrace } from './requirement-trace.ts';
import type { TimedAssignment } from './role-assignment.ts';

/** Whether a person may move to a level: every requirement met, only confirmations left, or not yet. */
export type Eligibility = 'eligible' | 'needs_confirmation' | 'not_eligible';

/** A level a person could move to next (or return to), judged. */
export interface CandidateEvaluation {
  readonly level: string;
  readonly title: string;
  readonly scope: string | null;
  readonly eligibility: Eligibility;
  readonly trace: RequirementTrace;
}

/** A cycle, as ISO instants (`to` exclusive). */
export interface CycleWindow {
  readonly from: string;
  readonly to: string;
}

/**
 * How a person stands at a level they hold, judged on the level's stay requirements at the end of
 * each cycle: `good`; `at_risk` after missed cycles (meet them by `deadline`); `emeritus_offer`
 * after the policy's number of consecutive missed cycles; `term_ended` for a level with a term that
 * is over, with whether its requirements were met. `missedCycles` counts the whole run of
 * consecutive missed cycles up to the last completed one, however long. A notice carries one
 * deadline: the end of the current cycle, unless the inactivity rule's notice is due, whose grace
 * period the policy defines; then `deadline` is the end of that grace period (the inactivity state's
 * `graceEndsAt`), never a second date that disagrees with it.
 */
export type Standing =
  | { readonly kind: 'good'; readonly checkedCycles: number }
  | {
      readonly kind: 'at_risk';
      readonly missedCycles: number;
      readonly lastCycle: CycleWindow;
      readonly missed: RequirementTrace;
      readonly deadline: string;
    }
  | {
      readonly kind: 'emeritus_offer';
      readonly missedCycles: number;
      readonly lastCycle: CycleWindow;
      readonly missed: RequirementTrace;
    }
  | {
      readonly kind: 'term_ended';
      readonly termEnded: string;
      readonly completed: boolean;
      readonly trace: RequirementTrace;
    };

/** A level a person holds, with their standing in it. */
export interface HeldLevelEvaluation {
  readonly level: string;
  readonly title: string;
  readonly scope: string | null;
  readonly since: string;
  readonly decision: string | null;
  readonly term: CycleWindow | null;
  readonly standing: Standing;
  /** Progress on the stay requirements in the cycle under way; null when nothing is asked. */
  readonly currentCycle: { readonly cycle: CycleWindow; readonly trace: RequirementTrace } | null;
}

/**
 * Where a person stands on the policy's inactivity rule: `active`, `notice_due` (no contributions
 * for the policy's period: notify them; emeritus after the grace period), or `emeritus_due` (the grace
 * period is over). Measured from the last contribution, or from when the person got their level if
 * that is later; the grace period counts from the day the notice became due.
 */
export interface InactivityState {
  readonly kind: 'active' | 'notice_due' | 'emeritus_due';
  readonly lastContributionAt: string | null;
  readonly noticeDueAt: string;
  readonly graceEndsAt: string;
}

/** An emeritus person: the level held before, and what reinstatement asks. */
export interface EmeritusPosition {
  readonly previousLevel: string | null;
  readonly scope: string | null;
  readonly since: string;
  readonly reinstatement: CandidateEvaluation | null;
}

/** A reportable status (e.g. election voter), judged. */
export interface StatusEvaluation {
  readonly id: string;
  readonly title: string;
  readonly status: RequirementStatus;
  readonly trace: RequirementTrace;
}

/** Everything the ladder says about one person at one moment. */
export interface PersonEvaluation {
  readonly person: PersonSummary;
  readonly asOf: string;
  /** The highest level held for the whole community, or null. */
  readonly level: HeldLevelEvaluation | null;
  /** Levels held in a scope (reviewer of a repository, ...). */
  readonly scopedLevels: readonly HeldLevelEvaluation[];
  /** Set when the person is emeritus and holds no level for the whole community. */
  readonly emeritus: EmeritusPosition | null;
  /** Null when the policy has no inactivity rule or the person holds no level. */
  readonly inactivity: InactivityState | null;
  /** The levels the person could move to next, each judged. */
  readonly next: readonly CandidateEvaluation[];
  readonly statuses: readonly StatusEvaluation[];
  /**
   * An automation account (see `isBotAccount`): it holds no position on the ladder, so it has no
   * level, no standing and no next level, whatever its acts or a roster say.
   */
  readonly bot: boolean;
}

/** How many of a person's busiest repositories a scoped next level is judged in. */
const SCOPES_TO_TRY = 3;

/**
 * Evaluates one person at `asOf` (ISO): the levels they hold and their standing in each, their
 * inactivity state, the next levels with every requirement judged, reinstatement when emeritus, and
 * the policy's statuses. Pure; `person` may be absent from the engine's facts (no acts).
 */
export function evaluatePerson(engine: LadderEngine, person: PersonSummary, asOf: string): PersonEvaluation {
  const at = isoTimeToMs(asOf);
  if (isBotAccount(person)) {
    return {
      person,
      asOf: isoTimeOf(engine, at),
      level: null,
      scopedLevels: [],
      emeritus: null,
      inactivity: null,
      next: [],
      statuses: [],
      bot: true,
    };
  }
  const policy = engine.policy;
  const slot = engine.index.slotOf.get(person.id) ?? -1;
  const active = engine.roles.activeAt(person.id, at);

  let current: { assignment: TimedAssignment; level: LevelPolicy } | null = null;
  const scoped: { assignment: TimedAssignment; level: LevelPolicy }[] = [];
  let emeritusAssignment: TimedAssignment | null = null;
  for (const assignment of active) {
    if (assignment.level === EMERITUS_LEVEL) {
      if (emeritusAssignment === null || assignment.sinceMs > emeritusAssignment.sinceMs)
        emeritusAssignment = assignment;
      continue;
    }
    const level = findLevel(policy, assignment.level);
    if (level === undefined) continue;
    if (assignment.scope !== null) scoped.push({ assignment, level });
    else if (current === null || level.rank > current.level.rank) current = { assignment, level };
  }

  let holdings = 0;
  for (const assignment of active) if (assignment.level !== EMERITUS_LEVEL) holdings++;
  const inactivity = holdings === 0 ? null : evaluateInactivity(engine, slot, at, active);
  // Once the inactivity notice is due, its grace period is the deadline of every notice (see Standing).
  const noticeDeadline = inactivity === null || inactivity.kind === 'active' ? null : inactivity.graceEndsAt;

  // Plain loops and functions below, no closures: this runs once per person when evaluating everyone.
  const level =
    current === null
      ? null
      : evaluateHeldLevel(engine, person.id, slot, current.level, current.assignment, at, noticeDeadline);
  const scopedLevels: HeldLevelEvaluation[] = [];
  for (const holding of scoped) {
    scopedLevels.push(
      evaluateHeldLevel(engine, person.id, slot, holding.level, holding.assignment, at, noticeDeadline),
    );
  }

  const candidates: CandidateSearch = {
    engine,
    personId: person.id,
    slot,
    at,
    active,
    next: [],
    seen: new Set(),
  };
  const emeritus = current === null && emeritusAssignment !== null;
  if (current !== null) addCandidates(candidates, current.level.id, current);
  else if (!emeritus) addCandidates(candidates, null, null);
  for (const holding of scoped) addCandidates(candidates, holding.level.id, holding);
  const next = candidates.next;

  let emeritusPosition: EmeritusPosition | null = null;
  if (emeritus) {
    const previous = emeritusAssignment!.previousLevel;
    const previousLevel = previous === null ? undefined : findLevel(policy, previous);
    let reinstatement: CandidateEvaluation | null = null;
    if (policy.reinstatement !== null) {
      const trace = evaluateRequirement(engine, policy.reinstatement, {
        personId: person.id,
        slot,
        at,
        term: null,
        cycle: null,
        scope: emeritusAssignment!.scope,
        targetLevel: previous,
      });
      reinstatement = {
        level: previous ?? EMERITUS_LEVEL,
        title: previousLevel?.title ?? previous ?? 'the level held before',
        scope: emeritusAssignment!.scope,
        eligibility: eligibilityOf(trace.status),
        trace,
      };
    }
    emeritusPosition = {
      previousLevel: previous,
      scope: emeritusAssignment!.scope,
      since: emeritusAssignment!.since,
      reinstatement,
    };
  }

  const statuses: StatusEvaluation[] = [];
  for (const status of policy.statuses) {
    const trace = evaluateRequirement(engine, status.requires, {
      personId: person.id,
      slot,
      at,
      term: null,
      cycle: null,
      scope: null,
      targetLevel: status.id,
    });
    statuses.push({ id: status.id, title: status.title, status: trace.status, trace });
  }

  return {
    person,
    asOf: isoTimeOf(engine, at),
    level,
    scopedLevels,
    emeritus: emeritusPosition,
    inactivity,
    next,
    statuses,
    bot: false,
  };
}

/** The eligibility a requirement verdict gives. */
export function eligibilityOf(status: RequirementStatus): Eligibility {
  return status === 'met'
    ? 'eligible'
    : status === 'needs_confirmation'
      ? 'needs_confirmation'
      : 'not_eligible';
}

function holds(active: readonly TimedAssignment[], level: string, scope: string | null): boolean {
  for (const assignment of active) {
    if (assignment.level === level && (scope === null || assignment.scope === scope)) return true;
  }
  return false;
}

/** The state of looking for a person's next levels. */
interface CandidateSearch {
  readonly engine: LadderEngine;
  readonly personId: number;
  readonly slot: number;
  readonly at: number;
  readonly active: readonly TimedAssignment[];
  readonly next: CandidateEvaluation[];
  readonly seen: Set<string>;
}

const NO_SCOPE: readonly (string | null)[] = [null];

/** Judges the levels that come after `afterId` (the entry levels for null), in the scopes that apply. */
function addCandidates(
  search: CandidateSearch,
  afterId: string | null,
  from: { assignment: TimedAssignment; level: LevelPolicy } | null,
): void {
  const { engine, slot, at } = search;
  for (const candidate of engine.policy.levels) {
    if (candidate.after !== afterId) continue;
    let scopes: readonly (string | null)[] = NO_SCOPE;
    if (candidate.scoped) {
      if (from !== null && from.assignment.scope !== null) scopes = [from.assignment.scope];
      else {
        const busiest = busiestRepositories(engine, slot, at);
        if (busiest.length > 0) scopes = busiest;
      }
    }
    for (const scope of scopes) {
      const key = scope === null ? candidate.id : `${candidate.id}\u0000${scope}`;
      if (search.seen.has(key) || holds(search.active, candidate.id, scope)) continue;
      search.seen.add(key);
      search.next.push(evaluateCandidate(engine, search.personId, slot, at, candidate, scope, from));
    }
  }
}

function termOf(level: LevelPolicy, assignment: TimedAssignment): TermSpan | null {
  if (level.term === null) return null;
  return { start: assignment.sinceMs, end: addDuration(assignment.sinceMs, level.term), length: level.term };
}

function toCycleWindow(span: Span): CycleWindow {
  return { from: msToIsoTime(span.start), to: msToIsoTime(span.end) };
}

function evaluateCandidate(
  engine: LadderEngine,
  personId: number,
  slot: number,
  at: number,
  candidate: LevelPolicy,
  scope: string | null,
  from: { assignment: TimedAssignment; level: LevelPolicy } | null,
): CandidateEvaluation {
  const cycleKey = `${candidate.id}|${at}`;
  let cycle = engine.candidateCycles.get(cycleKey);
  if (cycle === undefined) {
    cycle = previousCycle(candidate.cycle, cycleContaining(candidate.cycle, at, null), null);
    if (engine.candidateCycles.size > 10_000) engine.candidateCycles.clear();
    engine.candidateCycles.set(cycleKey, cycle);
  }
  const situation: Situation = {
    personId,
    slot,
    at,
    term: from === null ? null : termOf(from.level, from.assignment),
    cycle,
    scope,
    targetLevel: candidate.id,
  };
  const trace = evaluateRequirement(engine, candidate.requires, situation);
  return {
    level: candidate.id,
    title: candidate.title,
    scope,
    eligibility: eligibilityOf(trace.status),
    trace,
  };
}

function evaluateHeldLevel(
  engine: LadderEngine,
  personId: number,
  slot: number,
  level: LevelPolicy,
  assignment: TimedAssignment,
  at: number,
  noticeDeadline: string | null,
): HeldLevelEvaluation {
  const term = termOf(level, assignment);
  const base = {
    level: level.id,
    title: level.title,
    scope: assignment.scope,
    since: assignment.since,
    decision: assignment.decision,
    term: term === null ? null : toCycleWindow(term),
  };
  const stay = level.stay;
  if (stay === null) return { ...base, standing: { kind: 'good', checkedCycles: 0 }, currentCycle: null };
  const since = assignment.sinceMs;
  const check = (moment: number, cycle: Span): RequirementTrace =>
    evaluateRequirement(engine, stay, {
      personId,
      slot,
      at: moment,
      term,
      cycle,
      scope: assignment.scope,
      targetLevel: level.id,
    });

  if (term !== null && at >= term.end) {
    const trace = check(term.end, cycleContaining(level.cycle, term.end - 1, since));
    return {
      ...base,
      standing: {
        kind: 'term_ended',
        termEnded: msToIsoTime(term.end),
        completed: trace.status !== 'unmet',
        trace,
      },
      currentCycle: null,
    };
  }

  const current = cycleContaining(level.cycle, at, since);
  let missed = 0;
  let checked = 0;
  let lastMissed: { trace: RequirementTrace; cycle: Span } | null = null;
  // Back from the last completed cycle, while cycles were missed: the whole run is counted.
  for (let cycle = previousCycle(level.cycle, current, since); cycle.start >= since; ) {
    const trace = check(cycle.end, cycle);
    checked++;
    if (trace.status !== 'unmet' || !trace.final) break;
    missed++;
    if (lastMissed === null) lastMissed = { trace, cycle };
    cycle = previousCycle(level.cycle, cycle, since);
  }
  const currentCycle = { cycle: toCycleWindow(current), trace: check(at, current) };
  let standing: Standing;
  if (lastMissed === null) standing = { kind: 'good', checkedCycles: checked };
  else if (level.emeritusOfferAfter !== null && missed >= level.emeritusOfferAfter) {
    standing = {
      kind: 'emeritus_offer',
      missedCycles: missed,
      lastCycle: toCycleWindow(lastMissed.cycle),
      missed: lastMissed.trace,
    };
  } else {
    standing = {
      kind: 'at_risk',
      missedCycles: missed,
      lastCycle: toCycleWindow(lastMissed.cycle),
      missed: lastMissed.trace,
      deadline: noticeDeadline ?? msToIsoTime(current.end),
    };
  }
  return { ...base, standing, currentCycle };
}

function evaluateInactivity(
  engine: LadderEngine,
  slot: number,
  at: number,
  holdings: readonly TimedAssignment[],
): InactivityState | null {
  const rule = engine.policy.inactivity;
  if (rule === null) return null;
  const index = engine.index;
  const counted = new Uint8Array(ACTIVITY_KINDS.length);
  for (const kind of rule.kinds) counted[ACTIVITY_KIND_INDEX.get(kind)!] = 1;
  let last: number | null = null;
  if (slot >= 0) {
    const first = index.start[slot]!;
    for (let position = lowerBound(index, first, index.end[slot]!, at) - 1; position >= first; position--) {
      if (counted[kindOf(index.records[position * index.stride + RECORD.kindAndFlags]!)] === 1) {
        last = timeAt(index, position);
        break;
      }
    }
  }
  let heldSince = Number.POSITIVE_INFINITY;
  for (const assignment of holdings) {
    if (assignment.level !== EMERITUS_LEVEL && assignment.sinceMs < heldSince) heldSince = assignment.sinceMs;
  }
  const base = last === null ? heldSince : Math.max(last, heldSince);
  const noticeDue = addDuration(base, rule.after);
  const graceEnds = addDuration(noticeDue, rule.grace);
  return {
    kind: at >= graceEnds ? 'emeritus_due' : at >= noticeDue ? 'notice_due' : 'active',
    lastContributionAt: last === null ? null : isoTimeOf(engine, last),
    noticeDueAt: isoTimeOf(engine, noticeDue),
    graceEndsAt: isoTimeOf(engine, graceEnds),
  };
}

/** The repositories a person was most active in over the last year, busiest first. */
function busiestRepositories(engine: LadderEngine, slot: number, at: number): string[] {
  if (slot < 0) return [];
  const index = engine.index;
  const first = index.start[slot]!;
  const last = index.end[slot]!;
  const low = lowerBound(index, first, last, at - 365 * 86_400_000);
  const high = lowerBound(index, low, last, at);
  // Repositories are few: count in a typed array, remembering which ones were touched.
  const counts = new Uint32Array(index.repos.length);
  const touched: number[] = [];
  for (let position = low; position < high; position++) {
    const repo = index.records[position * index.stride + RECORD.repo]!;
    if (repo < 0) continue;
    if (counts[repo] === 0) touched.push(repo);
    counts[repo]! += 1;
  }
  return touched
    .sort((a, b) => counts[b]! - counts[a]! || (index.repos[a]! < index.repos[b]! ? -1 : 1))
    .slice(0, SCOPES_TO_TRY)
    .map((repo) => index.repos[repo]!);
}
