import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LADDER_PRESETS, loadLadderPreset } from '../src/adapters/presets/load-ladder-preset.ts';
import { loadScoringPreset } from '../src/adapters/presets/load-scoring-preset.ts';
import { InputError } from '../src/app/input-error.ts';
import { rulesForPolicy } from '../src/compose/ladder-services.ts';
import type { ActivityKind } from '../src/core/activity.ts';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { createLadderEngine } from '../src/core/ladder/create-ladder-engine.ts';
import type { PersonEvaluation } from '../src/core/ladder/evaluate-person.ts';
import { evaluatePerson } from '../src/core/ladder/evaluate-person.ts';
import type { LadderPolicy } from '../src/core/ladder/ladder-policy.ts';
import { parseLadderPolicy } from '../src/core/ladder/parse-ladder-policy.ts';
import type { RequirementTrace } from '../src/core/ladder/requirement-trace.ts';
import type { RoleAssignment } from '../src/core/ladder/role-assignment.ts';
import type { ScoringRules } from '../src/core/scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../src/core/scoring-fact.ts';

// Each shipped ladder judged on hand-built communities whose right answers are worked out by hand.

const LOGINS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const PEOPLE: ReadonlyMap<number, PersonSummary> = new Map(
  LOGINS.map((login, index) => [
    index + 1,
    { id: index + 1, login, name: null, githubId: index + 1, isBot: false },
  ]),
);
const id = (login: string): number => LOGINS.indexOf(login) + 1;

