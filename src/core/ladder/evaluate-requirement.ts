import { ACTIVITY_KINDS } from '../activity.ts';
import { assertNever } from '../assert-never.ts';
import { ACTIVITY_KIND_INDEX } from '../scoring/kind-counts.ts';
import type { PersonSummary } from '../scoring-fact.ts';
import { DAY_MS } from '../window/utc-calendar.ts';
import type { Span } from './cycle-span.ts';
import { addDuration, formatDuration, formatDurationAdjective } from './duration.ts';
import { msToIsoDate, msToIsoTime } from './iso-time-ms.ts';
import type { GrantRecord, LadderFactIndex } from './ladder-fact-index.ts';
import { itemTypeOf, kindOf, lowerBound, RECORD, reviewStateOf, timeAt } from './ladder-fact-index.ts';
import type {
  AttendanceRequirement,
  AttestationRequirement,
  CountRequirement,
  CriterionRequirement,
  Duration,
  LadderPolicy,
  PointsRequirement,
  Requirement,
  RequirementWindow,
  SponsorsRequirement,
  TenureRequirement,
} from './ladder-policy.ts';
import { findLevel, REVIEW_STATES } from './ladder-policy.ts';
import type {
  Evidence,
  RequirementStatus,
  RequirementTrace,
  TraceNote,
  TraceWindow,
} from './requirement-trace.ts';
import type { RoleBook } from './role-assignment.ts';
import { scopeCovers } from './scope-covers.ts';

/** Everything an evaluation run shares: the policy, everyone's facts and roles. Build once per run. */
export interface LadderEngine {
  readonly policy: LadderPolicy;
  readonly index: LadderFactIndex;
  readonly roles: RoleBook;
  /** People by id, for names in results. */
  readonly people: ReadonlyMap<number, PersonSummary>;
  /** Lower-cased login -> person id, to find who gave an attestation or a sponsorship. */
  readonly personIdOfLogin: ReadonlyMap<string, number>;
  /** How many acts of evidence a trace lists (when the index kept its facts). */
  readonly evidenceLimit: number;
  /** Prepared count filters, by requirement path (filled as requirements are first evaluated). */
  readonly countMatchers: Map<string, CountMatcher>;
  /** The community's groups: id -> lower-cased `owner/name` of its repositories (for `groups` filters and group scopes). */
  readonly groupRepos: ReadonlyMap<string, readonly string[]>;
  /** Repository indexes of each group, by id (filled as group scopes are first evaluated). */
  readonly groupRepoIndexes: Map<string, ReadonlySet<number>>;
  /**
   * Windows already resolved, by window and moment: evaluating everyone at one moment resolves the
   * same few windows again and again. Filled as requirements are evaluated; bounded.
   */
  readonly spans: Map<string, ResolvedSpan>;
  /** Windows that depend only on the moment (all, ytd, rolling), by window: the common case, without building a key. */
  readonly fixedSpans: WeakMap<RequirementWindow, { readonly at: number; readonly span: ResolvedSpan }>;
  /** ISO forms of instants already written, by ms. */
  readonly isoTimes: Map<number, string>;
  /** The last completed cycle of each level's cycle policy, by level and moment (for `cycle` windows in requires). */
  readonly candidateCycles: Map<string, Span>;
}

/** A term of a level a person holds, in ms. */
export interface TermSpan extends Span {
  readonly length: Duration;
}

/** Where and when a requirement is judged. */
export interface Situation {
  readonly personId: number;
  /** The person's slot in the fact index, or -1 when they have no acts. */
  readonly slot: number;
  /** The moment of the check (ms). Nothing at or after it counts. */
  readonly at: number;
  /** The term `term` windows mean, when there is one. */
  readonly term: TermSpan | null;
  /** The cycle `cycle` windows mean, when there is one. */
  readonly cycle: Span | null;
  /** The scope of the level in question (a repository for `in_scope` counts), or null. */
  readonly scope: string | null;
  /** The level the requirement belongs to; sponsorships and attestations for another level do not count. */
  readonly targetLevel: string | null;
}

/** A count requirement's filter, compiled against the index. */
export interface CountMatcher {
  readonly kinds: Uint8Array;
  /** Repository indexes allowed, or null for any. */
  readonly repos: ReadonlySet<number> | null;
  readonly labelFilter: number;
  readonly reviewStates: number;
  readonly itemType: number;
  /** Series index, -1 for any, -2 for a series nobody attended. */
  readonly series: number;
}

