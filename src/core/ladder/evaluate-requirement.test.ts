import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseScoringRules } from '../scoring/parse-scoring-rules.ts';
import type { ScoringRules } from '../scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import { createLadderEngine } from './create-ladder-engine.ts';
import type { LadderEngine, Situation } from './evaluate-requirement.ts';
import { evaluateRequirement } from './evaluate-requirement.ts';
import { isoTimeToMs } from './iso-time-ms.ts';
import type { LadderPolicy, Requirement } from './ladder-policy.ts';
import { parseLadderPolicy } from './parse-ladder-policy.ts';
import type { RequirementTrace } from './requirement-trace.ts';
import type { RoleAssignment } from './role-assignment.ts';

const RULES = rulesOf('points: { pr_opened: 10, pr_merged: 20, issue_opened: 5, bonus: details }');

function rulesOf(text: string): ScoringRules {
  const parsed = parseScoringRules(text, 'rules.yaml');
  if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.value;
}

/** A policy with one level `target` (after `base`, with a 12-week term) whose `requires` are `requirements`. */
function policyWith(requirements: string, extraLevels = ''): LadderPolicy {
  const parsed = parseLadderPolicy(
    `name: test
title: Test
scoring: test
levels:
  - id: base
    title: Base
    summary: base
    term: 12w
    requires: []
  - id: target
    title: Target
    summary: target
    scoped: true
    requires:
${requirements.replace(/^/gm, '      ')}
${extraLevels}`,
    'test.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.value;
}

const PEOPLE: ReadonlyMap<number, PersonSummary> = new Map(
  ['alice', 'bob', 'carol', 'dave', 'erin', 'robot[bot]'].map((login, index) => [
    index + 1,
    { id: index + 1, login, name: null, githubId: index + 1, isBot: login.endsWith('[bot]') },
  ]),
);
const ALICE = 1;
const BOB = 2;
const CAROL = 3;
const DAVE = 4;

let sequence = 0;
function fact(
  personId: number,
  kind: ActivityKind,
  occurredAt: string,
  extra: {
    details?: Record<string, unknown>;
    repo?: string;
    number?: number;
    item?: Partial<ScoringItem>;
  } = {},
): ScoringFact {
  sequence++;
  return {
    key: `${kind}:${sequence}`,
    personId,
    kind,
    occurredAt,
    repo: extra.repo ?? (extra.number === undefined ? null : 'org/app'),
    itemNumber: extra.number ?? null,
    url: extra.number === undefined ? null : `https://github.com/org/app/pull/${extra.number}`,
    details: extra.details ?? {},
    item:
      extra.item === undefined
        ? null
        : {
            type: 'pr',
            labels: [],
            state: 'open',
            stateReason: null,
            mergedAt: null,
            authorId: personId,
            ...extra.item,
          },
  };
}

function role(
  personId: number,
  level: string,
  since: string,
  extra: Partial<RoleAssignment> = {},
): RoleAssignment {
  sequence++;
  return {
    id: sequence,
    personId,
    level,
    scope: null,
    since,
    until: null,
    decision: null,
    previousLevel: null,
    ...extra,
  };
}

function engineOf(policy: LadderPolicy, facts: ScoringFact[], roles: RoleAssignment[] = []): LadderEngine {
  return createLadderEngine({ policy, rules: RULES, facts, people: PEOPLE, roles, keepEvidence: true });
}

function judge(
  engine: LadderEngine,
  at: string,
  situation: Partial<Situation> = {},
  index = 0,
): RequirementTrace {
  const requirement: Requirement = engine.policy.levels[1]!.requires.of[index]!;
  const personId = situation.personId ?? ALICE;
  return evaluateRequirement(engine, requirement, {
    personId,
    slot: engine.index.slotOf.get(personId) ?? -1,
    at: isoTimeToMs(at),
    term: null,
    cycle: null,
    scope: null,
    targetLevel: 'target',
    ...situation,
  });
}

const TERM = {
  start: isoTimeToMs('2026-01-05T00:00:00Z'),
  end: isoTimeToMs('2026-03-30T00:00:00Z'),
  length: { amount: 12, unit: 'week' as const },
};

describe('points requirements', () => {
  test('sum the points of the window under the scoring rules, with the acts behind them', () => {
    const engine = engineOf(policyWith('- points: { min: 25, window: 30d }'), [
      fact(ALICE, 'pr_opened', '2026-01-01T00:00:00Z', { number: 1, item: {} }),
      fact(ALICE, 'pr_opened', '2026-03-10T00:00:00Z', { number: 2, item: {} }),
      fact(ALICE, 'pr_merged', '2026-03-12T00:00:00Z', { number: 2, item: {} }),
      fact(ALICE, 'issue_comment', '2026-03-13T00:00:00Z'),
    ]);
    const trace = judge(engine, '2026-03-31T00:00:00Z');
    expect(trace).toMatchObject({
      status: 'met',
      observed: 30,
      required: 25,
      remaining: null,
      evidenceCount: 2,
    });
    expect(trace.window).toEqual({
      label: 'the last 30 days',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-31T00:00:00Z',
      end: '2026-03-31T00:00:00Z',
      complete: true,
    });
    expect(trace.evidence.map((evidence) => [evidence.kind, evidence.points, evidence.url])).toEqual([
      ['pr_merged', 20, 'https://github.com/org/app/pull/2'],
      ['pr_opened', 10, 'https://github.com/org/app/pull/2'],
    ]);
  });

  test('say what is left and by when inside a term, and that a closed part of the term can no longer be met', () => {
    const engine = engineOf(policyWith('- points: { min: 100, window: first 6w of term }'), [
      fact(ALICE, 'bonus', '2026-01-10T00:00:00Z', { details: { points: 40 } }),
      fact(ALICE, 'bonus', '2026-02-20T00:00:00Z', { details: { points: 500 } }),
    ]);
    const during = judge(engine, '2026-02-01T00:00:00Z', { term: TERM });
    expect(during).toMatchObject({
      status: 'unmet',
      final: false,
      observed: 40,
      remaining: { amount: 60, by: '2026-02-16T00:00:00Z', daysLeft: 15 },
      window: { label: 'the first 6 weeks of the 12-week term', complete: false },
    });
    const after = judge(engine, '2026-03-01T00:00:00Z', { term: TERM });
    expect(after).toMatchObject({
      status: 'unmet',
      final: true,
      observed: 40,
      remaining: { amount: 60, by: null },
    });
  });

  test('are unmet, with the reason, where the window needs a term the person does not have', () => {
    const engine = engineOf(policyWith('- points: { min: 1, window: term }'), []);
    expect(judge(engine, '2026-02-01T00:00:00Z')).toMatchObject({
      status: 'unmet',
      notes: [{ kind: 'no_term' }],
    });
  });
});

describe('count requirements', () => {
  test('count acts of the kinds asked, filtered by labels, repositories, review states and item type', () => {
    const engine = engineOf(
      policyWith(`- count: { min: 2, kinds: [issue_opened], labels: [help wanted], window: all, repos: [org/app] }
- count: { min: 2, kinds: [pr_reviewed], review_states: [approved, changes_requested], window: all }
- count: { min: 2, kinds: [issue_comment], item_type: pr, window: all }`),
      [
        fact(ALICE, 'issue_opened', '2026-01-01T00:00:00Z', {
          number: 1,
          item: { type: 'issue', labels: ['Help Wanted'] },
        }),
        fact(ALICE, 'issue_opened', '2026-01-02T00:00:00Z', {
          number: 2,
          item: { type: 'issue', labels: ['bug'] },
        }),
        fact(ALICE, 'issue_opened', '2026-01-03T00:00:00Z', {
          number: 3,
          repo: 'org/other',
          item: { type: 'issue', labels: ['help wanted'] },
        }),
        fact(ALICE, 'pr_reviewed', '2026-01-04T00:00:00Z', {
          number: 4,
          details: { reviewState: 'approved' },
          item: {},
        }),
        fact(ALICE, 'pr_reviewed', '2026-01-05T00:00:00Z', {
          number: 4,
          details: { reviewState: 'commented' },
          item: {},
        }),
        fact(ALICE, 'pr_reviewed', '2026-01-06T00:00:00Z', {
          number: 5,
          details: { reviewState: 'changes_requested' },
          item: {},
        }),
        fact(ALICE, 'issue_comment', '2026-01-07T00:00:00Z', { number: 4, item: {} }),
        fact(ALICE, 'issue_comment', '2026-01-08T00:00:00Z', { number: 1, item: { type: 'issue' } }),
      ],
    );
    const at = '2026-02-01T00:00:00Z';
    expect(judge(engine, at, {}, 0)).toMatchObject({
      status: 'unmet',
      observed: 1,
      remaining: { amount: 1, by: null },
    });
    expect(judge(engine, at, {}, 1)).toMatchObject({ status: 'met', observed: 2 });
    expect(judge(engine, at, {}, 2)).toMatchObject({ status: 'unmet', observed: 1 });
  });

  test('count distinct PRs in the scope repository when asked', () => {
    const engine = engineOf(
      policyWith(
        '- count: { min: 2, kinds: [pr_reviewed, pr_merged], window: all, in_scope: true, distinct_items: true }',
      ),
      [
        fact(ALICE, 'pr_reviewed', '2026-01-01T00:00:00Z', { number: 1, item: {} }),
        fact(ALICE, 'pr_reviewed', '2026-01-02T00:00:00Z', { number: 1, item: {} }),
        fact(ALICE, 'pr_merged', '2026-01-03T00:00:00Z', { number: 1, item: {} }),
        fact(ALICE, 'pr_reviewed', '2026-01-04T00:00:00Z', { number: 7, repo: 'org/other', item: {} }),
      ],
    );
    const at = '2026-02-01T00:00:00Z';
    expect(judge(engine, at, { scope: 'org/app/pkg/scheduler' })).toMatchObject({
      status: 'unmet',
      observed: 1,
    });
    expect(judge(engine, at, { scope: 'org/other' })).toMatchObject({ observed: 1 });
    expect(judge(engine, at, { scope: 'sig-node' })).toMatchObject({
      observed: 2,
      notes: [{ kind: 'scope_not_a_repository', scope: 'sig-node' }],
    });
  });

  test('count acts in the repositories of the named groups, and say so when a group is not on record', () => {
    const policy = policyWith(
      '- count: { min: 2, kinds: [pr_opened], window: all, groups: [sig-docs, sig-gone], repos: [org/extra] }',
    );
    const facts = [
      fact(ALICE, 'pr_opened', '2026-01-01T00:00:00Z', { number: 1, repo: 'org/website', item: {} }),
      fact(ALICE, 'pr_opened', '2026-01-02T00:00:00Z', { number: 2, repo: 'org/app', item: {} }),
      fact(ALICE, 'pr_opened', '2026-01-03T00:00:00Z', { number: 3, repo: 'org/extra', item: {} }),
      fact(ALICE, 'pr_opened', '2026-01-04T00:00:00Z', { number: 4, repo: 'org/docs', item: {} }),
    ];
    const engine = createLadderEngine({
      policy,
      rules: RULES,
      facts,
      people: PEOPLE,
      roles: [],
      keepEvidence: true,
      groups: [
        {
          id: 'sig-docs',
          name: 'Docs',
          kind: 'sig',
          parent: null,
          repos: ['org/docs', 'org/website'],
          directories: [],
        },
      ],
    });
    const trace = judge(engine, '2026-02-01T00:00:00Z');
    expect(trace).toMatchObject({
      status: 'met',
      observed: 3,
      notes: [{ kind: 'group_unknown', group: 'sig-gone' }],
    });
    expect(trace.evidence.map((evidence) => evidence.repo)).toEqual(['org/docs', 'org/extra', 'org/website']);
    // Without the groups on record, only the listed repository counts.
    expect(judge(engineOf(policy, facts), '2026-02-01T00:00:00Z')).toMatchObject({
      status: 'unmet',
      observed: 1,
      notes: [
        { kind: 'group_unknown', group: 'sig-docs' },
        { kind: 'group_unknown', group: 'sig-gone' },
      ],
    });
  });

  test("count in the group's repositories when the scope names a group", () => {
    const engine = createLadderEngine({
      policy: policyWith('- count: { min: 2, kinds: [pr_reviewed], window: all, in_scope: true }'),
      rules: RULES,
      people: PEOPLE,
      roles: [],
      facts: [
        fact(ALICE, 'pr_reviewed', '2026-01-01T00:00:00Z', {
          number: 1,
          repo: 'kubernetes/kubernetes',
          item: {},
        }),
        fact(ALICE, 'pr_reviewed', '2026-01-02T00:00:00Z', { number: 2, repo: 'kubernetes/npd', item: {} }),
        fact(ALICE, 'pr_reviewed', '2026-01-03T00:00:00Z', {
          number: 3,
          repo: 'kubernetes/website',
          item: {},
        }),
      ],
      groups: [
        {
          id: 'sig-node',
          name: 'Node',
          kind: 'sig',
          parent: null,
          repos: ['kubernetes/kubernetes', 'kubernetes/npd'],
          directories: ['kubernetes/kubernetes/pkg/kubelet'],
        },
      ],
    });
    const at = '2026-02-01T00:00:00Z';
    expect(judge(engine, at, { scope: 'SIG-Node' })).toMatchObject({
      status: 'met',
      observed: 2,
      notes: [{ kind: 'scope_group', group: 'sig-node', repos: 2 }],
    });
    expect(judge(engine, at, { scope: 'kubernetes/website' })).toMatchObject({ observed: 1, notes: [] });
    expect(judge(engine, at, { scope: 'wg-unknown' })).toMatchObject({
      observed: 3,
      notes: [{ kind: 'scope_not_a_repository', scope: 'wg-unknown' }],
    });
  });

  test('never count the acts of bots or acts the scoring rules exclude', () => {
    const rules = rulesOf('points: {}\nexclude: { labels: [spam] }');
    const policy = policyWith('- count: { min: 1, kinds: [pr_opened], window: all }');
    const engine = createLadderEngine({
      policy,
      rules,
      people: PEOPLE,
      roles: [],
      facts: [
        fact(6, 'pr_opened', '2026-01-01T00:00:00Z', { number: 1, item: {} }),
        fact(ALICE, 'pr_opened', '2026-01-01T00:00:00Z', { number: 2, item: { labels: ['spam'] } }),
      ],
    });
    expect(engine.index.excludedPeople.has(6)).toBe(true);
    expect(judge(engine, '2026-02-01T00:00:00Z')).toMatchObject({ status: 'unmet', observed: 0 });
  });
});

describe('tenure requirements', () => {
  test('measure how long the level has been held and say when it will be long enough', () => {
    const policy = policyWith('- tenure: { level: base, min: 3mo }');
    const engine = engineOf(policy, [], [role(ALICE, 'base', '2026-01-15T00:00:00Z')]);
    expect(judge(engine, '2026-03-01T00:00:00Z')).toMatchObject({
      status: 'unmet',
      observed: 45,
      required: 90,
      remaining: { amount: 45, by: '2026-04-15T00:00:00Z', daysLeft: 45 },
      notes: [{ kind: 'held_since', level: 'base', since: '2026-01-15T00:00:00Z' }],
    });
    expect(judge(engine, '2026-04-15T00:00:00Z').status).toBe('met');
    expect(judge(engine, '2026-03-01T00:00:00Z', { personId: BOB })).toMatchObject({
      status: 'unmet',
      notes: [{ kind: 'not_held', level: 'base' }],
    });
  });

  test('do not count a level that has ended', () => {
    const engine = engineOf(
      policyWith('- tenure: { level: base }'),
      [],
      [role(ALICE, 'base', '2025-01-01T00:00:00Z', { until: '2026-01-01T00:00:00Z' })],
    );
    expect(judge(engine, '2025-06-01T00:00:00Z').status).toBe('met');
    expect(judge(engine, '2026-02-01T00:00:00Z').status).toBe('unmet');
  });
});

describe('sponsors requirements', () => {
  const sponsorship = (by: string, at: string, extra: Record<string, unknown> = {}): ScoringFact =>
    fact(ALICE, 'sponsorship', at, { details: { grantedBy: by, ...extra } });

  test('count sponsors who held a sponsoring level when they sponsored, never the candidate, once each', () => {
    const engine = engineOf(
      policyWith('- sponsors: { min: 2, levels: [base] }'),
      [
        sponsorship('bob', '2026-02-01T00:00:00Z'),
        sponsorship('Bob', '2026-02-02T00:00:00Z'),
        sponsorship('carol', '2026-02-01T00:00:00Z'),
        sponsorship('alice', '2026-02-01T00:00:00Z'),
        sponsorship('dave', '2026-02-01T00:00:00Z', { level: 'another-level' }),
      ],
      [
        role(BOB, 'base', '2025-01-01T00:00:00Z'),
        role(CAROL, 'base', '2026-03-01T00:00:00Z'),
        role(DAVE, 'base', '2025-01-01T00:00:00Z'),
        role(ALICE, 'base', '2025-01-01T00:00:00Z'),
      ],
    );
    const trace = judge(engine, '2026-04-01T00:00:00Z');
    expect(trace).toMatchObject({ status: 'unmet', observed: 1, required: 2 });
    expect(trace.notes).toEqual([
      { kind: 'given_by', login: 'bob', at: '2026-02-01T00:00:00Z', affiliation: null },
      {
        kind: 'giver_not_eligible',
        login: 'carol',
        levels: ['base'],
        at: '2026-02-01T00:00:00Z',
        scope: null,
        exceptScopes: [],
      },
      { kind: 'self_given', at: '2026-02-01T00:00:00Z' },
    ]);
  });

  test('count a sponsor only for a level held in the scope judged, or in one containing it', () => {
    const engine = engineOf(
      policyWith('- sponsors: { min: 2, levels: [base], in_scope: true }'),
      [
        sponsorship('bob', '2026-02-01T00:00:00Z'),
        sponsorship('carol', '2026-02-01T00:00:00Z'),
        sponsorship('dave', '2026-02-01T00:00:00Z'),
      ],
      [
        role(BOB, 'base', '2025-01-01T00:00:00Z', { scope: 'Org/App' }),
        role(CAROL, 'base', '2025-01-01T00:00:00Z', { scope: 'org/other' }),
        role(DAVE, 'base', '2025-01-01T00:00:00Z', { scope: 'org/app/pkg/sub' }),
      ],
    );
    const trace = judge(engine, '2026-04-01T00:00:00Z', { scope: 'org/app/pkg' });
    expect(trace).toMatchObject({ status: 'unmet', observed: 1 });
    expect(trace.notes).toEqual([
      { kind: 'given_by', login: 'bob', at: '2026-02-01T00:00:00Z', affiliation: null },
      ...['carol', 'dave'].map((login) => ({
        kind: 'giver_not_eligible',
        login,
        levels: ['base'],
        at: '2026-02-01T00:00:00Z',
        scope: 'org/app/pkg',
        exceptScopes: [],
      })),
    ]);
    // The same sponsors for the scope the other approver holds.
    expect(judge(engine, '2026-04-01T00:00:00Z', { scope: 'org/other/docs' })).toMatchObject({ observed: 1 });
  });

  test('do not count a level held only in an excepted scope, and judge the role on the day of the sponsorship', () => {
    const engine = engineOf(
      policyWith('- sponsors: { min: 2, levels: [base], except_scopes: [org/playground] }'),
      [
        sponsorship('bob', '2026-02-01T00:00:00Z'),
        sponsorship('carol', '2026-01-10T00:00:00Z'),
        sponsorship('dave', '2026-02-01T00:00:00Z'),
        sponsorship('erin', '2026-02-01T00:00:00Z'),
      ],
      [
        role(BOB, 'base', '2025-01-01T00:00:00Z', { scope: 'org/playground' }),
        // Held when she sponsored, ended since: still counts.
        role(CAROL, 'base', '2025-01-01T00:00:00Z', { scope: 'org/app', until: '2026-01-15T00:00:00Z' }),
        role(DAVE, 'base', '2025-01-01T00:00:00Z', { scope: 'org/playground/sub' }),
        // Got the level after sponsoring: does not count.
        role(5, 'base', '2026-03-01T00:00:00Z', { scope: 'org/app' }),
      ],
    );
    const trace = judge(engine, '2026-04-01T00:00:00Z', { scope: 'org/app' });
    expect(trace).toMatchObject({ status: 'unmet', observed: 1 });
    expect(trace.notes[0]).toMatchObject({ kind: 'given_by', login: 'carol' });
    expect(trace.notes.slice(1)).toMatchObject(
      ['bob', 'dave', 'erin'].map((login) => ({
        kind: 'giver_not_eligible',
        login,
        scope: null,
        exceptScopes: ['org/playground'],
      })),
    );
  });

  test('count one sponsor per affiliation, and leave unknown affiliations to a person to confirm', () => {
    const policy = policyWith('- sponsors: { min: 2, levels: [base], distinct_affiliations: true }');
    const roles = [BOB, CAROL, DAVE].map((id) => role(id, 'base', '2025-01-01T00:00:00Z'));
    const at = '2026-04-01T00:00:00Z';
    const sameCompany = engineOf(
      policy,
      [
        sponsorship('bob', '2026-02-01T00:00:00Z', { affiliation: 'Acme' }),
        sponsorship('carol', '2026-02-02T00:00:00Z', { affiliation: 'ACME ' }),
      ],
      roles,
    );
    expect(judge(sameCompany, at)).toMatchObject({ status: 'unmet', observed: 1 });
    expect(judge(sameCompany, at).notes).toContainEqual({
      kind: 'same_affiliation',
      login: 'carol',
      affiliation: 'ACME',
    });
    const unknown = engineOf(
      policy,
      [
        sponsorship('bob', '2026-02-01T00:00:00Z', { affiliation: 'Acme' }),
        sponsorship('dave', '2026-02-02T00:00:00Z'),
      ],
      roles,
    );
    expect(judge(unknown, at)).toMatchObject({ status: 'needs_confirmation', observed: 1 });
    const distinct = engineOf(
      policy,
      [
        sponsorship('bob', '2026-02-01T00:00:00Z', { affiliation: 'Acme' }),
        sponsorship('dave', '2026-02-02T00:00:00Z', { affiliation: 'Initech' }),
      ],
      roles,
    );
    expect(judge(distinct, at)).toMatchObject({ status: 'met', observed: 2, evidenceCount: 2 });
  });
});

describe('attestation and criterion requirements', () => {
  const attestation = (by: string, what: string, at: string): ScoringFact =>
    fact(ALICE, 'attestation', at, { details: { grantedBy: by, attestation: what } });

  test('need an attestation of the named kind from a holder of the named levels; until then a person must act', () => {
    const policy = policyWith('- attestation: { kind: mentor_recommendation, from: [base] }');
    const roles = [role(BOB, 'base', '2025-01-01T00:00:00Z')];
    expect(judge(engineOf(policy, [], roles), '2026-04-01T00:00:00Z')).toMatchObject({
      status: 'needs_confirmation',
      observed: 0,
    });
    expect(
      judge(
        engineOf(policy, [attestation('carol', 'mentor_recommendation', '2026-02-01T00:00:00Z')], roles),
        '2026-04-01T00:00:00Z',
      ),
    ).toMatchObject({
      status: 'needs_confirmation',
      notes: [{ kind: 'giver_not_eligible', login: 'carol' }],
    });
    expect(
      judge(
        engineOf(policy, [attestation('bob', 'mentor_recommendation', '2026-02-01T00:00:00Z')], roles),
        '2026-04-01T00:00:00Z',
      ),
    ).toMatchObject({ status: 'met', observed: 1 });
  });

  test('count a majority of the current holders for a vote', () => {
    const policy = policyWith('- attestation: { kind: vote, from: [base], min: majority }');
    const roles = [BOB, CAROL, DAVE, 5].map((id) => role(id, 'base', '2025-01-01T00:00:00Z'));
    const votes = ['bob', 'carol'].map((by) => attestation(by, 'vote', '2026-02-01T00:00:00Z'));
    expect(judge(engineOf(policy, votes, roles), '2026-04-01T00:00:00Z')).toMatchObject({
      status: 'needs_confirmation',
      observed: 2,
      required: 3,
      notes: expect.arrayContaining([{ kind: 'electorate', levels: ['base'], holders: 4 }]),
    });
    const more = [...votes, attestation('erin', 'vote', '2026-02-03T00:00:00Z')];
    expect(judge(engineOf(policy, more, roles), '2026-04-01T00:00:00Z')).toMatchObject({
      status: 'met',
      observed: 3,
    });
  });

  test("count a vote's electorate as the holders at the moment judged, people with no record among them", () => {
    const policy = policyWith('- attestation: { kind: vote, from: [base], min: majority }');
    const roles = [
      role(BOB, 'base', '2025-01-01T00:00:00Z'),
      role(CAROL, 'base', '2025-01-01T00:00:00Z', { until: '2026-03-01T00:00:00Z' }),
      role(DAVE, 'base', '2026-05-01T00:00:00Z'),
      // A holder with no record (the roster names them; no activity is imported): id -7.
      role(-7, 'base', '2025-01-01T00:00:00Z'),
    ];
    const votes = [
      attestation('bob', 'vote', '2026-02-01T00:00:00Z'),
      attestation('zed', 'vote', '2026-02-02T00:00:00Z'),
    ];
    const engine = createLadderEngine({
      policy,
      rules: RULES,
      facts: votes,
      people: PEOPLE,
      roles,
      keepEvidence: true,
      formerLogins: new Map([['zed', -7]]),
    });
    // bob and zed hold base on 2026-04-01; carol's ended, dave's has not begun.
    expect(judge(engine, '2026-04-01T00:00:00Z')).toMatchObject({
      status: 'met',
      observed: 2,
      required: 2,
      notes: expect.arrayContaining([{ kind: 'electorate', levels: ['base'], holders: 2 }]),
    });
    expect(judge(engine, '2026-02-15T00:00:00Z').notes).toContainEqual({
      kind: 'electorate',
      levels: ['base'],
      holders: 3,
    });
  });

  test('confirm a criterion by an attestation named after it', () => {
    const policy = policyWith(
      '- criterion: { text: Demonstrates technical leadership, confirmed_by: [base] }',
    );
    const roles = [role(BOB, 'base', '2025-01-01T00:00:00Z')];
    expect(judge(engineOf(policy, [], roles), '2026-04-01T00:00:00Z').status).toBe('needs_confirmation');
    const confirmed = engineOf(
      policy,
      [attestation('bob', 'demonstrates_technical_leadership', '2026-02-01T00:00:00Z')],
      roles,
    );
    expect(judge(confirmed, '2026-04-01T00:00:00Z')).toMatchObject({ status: 'met', evidenceCount: 1 });
  });
});

describe('attendance requirements', () => {
  const meeting = (personId: number, day: string, series = 'community-call'): ScoringFact =>
    fact(personId, 'meeting_attended', `${day}T16:00:00Z`, { details: { series } });
  const thursdays = ['2026-01-08', '2026-01-15', '2026-01-22', '2026-01-29', '2026-02-05'];

  test('compare the meetings attended with the meetings anyone was recorded at', () => {
    const facts = [
      ...thursdays.map((day) => meeting(BOB, day)),
      ...thursdays.slice(0, 4).map((day) => meeting(ALICE, day)),
      meeting(ALICE, '2026-01-09', 'other-series'),
    ];
    const engine = engineOf(
      policyWith('- attendance: { series: Community-Call, min_ratio: 0.8, window: term }'),
      facts,
    );
    expect(judge(engine, '2026-02-10T00:00:00Z', { term: TERM })).toMatchObject({
      status: 'met',
      observed: 0.8,
      required: 0.8,
      notes: [{ kind: 'meetings', attended: 4, held: 5 }],
    });
  });

  test('count meetings by cadence when the policy gives one, and say how many more are needed', () => {
    const facts = thursdays.slice(0, 3).map((day) => meeting(ALICE, day));
    const engine = engineOf(
      policyWith('- attendance: { series: community-call, min_ratio: 0.8, window: term, cadence: 1w }'),
      facts,
    );
    expect(judge(engine, '2026-02-09T00:00:00Z', { term: TERM })).toMatchObject({
      status: 'unmet',
      observed: 0.6,
      notes: [{ kind: 'meetings', attended: 3, held: 5 }],
      remaining: { amount: 7, by: '2026-03-30T00:00:00Z' },
    });
  });

  test('leave it to a person when no meeting of the series is on record', () => {
    const engine = engineOf(
      policyWith('- attendance: { series: community-call, min_ratio: 0.8, window: 12w }'),
      [],
    );
    expect(judge(engine, '2026-02-10T00:00:00Z')).toMatchObject({
      status: 'needs_confirmation',
      observed: null,
      notes: [{ kind: 'meetings', held: 0 }, { kind: 'no_meetings_recorded' }],
    });
  });
});

describe('composite requirements', () => {
  test('combine their parts: all, any, at least n, with confirmation pending between met and unmet', () => {
    const engine = engineOf(
      policyWith(`- all_of:
    - count: { min: 1, kinds: [pr_opened], window: all }
    - criterion: { text: kind, confirmed_by: [base] }
- any_of:
    - count: { min: 5, kinds: [pr_opened], window: all }
    - count: { min: 1, kinds: [issue_opened], window: all }
- at_least:
    n: 2
    of:
      - count: { min: 1, kinds: [pr_opened], window: all }
      - count: { min: 1, kinds: [issue_opened], window: all }
      - count: { min: 1, kinds: [commit], window: all }`),
      [fact(ALICE, 'pr_opened', '2026-01-01T00:00:00Z', { number: 1, item: {} })],
    );
    const at = '2026-02-01T00:00:00Z';
    expect(judge(engine, at, {}, 0)).toMatchObject({
      status: 'needs_confirmation',
      observed: 1,
      required: 2,
    });
    expect(judge(engine, at, {}, 1)).toMatchObject({ status: 'unmet', final: true });
    expect(judge(engine, at, {}, 2)).toMatchObject({ status: 'unmet', observed: 1, required: 2 });
  });
});

describe('monotonicity', () => {
  const KINDS = ACTIVITY_KINDS.filter((kind) => kind !== 'bonus');
  const policy = policyWith(`- points: { min: 60, window: 30d }
- points: { min: 40, window: first 6w of term }
- count: { min: 3, kinds: [pr_opened, issue_opened, pr_reviewed], window: term }
- count: { min: 2, kinds: [issue_opened], labels: [help wanted], window: all, distinct_items: true }
- count: { min: 2, kinds: [pr_reviewed], review_states: [approved], window: 12w, in_scope: true }`);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const arbitraryFact = fc
    .record({
      personId: fc.constantFrom(ALICE, BOB),
      kind: fc.constantFrom(...KINDS),
      day: fc.integer({ min: 0, max: 120 }),
      number: fc.integer({ min: 1, max: 6 }),
      repo: fc.constantFrom('org/app', 'org/other'),
      labels: fc.subarray(['help wanted', 'bug', 'spam']),
      reviewState: fc.constantFrom('approved', 'commented', 'changes_requested'),
      bonus: fc.integer({ min: 0, max: 50 }),
      isBonus: fc.boolean(),
    })
    .map((drawn) =>
      fact(
        drawn.personId,
        drawn.isBonus ? 'bonus' : drawn.kind,
        new Date(start + drawn.day * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        {
          number: drawn.number,
          repo: drawn.repo,
          details: { reviewState: drawn.reviewState, points: drawn.bonus },
          item: { type: drawn.kind.startsWith('issue') ? 'issue' : 'pr', labels: drawn.labels },
        },
      ),
    );

  test('adding activity never turns a met count or points requirement unmet (bonus grants of 0 or more points)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryFact, { maxLength: 40 }),
        fc.array(arbitraryFact, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 10, max: 130 }),
        (before, added, checkDay) => {
          const at = new Date(start + checkDay * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
          const situation = { term: TERM, scope: 'org/app' };
          const earlier = engineOf(policy, before);
          const later = engineOf(policy, [...before, ...added]);
          for (let index = 0; index < policy.levels[1]!.requires.of.length; index++) {
            const was = judge(earlier, at, situation, index);
            const now = judge(later, at, situation, index);
            expect(now.observed!).toBeGreaterThanOrEqual(was.observed!);
            if (was.status === 'met') expect(now.status).toBe('met');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
