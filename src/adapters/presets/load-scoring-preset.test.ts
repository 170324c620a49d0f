import { describe, expect, test } from 'vitest';
import { InputError } from '../../app/input-error.ts';
import type { ActivityKind } from '../../core/activity.ts';
import { buildLeaderboard } from '../../core/scoring/build-leaderboard.ts';
import { scoreFact } from '../../core/scoring/score-fact.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../../core/scoring-fact.ts';
import type { ResolvedWindow } from '../../core/window/resolve-window.ts';
import { DEFAULT_SCORING_PRESET, loadScoringPreset, SCORING_PRESETS } from './load-scoring-preset.ts';

const alice: PersonSummary = { id: 1, login: 'alice', name: null, githubId: 1, isBot: false };
const window: ResolvedWindow = { label: 'all time', from: null, to: '2027-01-01T00:00:00Z' };

function issue(labels: readonly string[], more: Partial<ScoringItem> = {}): ScoringItem {
  return { type: 'issue', labels, state: 'open', stateReason: null, mergedAt: null, authorId: 1, ...more };
}
const mergedPr: ScoringItem = {
  type: 'pr',
  labels: [],
  state: 'closed',
  stateReason: null,
  mergedAt: '2026-01-03T00:00:00Z',
  authorId: 1,
};
const unmergedPr: ScoringItem = { ...mergedPr, mergedAt: null };
const openPr: ScoringItem = { ...mergedPr, state: 'open', mergedAt: null };

let sequence = 0;
function act(
  kind: ActivityKind,
  item: ScoringItem | null,
  personId = 1,
  details: Record<string, unknown> = {},
): ScoringFact {
  sequence++;
  return {
    key: `${kind}:${sequence}`,
    personId,
    kind,
    occurredAt: '2026-01-02T00:00:00Z',
    repo: 'o/r',
    itemNumber: sequence,
    url: null,
    details,
    item,
  };
}

const points = (preset: string, fact: ScoringFact, person = alice) =>
  scoreFact(loadScoringPreset(preset), fact, person).points;

describe('loadScoringPreset', () => {
  test('loads every shipped preset, the default among them', () => {
    expect(SCORING_PRESETS).toContain(DEFAULT_SCORING_PRESET);
    for (const name of SCORING_PRESETS) expect(loadScoringPreset(name).description).toMatch(/\w/);
  });

  test('refuses an unknown preset, naming the known ones', () => {
    expect(() => loadScoringPreset('generous')).toThrow(InputError);
    expect(() => loadScoringPreset('generous')).toThrow(
      'unknown scoring preset "generous"; known presets: balanced, kubestellar',
    );
  });
});