const NO_NOTES: readonly TraceNote[] = [];
const NO_EVIDENCE: readonly Evidence[] = [];
const NO_CHILDREN: readonly RequirementTrace[] = [];
const MEETING_KIND = ACTIVITY_KIND_INDEX.get('meeting_attended')!;
const ALL_TIME: RequirementWindow = { kind: 'all' };

/** Judges one requirement for one person at one moment. Pure; handles every requirement kind. */
export function evaluateRequirement(
  engine: LadderEngine,
  requirement: Requirement,
  situation: Situation,
): RequirementTrace {
  switch (requirement.kind) {
    case 'points':
      return evaluatePoints(engine, requirement, situation);
    case 'count':
      return evaluateCount(engine, requirement, situation);
    case 'tenure':
      return evaluateTenure(engine, requirement, situation);
    case 'sponsors':
      return evaluateSponsors(engine, requirement, situation);
    case 'attestation':
      return evaluateAttestation(engine, requirement, situation);
    case 'attendance':
      return evaluateAttendance(engine, requirement, situation);
    case 'criterion':
      return evaluateCriterion(engine, requirement, situation);
    case 'all_of':
    case 'any_of':
    case 'at_least':
      return evaluateComposite(engine, requirement, situation);
    default:
      return assertNever(requirement, 'requirement');
  }
}

/** A window resolved for one check, in ms, with its trace form. Immutable, so it is shared. */
export interface ResolvedSpan {
  readonly from: number | null;
  readonly to: number;
  readonly end: number;
  /** The window's end when it is a deadline still ahead (a cycle or a term), else null. */
  readonly deadline: number | null;
  readonly trace: TraceWindow;
  readonly notStarted: boolean;
}

/** Most windows kept in {@link LadderEngine.spans} before it is emptied. */
const SPAN_CACHE_LIMIT = 50_000;

function resolveSpan(
  engine: LadderEngine,
  window: RequirementWindow,
  situation: Situation,
): ResolvedSpan | TraceNote {
  if (window.kind === 'all' || window.kind === 'ytd' || window.kind === 'rolling') {
    const cached = engine.fixedSpans.get(window);
    if (cached !== undefined && cached.at === situation.at) return cached.span;
    const span = computeSpan(engine, window, situation) as ResolvedSpan;
    engine.fixedSpans.set(window, { at: situation.at, span });
    return span;
  }
  const key = spanKey(window, situation);
  if (key === null) return window.kind === 'cycle' ? { kind: 'no_cycle' } : { kind: 'no_term' };
  let span = engine.spans.get(key);
  if (span === undefined) {
    span = computeSpan(engine, window, situation) as ResolvedSpan;
    if (engine.spans.size >= SPAN_CACHE_LIMIT) engine.spans.clear();
    engine.spans.set(key, span);
  }
  return span;
}

/** What a resolved window depends on, as a key; null when the situation lacks the term or cycle it needs. */
function spanKey(window: RequirementWindow, situation: Situation): string | null {
  const at = situation.at;
  switch (window.kind) {
    case 'all':
    case 'ytd':
      return `${window.kind}|${at}`;
    case 'rolling':
      return `rolling|${window.length.amount}|${window.length.unit}|${at}`;
    case 'cycle':
      return situation.cycle === null ? null : `cycle|${situation.cycle.start}|${situation.cycle.end}|${at}`;
    case 'term':
    case 'term_part': {
      const term = situation.term;
      if (term === null) return null;
      const part =
        window.kind === 'term' ? 'whole' : `${window.part}|${window.length.amount}|${window.length.unit}`;
      return `term|${part}|${term.start}|${term.end}|${term.length.amount}|${term.length.unit}|${at}`;
    }
    default:
      return assertNever(window, 'requirement window');
  }
}