let sequence = 0;
interface ActOptions {
  /** Null for acts outside any repository; kubestellar/kubestellar when left out. */
  readonly repo?: string | null;
  readonly number?: number;
  readonly details?: Record<string, unknown>;
  readonly item?: Partial<ScoringItem>;
  readonly time?: string;
}
function act(login: string, kind: ActivityKind, day: string, options: ActOptions = {}): ScoringFact {
  sequence++;
  const number = options.number ?? sequence;
  const repo = options.repo === undefined ? 'kubestellar/kubestellar' : options.repo;
  return {
    key: `${kind}:${sequence}`,
    personId: id(login),
    kind,
    occurredAt: `${day}T${options.time ?? '12:00:00'}Z`,
    repo,
    itemNumber: repo === null ? null : number,
    url: repo === null ? null : `https://github.com/${repo}/pull/${number}`,
    details: options.details ?? {},
    item:
      repo === null
        ? null
        : {
            type: 'pr',
            labels: [],
            state: 'closed',
            stateReason: null,
            mergedAt: null,
            authorId: id(login),
            ...options.item,
          },
  };
}
function repeat<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index));
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
function grant(
  login: string,
  kind: 'attestation' | 'sponsorship',
  by: string,
  day: string,
  details: Record<string, unknown> = {},
): ScoringFact {
  return act(login, kind, day, { repo: null, details: { grantedBy: by, ...details } });
}
/** The ISO day `days` after `day`. */
function plus(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function evaluate(
  policy: LadderPolicy,
  rules: ScoringRules,
  login: string,
  facts: ScoringFact[],
  roles: RoleAssignment[],
  asOf: string,
): PersonEvaluation {
  const engine = createLadderEngine({ policy, rules, facts, people: PEOPLE, roles, keepEvidence: true });
  return evaluatePerson(engine, PEOPLE.get(id(login))!, `${asOf}T00:00:00Z`);
}

/** Each part of a trace as [title or path, status, observed]. */
function parts(trace: RequirementTrace): [string, string, number | null][] {
  return trace.children.map((child) => [
    child.requirement.title ?? child.requirement.path,
    child.status,
    child.observed,
  ]);
}

test('every shipped ladder but the CNCF template loads', () => {
  for (const name of LADDER_PRESETS) {
    if (name === 'cncf') expect(() => loadLadderPreset(name)).toThrow(InputError);
    else expect(loadLadderPreset(name).name).toBe(name);
  }
});

describe('kubestellar (the points ladder)', () => {
  const policy = loadLadderPreset('kubestellar');
  const rules = rulesForPolicy(policy);
  const TERM_START = '2026-01-05';
  const thursdays = repeat(12, (week) => plus('2026-01-08', 7 * week));
  const meetings = (login: string, days: readonly string[]): ScoringFact[] =>
    days.map((day) =>
      act(login, 'meeting_attended', day, { details: { series: 'community-call' }, repo: null }),
    );
  const bonus = (login: string, day: string, points: number): ScoringFact =>
    act(login, 'bonus', day, { repo: null, details: { points, grantedBy: 'erin', reason: 'r' } });
  const menteeRoles = [
    role('alice', 'contributor', '2025-06-01'),
    role('alice', 'unpaid-mentee', TERM_START),
    role('bob', 'mentor', '2025-01-01'),
    role('erin', 'maintainer', '2024-01-01'),
  ];

  test('a mentee with 22,000 points in the first 6 weeks and 41,000 in the term but 70% attendance is not eligible', () => {
    const facts = [
      bonus('alice', '2026-01-10', 22_000),
      bonus('alice', '2026-03-01', 19_000),
      ...meetings('bob', thursdays.slice(0, 10)),
      ...meetings('alice', thursdays.slice(0, 7)),
      grant('alice', 'attestation', 'bob', '2026-03-20', { attestation: 'mentor_recommendation' }),
    ];
    const result = evaluate(policy, rules, 'alice', facts, menteeRoles, '2026-04-01');
    const paid = result.next.find((candidate) => candidate.level === 'paid-mentee')!;
    expect(paid.eligibility).toBe('not_eligible');
    expect(parts(paid.trace)).toEqual([
      ['at least 40,000 points over the 12-week term', 'met', 41_000],
      ['at least 20,000 of them in the first 6 weeks', 'met', 22_000],
      ['attends at least 80% of the weekly meetings', 'unmet', 0.7],
      ["a mentor's recommendation", 'met', 1],
    ]);
    expect(paid.trace.children[2]!.notes).toEqual([
      { kind: 'meetings', series: 'community-call', attended: 7, held: 10 },
    ]);
    expect(result.level).toMatchObject({
      level: 'unpaid-mentee',
      standing: { kind: 'term_ended', completed: false },
    });
  });

  test('the same mentee at 80% attendance with a recommendation is eligible; without it, eligible once confirmed', () => {
    const facts = [
      bonus('alice', '2026-01-10', 22_000),
      bonus('alice', '2026-03-01', 19_000),
      ...meetings('bob', thursdays.slice(0, 10)),
      ...meetings('alice', thursdays.slice(0, 8)),
    ];
    const waiting = evaluate(policy, rules, 'alice', facts, menteeRoles, '2026-04-01');
    expect(waiting.next.find((candidate) => candidate.level === 'paid-mentee')!.eligibility).toBe(
      'needs_confirmation',
    );
    const recommended = [
      ...facts,
      grant('alice', 'attestation', 'bob', '2026-03-20', { attestation: 'mentor_recommendation' }),
    ];
    expect(
      evaluate(policy, rules, 'alice', recommended, menteeRoles, '2026-04-01').next[0]!.eligibility,
    ).toBe('eligible');
  });

  test('a mentee behind after 6 weeks is at risk until the next check, with what was missed', () => {
    const facts = [
      bonus('alice', '2026-01-10', 15_000),
      ...meetings('bob', thursdays.slice(0, 7)),
      ...meetings('alice', thursdays.slice(0, 7)),
    ];
    const result = evaluate(policy, rules, 'alice', facts, menteeRoles, '2026-02-20');
    expect(result.level!.standing).toMatchObject({
      kind: 'at_risk',
      missedCycles: 1,
      lastCycle: { from: '2026-01-05T00:00:00Z', to: '2026-02-16T00:00:00Z' },
      deadline: '2026-03-30T00:00:00Z',
    });
    const standing = result.level!.standing;
    if (standing.kind !== 'at_risk') return;
    expect(parts(standing.missed)).toContainEqual([
      'at least 20,000 of them in the first 6 weeks',
      'unmet',
      15_000,
    ]);
  });

  test('a maintainer under 5,000 points last calendar month is at risk; a contributor with 500 points a year is eligible', () => {
    const prs = (login: string, count: number, day: string): ScoringFact[] =>
      repeat(count, (index) => act(login, 'pr_merged', day, { number: 1000 + sequence + index }));
    const roles = [role('carol', 'maintainer', '2025-01-01')];
    const facts = [...prs('carol', 8, '2026-01-15'), ...prs('carol', 5, '2026-02-10')];
    const result = evaluate(policy, rules, 'carol', facts, roles, '2026-03-05');
    expect(result.level!.standing).toMatchObject({
      kind: 'at_risk',
      lastCycle: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      missed: { children: [{ observed: 2_500, required: 5_000 }] },
    });
    const newcomer = evaluate(
      policy,
      rules,
      'dave',
      [act('dave', 'pr_opened', '2026-02-01'), act('dave', 'pr_merged', '2026-02-02')],
      [],
      '2026-03-05',
    );
    expect(newcomer.next).toMatchObject([
      { level: 'contributor', eligibility: 'eligible', trace: { children: [{ observed: 700 }] } },
    ]);
  });

  test('9 months without contributions brings a notice, and emeritus after 30 days of grace', () => {
    const roles = [role('frank', 'contributor', '2024-01-01')];
    const facts = [act('frank', 'pr_opened', '2025-03-10')];
    expect(evaluate(policy, rules, 'frank', facts, roles, '2025-12-20').inactivity).toMatchObject({
      kind: 'notice_due',
      noticeDueAt: '2025-12-10T12:00:00Z',
      graceEndsAt: '2026-01-09T12:00:00Z',
    });
    expect(evaluate(policy, rules, 'frank', facts, roles, '2026-01-10').inactivity!.kind).toBe(
      'emeritus_due',
    );
  });

  test('reinstates an emeritus maintainer after 3 contributions in 30 days, a maintainer sponsor and a majority vote', () => {
    const roles = [
      role('grace', 'emeritus', '2025-01-01', { previousLevel: 'maintainer' }),
      role('erin', 'maintainer', '2024-01-01'),
      role('heidi', 'maintainer', '2024-01-01'),
      role('bob', 'maintainer', '2024-01-01'),
    ];
    const facts = [
      ...repeat(3, (index) => act('grace', 'pr_opened', plus('2026-02-10', index))),
      grant('grace', 'sponsorship', 'erin', '2026-02-15', { level: 'maintainer' }),
      grant('grace', 'attestation', 'erin', '2026-02-20', { attestation: 'reinstatement_vote' }),
    ];
    const oneVote = evaluate(policy, rules, 'grace', facts, roles, '2026-03-01');
    expect(oneVote.emeritus!.reinstatement).toMatchObject({
      level: 'maintainer',
      eligibility: 'needs_confirmation',
    });
    expect(parts(oneVote.emeritus!.reinstatement!.trace)).toEqual([
      ['at least 3 contributions within 30 days (bug reports, doc PRs, code PRs)', 'met', 3],
      ['a maintainer as sponsor', 'met', 1],
      ['a simple majority of maintainers', 'needs_confirmation', 1],
    ]);
    const twoVotes = [
      ...facts,
      grant('grace', 'attestation', 'heidi', '2026-02-21', { attestation: 'reinstatement_vote' }),
    ];
    expect(
      evaluate(policy, rules, 'grace', twoVotes, roles, '2026-03-01').emeritus!.reinstatement!.eligibility,
    ).toBe('eligible');
  });

  test('counts a PR opened and merged as one contribution toward reinstatement, and meetings as none', () => {
    for (const ladder of [policy, loadLadderPreset('kubestellar-pathway')]) {
      const roles = [role('grace', 'emeritus', '2025-01-01', { previousLevel: 'maintainer' })];
      const facts = [
        act('grace', 'pr_opened', '2026-02-10', { number: 41 }),
        act('grace', 'pr_merged', '2026-02-12', { number: 41 }),
        act('grace', 'pr_opened', '2026-02-14', { number: 42 }),
        act('grace', 'pr_merged', '2026-02-15', { number: 42 }),
        ...repeat(3, (index) =>
          act('grace', 'meeting_attended', plus('2026-02-16', index), {
            repo: null,
            details: { series: 'community-call' },
          }),
        ),
      ];
      const contributions = (list: ScoringFact[]) =>
        evaluate(ladder, rulesForPolicy(ladder), 'grace', list, roles, '2026-03-01').emeritus!.reinstatement!
          .trace.children[0]!;
      expect(contributions(facts)).toMatchObject({ status: 'unmet', observed: 2 });
      const bugReport = act('grace', 'issue_opened', '2026-02-20', {
        number: 43,
        item: { type: 'issue', labels: ['bug'] },
      });
      expect(contributions([...facts, bugReport])).toMatchObject({ status: 'met', observed: 3 });
    }
  });
});

describe('kubestellar-pathway (the count-based ladder)', () => {
  const policy = loadLadderPreset('kubestellar-pathway');
  const rules = rulesForPolicy(policy);
  const maintainer = [role('carol', 'maintainer', '2025-01-01')];
  /** What a maintainer must do in one 2-month cycle; `short` leaves out one merged PR. */
  const cycleWork = (from: string, short: boolean): ScoringFact[] => [
    ...repeat(2, (index) =>
      act('carol', 'issue_opened', plus(from, index), { item: { type: 'issue', labels: ['help wanted'] } }),
    ),
    ...repeat(short ? 2 : 3, (index) => act('carol', 'pr_merged', plus(from, 3 + index))),
    ...repeat(8, (index) =>
      act('carol', 'pr_reviewed', plus(from, 10 + index), { details: { reviewState: 'approved' } }),
    ),
    ...repeat(3, (index) =>
      act('carol', 'meeting_attended', plus(from, 20 + 7 * index), { details: { series: 'community-call' } }),
    ),
  ];

  test('keeps a maintainer who met the bi-monthly minimums in good standing', () => {
    const result = evaluate(
      policy,
      rules,
      'carol',
      [...cycleWork('2026-01-02', false), ...cycleWork('2026-03-02', false)],
      maintainer,
      '2026-05-10',
    );
    expect(result.level!.standing).toEqual({ kind: 'good', checkedCycles: 1 });
  });

  test('puts a maintainer at risk after one missed cycle and offers emeritus after two in a row', () => {
    const once = evaluate(
      policy,
      rules,
      'carol',
      [...cycleWork('2026-01-02', false), ...cycleWork('2026-03-02', true)],
      maintainer,
      '2026-05-10',
    );
    expect(once.level!.standing).toMatchObject({
      kind: 'at_risk',
      missedCycles: 1,
      deadline: '2026-07-01T00:00:00Z',
    });
    const standing = once.level!.standing;
    if (standing.kind !== 'at_risk') return;
    expect(parts(standing.missed)).toContainEqual(['at least 3 merged PRs every 2 months', 'unmet', 2]);
    // A maintainer since 2026 who missed both of its cycles; one since 2025 missed all 2025's too.
    const twice = evaluate(
      policy,
      rules,
      'carol',
      [...cycleWork('2026-01-02', true), ...cycleWork('2026-03-02', true)],
      [role('carol', 'maintainer', '2026-01-01')],
      '2026-05-10',
    );
    expect(twice.level!.standing).toMatchObject({ kind: 'emeritus_offer', missedCycles: 2 });
    const longer = evaluate(
      policy,
      rules,
      'carol',
      [...cycleWork('2026-01-02', true), ...cycleWork('2026-03-02', true)],
      maintainer,
      '2026-05-10',
    );
    expect(longer.level!.standing).toMatchObject({ kind: 'emeritus_offer', missedCycles: 8 });
  });

  test('counts an intern’s merged PRs and help-wanted issues only in the pathway’s repositories', () => {
    const roles = [
      role('dave', 'contributor', '2025-06-01'),
      role('dave', 'unpaid-intern', '2026-01-05'),
      role('bob', 'mentor', '2025-01-01'),
    ];
    const facts = [
      ...repeat(8, (index) => act('dave', 'pr_merged', plus('2026-01-06', index))),
      ...repeat(12, (index) =>
        act('dave', 'pr_merged', plus('2026-02-20', index), {
          repo: index < 6 ? 'kubestellar/ui' : 'kubestellar/docs',
        }),
      ),
      ...repeat(6, (index) =>
        act('dave', 'issue_opened', plus('2026-01-20', index), {
          item: { type: 'issue', labels: ['help wanted'] },
        }),
      ),
    ];
    const result = evaluate(policy, rules, 'dave', facts, roles, '2026-04-01');
    const paid = result.next.find((candidate) => candidate.level === 'paid-intern')!;
    expect(parts(paid.trace).slice(0, 3)).toEqual([
      ['opens at least 6 "help wanted" issues in the term', 'met', 6],
      ['at least 20 merged PRs in the term', 'unmet', 14],
      ['at least 8 of them in the first 6 weeks', 'met', 8],
    ]);
  });
});

describe('kubernetes', () => {
  const policy = loadLadderPreset('kubernetes');
  // No scoring preset: counts follow neutral rules (bots excluded, every act counts), as DevStats does.
  const rules = rulesForPolicy(policy);
  const owners = [
    role('bob', 'reviewer', '2024-01-01', { scope: 'kubernetes/kubernetes/pkg/scheduler' }),
    role('carol', 'approver', '2024-01-01', { scope: 'kubernetes/kubernetes' }),
  ];
  const k8s = { repo: 'kubernetes/kubernetes' };

  test('a member needs two sponsors from different companies', () => {
    const facts = [
      act('alice', 'pr_merged', '2026-01-10', k8s),
      grant('alice', 'sponsorship', 'bob', '2026-02-01', { affiliation: 'Acme' }),
      grant('alice', 'sponsorship', 'carol', '2026-02-02', { affiliation: 'Acme' }),
    ];
    const sameCompany = evaluate(policy, rules, 'alice', facts, owners, '2026-03-01');
    const member = sameCompany.next[0]!;
    expect(member).toMatchObject({ level: 'member', eligibility: 'not_eligible' });
    expect(member.trace.children[4]).toMatchObject({
      status: 'unmet',
      observed: 1,
      notes: expect.arrayContaining([{ kind: 'same_affiliation', login: 'carol', affiliation: 'Acme' }]),
    });
    const distinct = [
      ...facts.slice(0, 2),
      grant('alice', 'sponsorship', 'carol', '2026-02-02', { affiliation: 'Initech' }),
    ];
    const result = evaluate(policy, rules, 'alice', distinct, owners, '2026-03-01');
    expect(result.next[0]!.eligibility).toBe('needs_confirmation');
    expect(parts(result.next[0]!.trace).map(([, status]) => status)).toEqual([
      'met',
      'needs_confirmation',
      'needs_confirmation',
      'needs_confirmation',
      'met',
    ]);
  });

  test('a member becomes eligible for reviewer of the repository they review in, after 3 months', () => {
    const roles = [...owners, role('dave', 'member', '2025-10-01')];
    const facts = [
      ...repeat(20, (index) =>
        act('dave', 'pr_reviewed', plus('2025-11-01', index), {
          ...k8s,
          number: 500 + index,
          details: { reviewState: 'approved' },
        }),
      ),
      ...repeat(5, (index) =>
        act('dave', 'pr_reviewed', plus('2025-11-01', index), {
          repo: 'kubernetes/website',
          number: 900 + index,
        }),
      ),
      grant('dave', 'sponsorship', 'carol', '2026-01-02'),
      grant('dave', 'attestation', 'carol', '2026-01-03', { attestation: 'primary_reviewer_5' }),
      grant('dave', 'attestation', 'carol', '2026-01-03', { attestation: 'substantial_prs_20' }),
    ];
    const result = evaluate(policy, rules, 'dave', facts, roles, '2026-01-15');
    expect(result.next.map((candidate) => [candidate.level, candidate.scope, candidate.eligibility])).toEqual(
      [
        ['reviewer', 'kubernetes/kubernetes', 'eligible'],
        ['reviewer', 'kubernetes/website', 'not_eligible'],
      ],
    );
    const early = evaluate(policy, rules, 'dave', facts, roles, '2025-12-15');
    expect(early.next[0]!.trace.children[0]).toMatchObject({
      status: 'unmet',
      remaining: { by: '2026-01-01T00:00:00Z' },
    });
  });

  test('an approver with fewer than 10 contributions and 10 PR comments in a year is offered emeritus', () => {
    // 9 DevStats contributions, 4 of them comments on PRs.
    const facts = [
      ...repeat(5, (index) =>
        act('carol', 'issue_comment', plus('2025-06-01', index), { item: { type: 'issue' } }),
      ),
      ...repeat(4, (index) => act('carol', 'review_comment', plus('2025-07-01', index))),
    ];
    const result = evaluate(policy, rules, 'carol', facts, owners, '2026-03-10');
    const scoped = result.scopedLevels[0]!;
    expect(scoped).toMatchObject({
      level: 'approver',
      scope: 'kubernetes/kubernetes',
      // Every monthly check since the role began in January 2024 found fewer than 10 in the year before.
      standing: { kind: 'emeritus_offer', missedCycles: 26 },
    });
    const active = evaluate(
      policy,
      rules,
      'carol',
      [...facts, act('carol', 'pr_opened', '2026-01-05', k8s)],
      owners,
      '2026-03-10',
    );
    expect(active.scopedLevels[0]!.standing.kind).toBe('good');
  });

  test('reports voter eligibility: an org member with at least 50 contributions in the past year', () => {
    const roles = [role('erin', 'member', '2024-01-01')];
    const facts = repeat(50, (index) =>
      act('erin', index % 2 === 0 ? 'issue_comment' : 'pr_reviewed', plus('2025-06-01', index * 3), k8s),
    );
    expect(evaluate(policy, rules, 'erin', facts, roles, '2026-03-01').statuses).toMatchObject([
      { id: 'voter', status: 'met' },
    ]);
    expect(evaluate(policy, rules, 'erin', facts.slice(1), roles, '2026-03-01').statuses).toMatchObject([
      { id: 'voter', status: 'unmet' },
    ]);
    expect(evaluate(policy, rules, 'erin', facts, [], '2026-03-01').statuses).toMatchObject([
      { id: 'voter', status: 'unmet' },
    ]);
  });

  test('twelve months without contributions brings a notice, with a week of grace', () => {
    const roles = [role('heidi', 'member', '2023-01-01')];
    const result = evaluate(
      policy,
      rules,
      'heidi',
      [act('heidi', 'push', '2025-02-01', k8s)],
      roles,
      '2026-02-05',
    );
    expect(result.inactivity).toMatchObject({
      kind: 'notice_due',
      noticeDueAt: '2026-02-01T12:00:00Z',
      graceEndsAt: '2026-02-08T12:00:00Z',
    });
  });
});

describe('cncf (the template)', () => {
  test('refuses to load until its TODO numbers are filled in, and says which', () => {
    let message = '';
    try {
      loadLadderPreset('cncf');
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe(
      'the cncf preset is a template: copy presets/ladders/cncf.yaml, fill in its 9 TODO values and use it with --policy:',
    );
    expect(
      lines
        .slice(1)
        .map((line) => line.replace(/^presets\/ladders\/cncf\.yaml:\d+:\d+ /, '').replace(/: a TODO.*$/, '')),
    ).toEqual([
      'inactivity.after',
      'inactivity.grace',
      'levels[2].requires[0].count.min',
      'levels[2].requires[0].count.window',
      'levels[2].requires[1].tenure.min',
      'levels[3].requires[0].tenure.min',
      'levels[3].requires[1].count.min',
      'levels[3].requires[1].count.window',
      'levels[4].requires[0].tenure.min',
    ]);
  });

  test('works once filled in', () => {
    const template = readFileSync(new URL('../presets/ladders/cncf.yaml', import.meta.url), 'utf8');
    const values = ['12mo', '30d', '10', '1y', '3mo', '3mo', '20', '1y', '6mo'];
    let index = 0;
    const filled = template.replace(/(?<=: )TODO\b/g, () => values[index++]!);
    expect(index).toBe(9);
    const parsed = parseLadderPolicy(filled, 'cncf.yaml');
    if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
    const roles = [
      role('alice', 'contributor', '2025-01-01'),
      role('bob', 'reviewer', '2024-01-01', { scope: 'org/app' }),
      role('carol', 'maintainer', '2024-01-01'),
    ];
    const facts = [
      ...repeat(10, (index) => act('alice', 'issue_comment', plus('2025-06-01', index), { repo: 'org/app' })),
      grant('alice', 'sponsorship', 'bob', '2025-07-01', { affiliation: 'Acme' }),
      grant('alice', 'sponsorship', 'carol', '2025-07-02', { affiliation: 'Initech' }),
    ];
    const result = evaluate(parsed.value, loadScoringPreset('balanced'), 'alice', facts, roles, '2025-08-01');
    expect(result.next).toMatchObject([{ level: 'organization-member', eligibility: 'eligible' }]);
  });
});
