import { describe, expect, test } from 'vitest';
import type { ActivityKind } from '../activity.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseScoringRules } from '../scoring/parse-scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import { createLadderEngine } from './create-ladder-engine.ts';
import { evaluateCommunity } from './evaluate-community.ts';
import { evaluatePerson } from './evaluate-person.ts';
import type { LadderEngine } from './evaluate-requirement.ts';
import type { LadderPolicy } from './ladder-policy.ts';
import { parseLadderPolicy } from './parse-ladder-policy.ts';
import type { RoleAssignment } from './role-assignment.ts';

const POLICY_TEXT = `name: test
title: Test ladder
standing: { cycle: 1mo, emeritus_offer_after: 2 }
inactivity: { after: 6mo, grace: 30d }
reinstatement:
  requires:
    - count: { min: 3, kinds: [contributions], window: 30d }
    - attestation: { kind: reinstatement_vote, from: [maintainer], min: majority }
levels:
  - id: contributor
    title: Contributor
    summary: c
    requires:
      - count: { min: 3, kinds: [pr_opened], window: all }
  - id: maintainer
    title: Maintainer
    summary: m
    requires:
      - tenure: { level: contributor, min: 3mo }
      - count: { min: 5, kinds: [pr_merged], window: 6mo }
    stay:
      - count: { min: 2, kinds: [pr_merged], window: cycle }
  - id: reviewer
    title: Reviewer
    summary: r
    after: contributor
    scoped: true
    requires:
      - count: { min: 2, kinds: [pr_reviewed], window: all, in_scope: true }
statuses:
  - id: voter
    title: Voter
    requires:
      - count: { min: 4, kinds: [contributions], window: 1y }
`;

function policy(text: string = POLICY_TEXT): LadderPolicy {
  const parsed = parseLadderPolicy(text, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.value;
}

const rules = (() => {
  const parsed = parseScoringRules('points: {}', 'rules.yaml');
  if (!parsed.ok) throw new Error('bad rules');
  return parsed.value;
})();

const LOGINS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'dependabot[bot]'];
const PEOPLE: ReadonlyMap<number, PersonSummary> = new Map(
  LOGINS.map((login, index) => [
    index + 1,
    { id: index + 1, login, name: null, githubId: index + 1, isBot: login.endsWith('[bot]') },
  ]),
);
const id = (login: string): number => LOGINS.indexOf(login) + 1;

let sequence = 0;
function act(login: string, kind: ActivityKind, day: string, extra: Partial<ScoringFact> = {}): ScoringFact {
  sequence++;
  return {
    key: `${kind}:${sequence}`,
    personId: id(login),
    kind,
    occurredAt: `${day}T12:00:00Z`,
    repo: 'org/app',
    itemNumber: sequence,
    url: null,
    details: {},
    item: null,
    ...extra,
  };
}

function role(
  login: string,
  level: string,
  since: string,
  extra: Partial<RoleAssignment> = {},
): RoleAssignment {
  sequence++;
  return {
    id: sequence,
    personId: id(login),
    level,
    scope: null,
    since: `${since}T00:00:00Z`,
    until: null,
    decision: null,
    previousLevel: null,
    ...extra,
  };
}

function engine(facts: ScoringFact[], roles: RoleAssignment[]): LadderEngine {
  return createLadderEngine({ policy: policy(), rules, facts, people: PEOPLE, roles });
}

function evaluate(login: string, facts: ScoringFact[], roles: RoleAssignment[], asOf: string) {
  return evaluatePerson(engine(facts, roles), PEOPLE.get(id(login))!, `${asOf}T00:00:00Z`);
}