function computeSpan(
  engine: LadderEngine,
  window: RequirementWindow,
  situation: Situation,
): ResolvedSpan | TraceNote {
  const at = situation.at;
  const make = (label: string, from: number | null, end: number, hasDeadline: boolean): ResolvedSpan => {
    const notStarted = from !== null && from > at;
    const to = notStarted ? from : Math.min(end, at);
    const complete = end <= at;
    return {
      from,
      to,
      end,
      deadline: hasDeadline && !complete ? end : null,
      notStarted,
      trace: {
        label,
        from: from === null ? null : isoTimeOf(engine, from),
        to: isoTimeOf(engine, to),
        end: isoTimeOf(engine, end),
        complete,
      },
    };
  };
  switch (window.kind) {
    case 'all':
      return make('all time', null, at, false);
    case 'ytd': {
      const year = new Date(at - 1).getUTCFullYear();
      return make(`${year} year to date`, Date.UTC(year, 0, 1), at, false);
    }
    case 'rolling':
      return make(`the last ${formatDuration(window.length)}`, addDuration(at, window.length, -1), at, false);
    case 'cycle': {
      const cycle = situation.cycle;
      if (cycle === null) return { kind: 'no_cycle' };
      return make(
        `the cycle ${msToIsoDate(cycle.start)} to ${msToIsoDate(cycle.end - 1)}`,
        cycle.start,
        cycle.end,
        true,
      );
    }
    case 'term': {
      const term = situation.term;
      if (term === null) return { kind: 'no_term' };
      return make(
        `the ${formatDurationAdjective(term.length)} term (${msToIsoDate(term.start)} to ${msToIsoDate(term.end - 1)})`,
        term.start,
        term.end,
        true,
      );
    }
    case 'term_part': {
      const term = situation.term;
      if (term === null) return { kind: 'no_term' };
      const label = `the ${window.part} ${formatDuration(window.length)} of the ${formatDurationAdjective(term.length)} term`;
      return window.part === 'first'
        ? make(label, term.start, Math.min(term.end, addDuration(term.start, window.length)), true)
        : make(label, Math.max(term.start, addDuration(term.end, window.length, -1)), term.end, true);
    }
    default:
      return assertNever(window, 'requirement window');
  }
}

/** Most instants kept in {@link LadderEngine.isoTimes} before it is emptied. */
const ISO_CACHE_LIMIT = 100_000;

/** The ISO form of an instant (ms), remembered: evaluating everyone writes the same few instants often. */
export function isoTimeOf(engine: LadderEngine, ms: number): string {
  let text = engine.isoTimes.get(ms);
  if (text === undefined) {
    text = msToIsoTime(ms);
    if (engine.isoTimes.size >= ISO_CACHE_LIMIT) engine.isoTimes.clear();
    engine.isoTimes.set(ms, text);
  }
  return text;
}

function isSpan(value: ResolvedSpan | TraceNote): value is ResolvedSpan {
  return 'trace' in value;
}

function daysLeft(at: number, by: number): number {
  return Math.max(0, Math.ceil((by - at) / DAY_MS));
}

function noWindowTrace(requirement: Requirement, note: TraceNote, required: number | null): RequirementTrace {
  return {
    requirement,
    status: 'unmet',
    final: true,
    observed: null,
    required,
    window: null,
    remaining: null,
    evidence: NO_EVIDENCE,
    evidenceCount: 0,
    notes: [note],
    children: NO_CHILDREN,
  };
}

/** The acts of a slot inside a resolved span, as positions `[low, high)`. */
function positionsIn(index: LadderFactIndex, slot: number, span: ResolvedSpan): readonly [number, number] {
  if (slot < 0) return [0, 0];
  const first = index.start[slot]!;
  const last = index.end[slot]!;
  const low = span.from === null ? first : lowerBound(index, first, last, span.from);
  const high = lowerBound(index, low, last, span.to);
  return [low, high];
}

function evidenceAt(engine: LadderEngine, position: number, withPoints: boolean): Evidence {
  const fact = engine.index.facts![position]!;
  const index = engine.index;
  return {
    key: fact.key,
    kind: fact.kind,
    occurredAt: fact.occurredAt,
    url: fact.url,
    repo: fact.repo,
    itemNumber: fact.itemNumber,
    points: withPoints ? index.pointsBefore[position + 1]! - index.pointsBefore[position]! : null,
  };
}

function amountTrace(
  engine: LadderEngine,
  requirement: Requirement,
  span: ResolvedSpan,
  observed: number,
  required: number,
  at: number,
  evidence: readonly Evidence[],
  evidenceCount: number,
  notes: readonly TraceNote[] = NO_NOTES,
): RequirementTrace {
  const met = observed >= required;
  const allNotes = span.notStarted
    ? [...notes, { kind: 'window_not_started', starts: span.trace.from! } as const]
    : notes;
  return {
    requirement,
    status: met ? 'met' : 'unmet',
    final: !met && span.trace.complete,
    observed,
    required,
    window: span.trace,
    remaining: met
      ? null
      : {
          amount: required - observed,
          by: span.deadline === null ? null : isoTimeOf(engine, span.deadline),
          daysLeft: span.deadline === null ? null : daysLeft(at, span.deadline),
        },
    evidence,
    evidenceCount,
    notes: allNotes,
    children: NO_CHILDREN,
  };
}