describe('the kubestellar preset', () => {
  test('scores issues by label: bug 300, feature 100, any other 50', () => {
    for (const label of ['bug', 'kind/bug', 'type/bug', 'Bug'])
      expect(points('kubestellar', act('issue_opened', issue([label])))).toBe(300);
    for (const label of ['enhancement', 'feature', 'kind/feature', 'type/feature']) {
      expect(points('kubestellar', act('issue_opened', issue([label])))).toBe(100);
    }
    expect(points('kubestellar', act('issue_opened', issue(['documentation'])))).toBe(50);
    expect(points('kubestellar', act('issue_opened', issue([])))).toBe(50);
  });

  test('still scores an issue closed as not planned or duplicate', () => {
    expect(
      points(
        'kubestellar',
        act('issue_opened', issue(['bug'], { state: 'closed', stateReason: 'not_planned' })),
      ),
    ).toBe(300);
    expect(
      points('kubestellar', act('issue_opened', issue([], { state: 'closed', stateReason: 'duplicate' }))),
    ).toBe(50);
  });

  test('is worth 700 for a merged PR and 200 for an open or unmerged one', () => {
    const facts = [
      act('pr_opened', mergedPr),
      act('pr_merged', mergedPr),
      act('pr_opened', unmergedPr, 2),
      act('pr_opened', openPr, 3),
    ];
    const people = new Map(
      [alice, { ...alice, id: 2, login: 'bob' }, { ...alice, id: 3, login: 'carol' }].map((p) => [p.id, p]),
    );
    const board = buildLeaderboard({ facts, people, rules: loadScoringPreset('kubestellar'), window });
    expect(board.rows.map((row) => [row.rank, row.login, row.points])).toEqual([
      [1, 'alice', 700],
      [2, 'bob', 200],
      [2, 'carol', 200],
    ]);
  });

  test('gives reviews, review comments, comments and commits nothing', () => {
    for (const kind of [
      'pr_reviewed',
      'review_comment',
      'issue_comment',
      'commit_comment',
      'commit',
      'push',
      'issue_closed',
    ] as const) {
      expect(points('kubestellar', act(kind, mergedPr))).toBe(0);
    }
  });

  test('leaves bots and the deny-listed accounts off the board', () => {
    const people = new Map<number, PersonSummary>(
      [
        alice,
        { id: 2, login: 'web-flow', name: null, githubId: 2, isBot: false },
        { id: 3, login: 'dependabot[bot]', name: null, githubId: 3, isBot: true },
        { id: 4, login: 'netlify[bot]', name: null, githubId: 4, isBot: false },
        { id: 5, login: 'some-app', name: null, githubId: 5, isBot: true },
      ].map((p) => [p.id, p]),
    );
    const facts = [1, 2, 3, 4, 5].map((id) => act('pr_opened', openPr, id));
    const board = buildLeaderboard({ facts, people, rules: loadScoringPreset('kubestellar'), window });
    expect(board.rows.map((row) => row.login)).toEqual(['alice']);
  });

  test('credits a bonus grant with the points it names', () => {
    expect(points('kubestellar', act('bonus', null, 1, { points: 1000 }))).toBe(1000);
  });
});

describe('the balanced preset', () => {
  test('credits reviews, comments and off-GitHub work', () => {
    for (const kind of [
      'pr_reviewed',
      'review_comment',
      'issue_comment',
      'meeting_attended',
      'talk_given',
      'newcomer_onboarded',
    ] as const) {
      expect(
        points('balanced', act(kind, kind.startsWith('pr') || kind.endsWith('comment') ? openPr : null)),
      ).toBeGreaterThan(0);
    }
  });

  test('excludes the openings of issues closed as not planned or duplicate and of PRs closed unmerged', () => {
    const rules = loadScoringPreset('balanced');
    expect(
      scoreFact(
        rules,
        act('issue_opened', issue(['bug'], { state: 'closed', stateReason: 'not_planned' })),
        alice,
      ).excluded,
    ).toEqual({
      kind: 'state_reason',
      stateReason: 'not_planned',
    });
    expect(
      scoreFact(rules, act('issue_opened', issue([], { state: 'closed', stateReason: 'duplicate' })), alice)
        .points,
    ).toBe(0);
    expect(scoreFact(rules, act('pr_opened', unmergedPr), alice)).toEqual({
      points: 0,
      excluded: { kind: 'unmerged' },
    });
    expect(scoreFact(rules, act('pr_opened', openPr), alice).points).toBeGreaterThan(0);
    expect(scoreFact(rules, act('pr_reviewed', unmergedPr), alice).points).toBeGreaterThan(0);
  });

  test('excludes every act on spam, invalid or deleted items', () => {
    const rules = loadScoringPreset('balanced');
    expect(scoreFact(rules, act('pr_reviewed', { ...openPr, labels: ['Invalid'] }), alice).excluded).toEqual({
      kind: 'label',
      label: 'Invalid',
    });
    expect(scoreFact(rules, act('issue_comment', issue(['spam'])), alice).points).toBe(0);
    expect(scoreFact(rules, act('issue_comment', issue([], { state: 'deleted' })), alice).excluded).toEqual({
      kind: 'deleted',
    });
  });

  test('makes a merged PR worth more than a bug report, so filing volume does not dominate', () => {
    const rules = loadScoringPreset('balanced');
    const mergedWorth = rules.points.pr_opened + rules.points.pr_merged;
    expect(mergedWorth).toBeGreaterThan(
      Math.max(...rules.issueKinds.map((kind) => kind.points), rules.points.issue_opened),
    );
  });
});