describe('evaluatePerson', () => {
  test('judges someone without a level for the entry level', () => {
    const result = evaluate(
      'alice',
      ['2026-01-02', '2026-01-03', '2026-01-04'].map((day) => act('alice', 'pr_opened', day)),
      [],
      '2026-02-01',
    );
    expect(result.level).toBeNull();
    expect(result.inactivity).toBeNull();
    expect(result.next.map((candidate) => [candidate.level, candidate.eligibility])).toEqual([
      ['contributor', 'eligible'],
    ]);
  });

  test('keeps a maintainer who met the last cycle in good standing, and shows progress in the current one', () => {
    const facts = [
      act('bob', 'pr_merged', '2026-02-03'),
      act('bob', 'pr_merged', '2026-02-20'),
      act('bob', 'pr_merged', '2026-03-02'),
    ];
    const result = evaluate(
      'bob',
      facts,
      [role('bob', 'contributor', '2025-01-01'), role('bob', 'maintainer', '2025-10-01')],
      '2026-03-10',
    );
    expect(result.level).toMatchObject({ level: 'maintainer', standing: { kind: 'good', checkedCycles: 1 } });
    expect(result.level!.currentCycle).toMatchObject({
      cycle: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
      trace: {
        status: 'unmet',
        children: [{ observed: 1, remaining: { amount: 1, by: '2026-04-01T00:00:00Z', daysLeft: 22 } }],
      },
    });
  });

  test('puts a maintainer at risk after a missed cycle, with what was missed and the deadline', () => {
    const facts = [
      act('bob', 'pr_merged', '2026-01-05'),
      act('bob', 'pr_merged', '2026-01-06'),
      act('bob', 'pr_merged', '2026-02-03'),
    ];
    const result = evaluate('bob', facts, [role('bob', 'maintainer', '2025-10-01')], '2026-03-10');
    expect(result.level!.standing).toMatchObject({
      kind: 'at_risk',
      missedCycles: 1,
      lastCycle: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      deadline: '2026-04-01T00:00:00Z',
      missed: {
        status: 'unmet',
        children: [{ observed: 1, required: 2, window: { label: 'the cycle 2026-02-01 to 2026-02-28' } }],
      },
    });
  });

  test('offers emeritus to a maintainer after two missed cycles in a row', () => {
    const facts = [act('bob', 'pr_merged', '2026-01-05'), act('bob', 'pr_merged', '2026-02-03')];
    const result = evaluate('bob', facts, [role('bob', 'maintainer', '2026-01-01')], '2026-03-10');
    expect(result.level!.standing).toMatchObject({ kind: 'emeritus_offer', missedCycles: 2 });
  });

  test('counts every cycle of a run of missed cycles, not only the first', () => {
    // The same ladder without an emeritus offer: missed cycles only put the maintainer at risk.
    const noOffer = policy(POLICY_TEXT.replace(', emeritus_offer_after: 2', ''));
    const judge = (facts: ScoringFact[], asOf: string) =>
      evaluatePerson(
        createLadderEngine({
          policy: noOffer,
          rules,
          facts,
          people: PEOPLE,
          roles: [role('bob', 'maintainer', '2025-10-01')],
        }),
        PEOPLE.get(id('bob'))!,
        `${asOf}T00:00:00Z`,
      );
    const january = [act('bob', 'pr_merged', '2026-01-05'), act('bob', 'pr_merged', '2026-01-06')];
    // One merged PR in each of February and March: under the threshold two calendar months in a row.
    const twoShort = judge(
      [...january, act('bob', 'pr_merged', '2026-02-03'), act('bob', 'pr_merged', '2026-03-03')],
      '2026-04-10',
    );
    expect(twoShort.level!.standing).toMatchObject({
      kind: 'at_risk',
      missedCycles: 2,
      lastCycle: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
    });
    // Nothing since January: February to September are 8 missed cycles.
    expect(judge(january, '2026-10-10').level!.standing).toMatchObject({ kind: 'at_risk', missedCycles: 8 });
    // A cycle met ends the run: January missed, February met, March and April missed.
    const interrupted = judge(
      [act('bob', 'pr_merged', '2026-02-03'), act('bob', 'pr_merged', '2026-02-04')],
      '2026-05-10',
    );
    expect(interrupted.level!.standing).toMatchObject({ kind: 'at_risk', missedCycles: 2 });
  });

  test('counts the whole run of missed cycles past the number that brings an emeritus offer', () => {
    const facts = [act('bob', 'pr_merged', '2026-01-05'), act('bob', 'pr_merged', '2026-01-06')];
    const result = evaluate('bob', facts, [role('bob', 'maintainer', '2025-10-01')], '2026-06-10');
    expect(result.level!.standing).toMatchObject({
      kind: 'emeritus_offer',
      missedCycles: 4,
      lastCycle: { from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' },
    });
  });

  test('gives an at-risk maintainer who is due an inactivity notice one deadline: the end of its grace period', () => {
    const noOffer = policy(POLICY_TEXT.replace(', emeritus_offer_after: 2', ''));
    const judge = (asOf: string) =>
      evaluatePerson(
        createLadderEngine({
          policy: noOffer,
          rules,
          facts: [act('bob', 'pr_merged', '2026-01-05'), act('bob', 'pr_merged', '2026-01-06')],
          people: PEOPLE,
          roles: [role('bob', 'maintainer', '2025-10-01')],
        }),
        PEOPLE.get(id('bob'))!,
        `${asOf}T00:00:00Z`,
      );
    // Still active (a notice is due 2026-07-06): the deadline is the end of the current cycle.
    expect(judge('2026-03-10').level!.standing).toMatchObject({
      kind: 'at_risk',
      deadline: '2026-04-01T00:00:00Z',
    });
    const inactive = judge('2026-07-20');
    expect(inactive.inactivity).toMatchObject({ kind: 'notice_due', graceEndsAt: '2026-08-05T12:00:00Z' });
    expect(inactive.level!.standing).toMatchObject({ kind: 'at_risk', deadline: '2026-08-05T12:00:00Z' });
  });

  test('does not judge a cycle the person held the level for only in part', () => {
    const result = evaluate('bob', [], [role('bob', 'maintainer', '2026-02-15')], '2026-03-10');
    expect(result.level!.standing).toEqual({ kind: 'good', checkedCycles: 0 });
  });

  test('says when an inactivity notice is due and when emeritus follows the grace period', () => {
    const facts = [act('carol', 'issue_comment', '2025-06-01')];
    const roles = [role('carol', 'contributor', '2024-01-01')];
    expect(evaluate('carol', facts, roles, '2025-11-15').inactivity).toMatchObject({ kind: 'active' });
    expect(evaluate('carol', facts, roles, '2025-12-15').inactivity).toEqual({
      kind: 'notice_due',
      lastContributionAt: '2025-06-01T12:00:00Z',
      noticeDueAt: '2025-12-01T12:00:00Z',
      graceEndsAt: '2025-12-31T12:00:00Z',
    });
    expect(evaluate('carol', facts, roles, '2026-01-05').inactivity).toMatchObject({ kind: 'emeritus_due' });
    expect(
      evaluate('carol', facts, [role('carol', 'contributor', '2025-11-01')], '2025-12-15').inactivity,
    ).toMatchObject({
      kind: 'active',
      noticeDueAt: '2026-05-01T00:00:00Z',
    });
  });

  test('judges an emeritus person for reinstatement at the level held before', () => {
    const roles = [
      role('dave', 'emeritus', '2025-06-01', { previousLevel: 'maintainer' }),
      ...['bob', 'carol', 'erin'].map((login) => role(login, 'maintainer', '2024-01-01')),
    ];
    const recent = ['2026-03-01', '2026-03-05', '2026-03-09'].map((day) => act('dave', 'pr_opened', day));
    const vote = (by: string): ScoringFact =>
      act('dave', 'attestation', '2026-03-08', {
        details: { grantedBy: by, attestation: 'reinstatement_vote' },
        repo: null,
        itemNumber: null,
      });
    const waiting = evaluate('dave', [...recent, vote('bob')], roles, '2026-03-10');
    expect(waiting.level).toBeNull();
    expect(waiting.next).toEqual([]);
    expect(waiting.emeritus).toMatchObject({
      previousLevel: 'maintainer',
      reinstatement: { level: 'maintainer', title: 'Maintainer', eligibility: 'needs_confirmation' },
    });
    const voted = evaluate('dave', [...recent, vote('bob'), vote('carol')], roles, '2026-03-10');
    expect(voted.emeritus!.reinstatement!.eligibility).toBe('eligible');
    expect(
      evaluate('dave', [vote('bob'), vote('carol')], roles, '2026-03-10').emeritus!.reinstatement!
        .eligibility,
    ).toBe('not_eligible');
  });

  test('judges a scoped level in the repositories the person works in', () => {
    const facts = [
      act('erin', 'pr_reviewed', '2026-01-10'),
      act('erin', 'pr_reviewed', '2026-01-11'),
      act('erin', 'pr_reviewed', '2026-01-12', { repo: 'org/docs' }),
    ];
    const result = evaluate('erin', facts, [role('erin', 'contributor', '2025-01-01')], '2026-02-01');
    expect(result.next.map((candidate) => [candidate.level, candidate.scope, candidate.eligibility])).toEqual(
      [
        ['maintainer', null, 'not_eligible'],
        ['reviewer', 'org/app', 'eligible'],
        ['reviewer', 'org/docs', 'not_eligible'],
      ],
    );
  });

  test('reports the policy statuses', () => {
    const facts = ['2025-09-01', '2025-10-01', '2025-11-01', '2026-01-01'].map((day) =>
      act('frank', 'issue_comment', day),
    );
    expect(evaluate('frank', facts, [], '2026-02-01').statuses).toMatchObject([
      { id: 'voter', status: 'met' },
    ]);
    expect(evaluate('frank', facts, [], '2026-10-01').statuses).toMatchObject([
      { id: 'voter', status: 'unmet' },
    ]);
  });
});

describe('evaluateCommunity', () => {
  test('lists who is eligible, who is at risk, who is due a notice, who may return, and holders of each level', () => {
    const facts = [
      ...['2026-01-02', '2026-01-03', '2026-01-04'].map((day) => act('alice', 'pr_opened', day)),
      act('bob', 'pr_merged', '2026-01-05'),
      act('bob', 'pr_merged', '2026-02-03'),
      act('carol', 'issue_comment', '2025-06-01'),
      ...['2026-03-01', '2026-03-05', '2026-03-09'].map((day) => act('dave', 'pr_opened', day)),
      act('dave', 'attestation', '2026-03-08', {
        details: { grantedBy: 'bob', attestation: 'reinstatement_vote' },
      }),
      ...['2026-01-02', '2026-01-03', '2026-01-04'].map((day) => act('dependabot[bot]', 'pr_opened', day)),
    ];
    const roles = [
      role('bob', 'maintainer', '2025-10-01'),
      role('carol', 'contributor', '2024-01-01'),
      role('dave', 'emeritus', '2025-06-01', { previousLevel: 'maintainer' }),
      role('grace', 'contributor', '2026-02-20'),
    ];
    const result = evaluateCommunity(engine(facts, roles), '2026-03-10T00:00:00Z');
    expect(result.people).toBe(5);
    expect(result.holders).toEqual({ contributor: 2, maintainer: 1, reviewer: 0, emeritus: 1 });
    expect(result.eligible.map((entry) => [entry.login, entry.level, entry.eligibility])).toEqual([
      ['alice', 'contributor', 'eligible'],
    ]);
    expect(result.standing.map((entry) => [entry.login, entry.level, entry.standing.kind])).toEqual([
      ['bob', 'maintainer', 'emeritus_offer'],
    ]);
    expect(result.inactivity.map((entry) => [entry.login, entry.inactivity.kind])).toEqual([
      ['carol', 'emeritus_due'],
    ]);
    expect(
      result.reinstatable.map((entry) => [entry.login, entry.level, entry.eligibility, entry.awaiting]),
    ).toEqual([['dave', 'maintainer', 'eligible', []]]);
    expect(result.statuses).toEqual({ voter: [] });
    expect(result.evaluations).toBeNull();
  });
});