function evaluatePoints(
  engine: LadderEngine,
  requirement: PointsRequirement,
  situation: Situation,
): RequirementTrace {
  const span = resolveSpan(engine, requirement.window, situation);
  if (!isSpan(span)) return noWindowTrace(requirement, span, requirement.min);
  const index = engine.index;
  const [low, high] = positionsIn(index, situation.slot, span);
  const observed = index.pointsBefore[high]! - index.pointsBefore[low]!;
  let evidence = NO_EVIDENCE;
  let evidenceCount = 0;
  if (index.facts !== null) {
    const listed: Evidence[] = [];
    for (let position = high - 1; position >= low; position--) {
      if (index.pointsBefore[position + 1] === index.pointsBefore[position]) continue;
      evidenceCount++;
      if (listed.length < engine.evidenceLimit) listed.push(evidenceAt(engine, position, true));
    }
    evidence = listed;
  }
  return amountTrace(
    engine,
    requirement,
    span,
    observed,
    requirement.min,
    situation.at,
    evidence,
    evidenceCount,
  );
}

function countMatcherOf(engine: LadderEngine, requirement: CountRequirement): CountMatcher {
  const cached = engine.countMatchers.get(requirement.path);
  if (cached !== undefined) return cached;
  const index = engine.index;
  const kinds = new Uint8Array(ACTIVITY_KINDS.length);
  for (const kind of requirement.kinds) kinds[ACTIVITY_KIND_INDEX.get(kind)!] = 1;
  let repos: Set<number> | null = null;
  if (requirement.repos !== null || requirement.groups !== null) {
    repos = new Set();
    for (const repo of requirement.repos ?? []) {
      const found = index.repoIndex.get(repo);
      if (found !== undefined) repos.add(found);
    }
    for (const group of requirement.groups ?? []) {
      for (const repo of groupRepoIndexesOf(engine, group) ?? []) repos.add(repo);
    }
  }
  let reviewStates = 0;
  for (const state of requirement.reviewStates ?? []) reviewStates |= 1 << (REVIEW_STATES.indexOf(state) + 1);
  const matcher: CountMatcher = {
    kinds,
    repos,
    labelFilter: requirement.labels === null ? -1 : (index.labelFilterOf.get(requirement.path) ?? -1),
    reviewStates,
    itemType: requirement.itemType === null ? 0 : requirement.itemType === 'pr' ? 2 : 1,
    series:
      requirement.series === null
        ? -1
        : (index.seriesIndex.get(requirement.series.trim().toLowerCase()) ?? -2),
  };
  engine.countMatchers.set(requirement.path, matcher);
  return matcher;
}

/** The repository indexes of a group's repositories, or null when no group has this id. */
function groupRepoIndexesOf(engine: LadderEngine, group: string): ReadonlySet<number> | null {
  const cached = engine.groupRepoIndexes.get(group);
  if (cached !== undefined) return cached;
  const repos = engine.groupRepos.get(group);
  if (repos === undefined) return null;
  const indexes = new Set<number>();
  for (const repo of repos) {
    const found = engine.index.repoIndex.get(repo);
    if (found !== undefined) indexes.add(found);
  }
  engine.groupRepoIndexes.set(group, indexes);
  return indexes;
}

/** The `owner/name` of a scope written as a repository or a directory in one, or null for a group. */
export function repositoryOfScope(scope: string): string | null {
  const parts = scope.trim().toLowerCase().split('/');
  return parts.length >= 2 && parts[0] !== '' && parts[1] !== '' ? `${parts[0]}/${parts[1]}` : null;
}

