import type { Group } from '../groups/group.ts';
import { toGroupRepos } from '../groups/group.ts';
import type { ScoringRules } from '../scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import type { LadderEngine } from './evaluate-requirement.ts';
import type { LadderFactIndex, MeetingRecord } from './ladder-fact-index.ts';
import { buildLadderFactIndex } from './ladder-fact-index.ts';
import type { LadderPolicy } from './ladder-policy.ts';
import type { RoleAssignment } from './role-assignment.ts';
import { createRoleBook } from './role-assignment.ts';

/** What a ladder evaluation runs over. */
export interface LadderEngineInput {
  readonly policy: LadderPolicy;
  /** The rules points are scored by and acts are excluded by (the policy's scoring preset). */
  readonly rules: ScoringRules;
  /** Acts in any order; streamed once, not kept unless `keepEvidence`. */
  readonly facts: Iterable<ScoringFact>;
  /** Everyone the facts and the roles name. */
  readonly people: ReadonlyMap<number, PersonSummary>;
  readonly roles: readonly RoleAssignment[];
  /** List the acts behind each number (one person's status); off when evaluating everyone. */
  readonly keepEvidence?: boolean;
  /** How many acts of evidence a trace lists; default 10. */
  readonly evidenceLimit?: number;
  /** Everyone's meeting attendance, when `facts` are only some people's. */
  readonly meetings?: Iterable<{ readonly series: string | null; readonly occurredAt: string }>;
  /** Former logins -> person id, to find givers of attestations by a login they no longer use. */
  readonly formerLogins?: ReadonlyMap<string, number>;
  /** The community's groups, for `groups` filters and group scopes; none when omitted. */
  readonly groups?: readonly Group[];
}

/**
 * Prepares one evaluation run: indexes the facts (one pass), the roles and everyone's logins. The
 * engine is then asked about any number of people with `evaluatePerson` or `evaluateCommunity`.
 */
export function createLadderEngine(input: LadderEngineInput): LadderEngine {
  const index = buildLadderFactIndex({
    facts: input.facts,
    people: input.people,
    rules: input.rules,
    policy: input.policy,
    keepFacts: input.keepEvidence ?? false,
    meetings: input.meetings as Iterable<MeetingRecord> | undefined,
  });
  return createLadderEngineFromIndex(index, input);
}

/** Prepares an evaluation run over an index already built (from facts streamed in chunks, say). */
export function createLadderEngineFromIndex(
  index: LadderFactIndex,
  input: Pick<LadderEngineInput, 'policy' | 'people' | 'roles' | 'evidenceLimit' | 'formerLogins' | 'groups'>,
): LadderEngine {
  const personIdOfLogin = new Map<string, number>(input.formerLogins ?? []);
  for (const person of input.people.values()) personIdOfLogin.set(person.login.toLowerCase(), person.id);
  return {
    policy: input.policy,
    index,
    roles: createRoleBook(input.roles),
    people: input.people,
    personIdOfLogin,
    evidenceLimit: input.evidenceLimit ?? 10,
    countMatchers: new Map(),
    groupRepos: toGroupRepos(input.groups ?? []),
    groupRepoIndexes: new Map(),
    spans: new Map(),
    fixedSpans: new WeakMap(),
    isoTimes: new Map(),
    candidateCycles: new Map(),
  };
}