function evaluateCount(
  engine: LadderEngine,
  requirement: CountRequirement,
  situation: Situation,
): RequirementTrace {
  const span = resolveSpan(engine, requirement.window, situation);
  if (!isSpan(span)) return noWindowTrace(requirement, span, requirement.min);
  const index = engine.index;
  const matcher = countMatcherOf(engine, requirement);
  const notes: TraceNote[] = [];
  for (const group of requirement.groups ?? []) {
    if (!engine.groupRepos.has(group)) notes.push({ kind: 'group_unknown', group });
  }
  let scopeRepo = -1;
  let scopeRepos: ReadonlySet<number> | null = null;
  if (requirement.inScope && situation.scope !== null) {
    const repository = repositoryOfScope(situation.scope);
    if (repository !== null) scopeRepo = index.repoIndex.get(repository) ?? -2;
    else {
      const group = situation.scope.trim().toLowerCase();
      scopeRepos = groupRepoIndexesOf(engine, group);
      if (scopeRepos === null) notes.push({ kind: 'scope_not_a_repository', scope: situation.scope });
      else notes.push({ kind: 'scope_group', group, repos: engine.groupRepos.get(group)!.length });
    }
  }
  const [low, high] = positionsIn(index, situation.slot, span);
  const records = index.records;
  const stride = index.stride;
  const labelWord = RECORD.labels + (matcher.labelFilter >>> 5);
  const labelBit = matcher.labelFilter & 31;
  const distinct = requirement.distinctItems ? new Set<number>() : null;
  const keep = index.facts !== null;
  const listed: Evidence[] = [];
  let observed = 0;
  for (let position = high - 1; position >= low; position--) {
    const base = position * stride;
    const kindAndFlags = records[base + RECORD.kindAndFlags]!;
    if (matcher.kinds[kindOf(kindAndFlags)] !== 1) continue;
    const repo = records[base + RECORD.repo]!;
    if (matcher.repos !== null && !matcher.repos.has(repo)) continue;
    if (scopeRepo !== -1 && repo !== scopeRepo) continue;
    if (scopeRepos !== null && !scopeRepos.has(repo)) continue;
    if (matcher.itemType !== 0 && itemTypeOf(kindAndFlags) !== matcher.itemType) continue;
    if (matcher.reviewStates !== 0 && ((matcher.reviewStates >>> reviewStateOf(kindAndFlags)) & 1) === 0)
      continue;
    if (matcher.labelFilter >= 0 && ((records[base + labelWord]! >>> labelBit) & 1) === 0) continue;
    if (matcher.series !== -1 && records[base + RECORD.series] !== matcher.series) continue;
    if (distinct !== null) {
      const number = records[base + RECORD.itemNumber]!;
      if (number < 0 || repo < 0) continue;
      const key = repo * 4_294_967_296 + number;
      if (distinct.has(key)) continue;
      distinct.add(key);
    }
    observed++;
    if (keep && listed.length < engine.evidenceLimit) listed.push(evidenceAt(engine, position, false));
  }
  return amountTrace(
    engine,
    requirement,
    span,
    observed,
    requirement.min,
    situation.at,
    keep ? listed : NO_EVIDENCE,
    keep ? observed : 0,
    notes,
  );
}

function evaluateTenure(
  engine: LadderEngine,
  requirement: TenureRequirement,
  situation: Situation,
): RequirementTrace {
  const at = situation.at;
  const level = findLevel(engine.policy, requirement.level);
  const scope = level?.scoped && situation.scope !== null ? situation.scope : null;
  let since = Number.POSITIVE_INFINITY;
  for (const assignment of engine.roles.assignmentsOf(situation.personId)) {
    if (assignment.level !== requirement.level) continue;
    if (scope !== null && assignment.scope !== scope) continue;
    if (assignment.sinceMs <= at && at < assignment.untilMs && assignment.sinceMs < since)
      since = assignment.sinceMs;
  }
  if (since === Number.POSITIVE_INFINITY) {
    return {
      requirement,
      status: 'unmet',
      final: false,
      observed: 0,
      required: null,
      window: null,
      remaining: null,
      evidence: NO_EVIDENCE,
      evidenceCount: 0,
      notes: [{ kind: 'not_held', level: requirement.level, scope }],
      children: NO_CHILDREN,
    };
  }
  const reached = addDuration(since, requirement.min);
  const observed = Math.floor((at - since) / DAY_MS);
  const required = Math.round((reached - since) / DAY_MS);
  const met = at >= reached;
  return {
    requirement,
    status: met ? 'met' : 'unmet',
    final: false,
    observed,
    required,
    window: null,
    remaining: met
      ? null
      : { amount: required - observed, by: isoTimeOf(engine, reached), daysLeft: daysLeft(at, reached) },
    evidence: NO_EVIDENCE,
    evidenceCount: 0,
    notes: [{ kind: 'held_since', level: requirement.level, scope, since: isoTimeOf(engine, since) }],
    children: NO_CHILDREN,
  };
}

/** A grant judged: who gave it, and whether it counts. */
interface JudgedGrant {
  readonly record: GrantRecord;
  readonly giverId: number | null;
}

/** Where a giver's level must be held to count: in a scope covering `scope` (null: anywhere), outside `exceptScopes`. */
interface GiverScope {
  readonly scope: string | null;
  readonly exceptScopes: readonly string[];
}

const ANYWHERE: GiverScope = { scope: null, exceptScopes: [] };

/**
 * The grants of the situation's person that match, deduplicated by giver, with notes on those
 * that do not count: self-given, given by someone not holding `levels` (where `where` says) on the
 * day they gave it, unknown givers.
 */
function judgeGrants(
  engine: LadderEngine,
  situation: Situation,
  span: ResolvedSpan,
  levels: readonly string[],
  kind: GrantRecord['kind'],
  attestation: string | null,
  notes: TraceNote[],
  where: GiverScope = ANYWHERE,
): { readonly valid: JudgedGrant[]; readonly unknown: JudgedGrant[] } {
  const accepts =
    where === ANYWHERE
      ? null
      : (scope: string | null): boolean =>
          (where.scope === null || scopeCovers(scope, where.scope)) &&
          (scope === null || !where.exceptScopes.some((excepted) => scopeCovers(excepted, scope)));
  const records = situation.slot < 0 ? undefined : engine.index.grants.get(situation.slot);
  const valid: JudgedGrant[] = [];
  const unknown: JudgedGrant[] = [];
  const seen = new Set<string>();
  for (const record of records ?? []) {
    if (record.time >= span.to || (span.from !== null && record.time < span.from)) continue;
    if (record.level !== null && situation.targetLevel !== null && record.level !== situation.targetLevel)
      continue;
    if (record.kind !== kind || (attestation !== null && record.attestation !== attestation)) continue;
    const at = isoTimeOf(engine, record.time);
    if (record.grantedBy === null) {
      notes.push({ kind: 'giver_unknown', login: '' });
      continue;
    }
    const giverId = engine.personIdOfLogin.get(record.grantedBy) ?? null;
    if (giverId === situation.personId) {
      notes.push({ kind: 'self_given', at });
      continue;
    }
    const identity = giverId === null ? `login:${record.grantedBy}` : `id:${giverId}`;
    if (seen.has(identity)) continue;
    if (giverId === null) {
      seen.add(identity);
      notes.push({ kind: 'giver_unknown', login: record.grantedByLogin ?? record.grantedBy });
      unknown.push({ record, giverId });
      continue;
    }
    const held =
      accepts === null
        ? engine.roles.holdsAnyAt(giverId, levels, record.time)
        : engine.roles.holdsAnyWhereAt(giverId, levels, record.time, accepts);
    if (!held) {
      notes.push({
        kind: 'giver_not_eligible',
        login: record.grantedByLogin ?? record.grantedBy,
        levels,
        at,
        scope: where.scope,
        exceptScopes: where.exceptScopes,
      });
      continue;
    }
    seen.add(identity);
    valid.push({ record, giverId });
  }
  return { valid, unknown };
}

function grantEvidence(engine: LadderEngine, grants: readonly JudgedGrant[]): readonly Evidence[] {
  if (engine.index.facts === null) return NO_EVIDENCE;
  return grants.slice(-engine.evidenceLimit).map((grant) => evidenceAt(engine, grant.record.position, false));
}

function givenByNote(grant: JudgedGrant): TraceNote {
  return {
    kind: 'given_by',
    login: grant.record.grantedByLogin ?? grant.record.grantedBy ?? '',
    at: msToIsoTime(grant.record.time),
    affiliation: grant.record.affiliation,
  };
}

function evaluateSponsors(
  engine: LadderEngine,
  requirement: SponsorsRequirement,
  situation: Situation,
): RequirementTrace {
  const span = resolveSpan(engine, requirement.window, situation);
  if (!isSpan(span)) return noWindowTrace(requirement, span, requirement.min);
  const notes: TraceNote[] = [];
  const where: GiverScope =
    !requirement.inScope && requirement.exceptScopes.length === 0
      ? ANYWHERE
      : {
          scope: requirement.inScope ? situation.scope : null,
          exceptScopes: requirement.exceptScopes,
        };
  const { valid, unknown } = judgeGrants(
    engine,
    situation,
    span,
    requirement.levels,
    'sponsorship',
    null,
    notes,
    where,
  );
  const counted: JudgedGrant[] = [];
  let unconfirmed = unknown.length;
  if (requirement.distinctAffiliations) {
    const affiliations = new Map<string, string>();
    for (const grant of valid) {
      const affiliation = grant.record.affiliation;
      const login = grant.record.grantedByLogin ?? '';
      if (affiliation === null) {
        notes.push({ kind: 'affiliation_unknown', login });
        unconfirmed++;
        continue;
      }
      const key = affiliation.trim().toLowerCase();
      if (affiliations.has(key)) {
        notes.push({ kind: 'same_affiliation', login, affiliation });
        continue;
      }
      affiliations.set(key, login);
      counted.push(grant);
    }
  } else {
    counted.push(...valid);
  }
  const observed = counted.length;
  const status: RequirementStatus =
    observed >= requirement.min
      ? 'met'
      : observed + unconfirmed >= requirement.min
        ? 'needs_confirmation'
        : 'unmet';
  return {
    requirement,
    status,
    final: status === 'unmet' && span.trace.complete,
    observed,
    required: requirement.min,
    window: span.trace,
    remaining: status === 'met' ? null : { amount: requirement.min - observed, by: null, daysLeft: null },
    evidence: grantEvidence(engine, counted),
    evidenceCount: counted.length,
    notes: [...counted.map(givenByNote), ...notes],
    children: NO_CHILDREN,
  };
}

function attestationTrace(
  engine: LadderEngine,
  requirement: AttestationRequirement | CriterionRequirement,
  situation: Situation,
  span: ResolvedSpan,
  attestation: string,
  from: readonly string[],
  required: number,
  extraNotes: readonly TraceNote[],
): RequirementTrace {
  const notes: TraceNote[] = [...extraNotes];
  const { valid } = judgeGrants(engine, situation, span, from, 'attestation', attestation, notes);
  const observed = valid.length;
  const met = required > 0 && observed >= required;
  return {
    requirement,
    status: met ? 'met' : 'needs_confirmation',
    final: false,
    observed,
    required,
    window: span.trace,
    remaining: met ? null : { amount: Math.max(0, required - observed), by: null, daysLeft: null },
    evidence: grantEvidence(engine, valid),
    evidenceCount: valid.length,
    notes: [...valid.map(givenByNote), ...notes],
    children: NO_CHILDREN,
  };
}

function evaluateAttestation(
  engine: LadderEngine,
  requirement: AttestationRequirement,
  situation: Situation,
): RequirementTrace {
  const span = resolveSpan(engine, requirement.window, situation);
  if (!isSpan(span)) return noWindowTrace(requirement, span, null);
  const quorum = requirement.quorum;
  let required: number;
  const notes: TraceNote[] = [];
  if (quorum.kind === 'number') required = quorum.min;
  else {
    const holders = engine.roles.countHoldersAt(requirement.from, situation.at);
    notes.push({ kind: 'electorate', levels: requirement.from, holders });
    required =
      holders === 0
        ? 0
        : quorum.kind === 'majority'
          ? Math.floor(holders / 2) + 1
          : Math.ceil((2 * holders) / 3);
  }
  return attestationTrace(
    engine,
    requirement,
    situation,
    span,
    requirement.attestation,
    requirement.from,
    required,
    notes,
  );
}

function evaluateCriterion(
  engine: LadderEngine,
  requirement: CriterionRequirement,
  situation: Situation,
): RequirementTrace {
  const span = resolveSpan(engine, ALL_TIME, situation) as ResolvedSpan;
  return attestationTrace(
    engine,
    requirement,
    situation,
    span,
    requirement.id,
    requirement.confirmedBy,
    1,
    NO_NOTES,
  );
}

function evaluateAttendance(
  engine: LadderEngine,
  requirement: AttendanceRequirement,
  situation: Situation,
): RequirementTrace {
  const span = resolveSpan(engine, requirement.window, situation);
  if (!isSpan(span)) return noWindowTrace(requirement, span, requirement.minRatio);
  const index = engine.index;
  const seriesKey = requirement.series.trim().toLowerCase();
  const seriesIndex = index.seriesIndex.get(seriesKey) ?? -2;
  const [low, high] = positionsIn(index, situation.slot, span);
  const attendedDays = new Set<number>();
  const listed: Evidence[] = [];
  for (let position = high - 1; position >= low; position--) {
    const base = position * index.stride;
    if (
      kindOf(index.records[base + RECORD.kindAndFlags]!) !== MEETING_KIND ||
      index.records[base + RECORD.series] !== seriesIndex
    ) {
      continue;
    }
    const day = Math.floor(timeAt(index, position) / DAY_MS);
    if (attendedDays.has(day)) continue;
    attendedDays.add(day);
    if (index.facts !== null && listed.length < engine.evidenceLimit)
      listed.push(evidenceAt(engine, position, false));
  }
  const days = index.meetingDays.get(seriesKey);
  let from = span.from;
  if (from === null) from = days !== undefined && days.length > 0 ? days[0]! * DAY_MS : span.to;
  const firstDay = Math.floor(from / DAY_MS);
  let held: number;
  let heldByEnd: number | null = null;
  if (requirement.held.kind === 'recorded') {
    held = 0;
    if (days !== undefined) {
      for (let i = 0; i < days.length; i++) if (days[i]! >= firstDay && days[i]! * DAY_MS < span.to) held++;
    }
  } else {
    held = meetingsBetween(from, span.to, requirement.held.length);
    heldByEnd = meetingsBetween(from, span.end, requirement.held.length);
  }
  const attended = attendedDays.size;
  const notes: TraceNote[] = [{ kind: 'meetings', series: requirement.series, attended, held }];
  if (held === 0) notes.push({ kind: 'no_meetings_recorded', series: requirement.series });
  const ratio = held === 0 ? null : Math.min(1, attended / held);
  const status: RequirementStatus =
    ratio === null ? 'needs_confirmation' : ratio >= requirement.minRatio ? 'met' : 'unmet';
  let remaining = null;
  if (status === 'unmet' && span.deadline !== null && heldByEnd !== null) {
    const needed = Math.ceil(requirement.minRatio * heldByEnd - 1e-9) - attended;
    remaining = {
      amount: needed,
      by: isoTimeOf(engine, span.deadline),
      daysLeft: daysLeft(situation.at, span.deadline),
    };
  }
  return {
    requirement,
    status,
    final: status === 'unmet' && span.trace.complete,
    observed: ratio,
    required: requirement.minRatio,
    window: span.trace,
    remaining,
    evidence: index.facts === null ? NO_EVIDENCE : listed,
    evidenceCount: attendedDays.size,
    notes,
    children: NO_CHILDREN,
  };
}

/** Meetings held every `length` from `from` (the first at `from`) before `to`. */
function meetingsBetween(from: number, to: number, length: Duration): number {
  if (to <= from) return 0;
  if (length.unit === 'day' || length.unit === 'week') {
    const step = length.amount * (length.unit === 'week' ? 7 : 1) * DAY_MS;
    return Math.ceil((to - from) / step);
  }
  let count = 0;
  while (addDuration(from, length, count) < to) count++;
  return count;
}

function evaluateComposite(
  engine: LadderEngine,
  requirement: Extract<Requirement, { kind: 'all_of' | 'any_of' | 'at_least' }>,
  situation: Situation,
): RequirementTrace {
  const children: RequirementTrace[] = [];
  for (const child of requirement.of) children.push(evaluateRequirement(engine, child, situation));
  let met = 0;
  let confirm = 0;
  let open = 0;
  for (const child of children) {
    if (child.status === 'met') met++;
    else if (child.status === 'needs_confirmation') confirm++;
    else if (!child.final) open++;
  }
  const needed =
    requirement.kind === 'all_of' ? children.length : requirement.kind === 'any_of' ? 1 : requirement.n;
  const status: RequirementStatus =
    met >= needed ? 'met' : met + confirm >= needed ? 'needs_confirmation' : 'unmet';
  // Unmet for good when even every open and unconfirmed part turning out well would not be enough.
  const final = status === 'unmet' && met + confirm + open < needed;
  return {
    requirement,
    status,
    final,
    observed: met,
    required: needed,
    window: null,
    remaining: null,
    evidence: NO_EVIDENCE,
    evidenceCount: 0,
    notes: NO_NOTES,
    children,
  };
}
