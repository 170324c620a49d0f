import { describe, expect, test } from 'vitest';
import type { ActivityKind } from '../activity.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import { parseScoringRules } from './parse-scoring-rules.ts';
import { scoreFact } from './score-fact.ts';
import type { ScoringRules } from './scoring-rules.ts';

function rules(text: string): ScoringRules {
  const result = parseScoringRules(text, 'rules.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.value;
}

const alice: PersonSummary = { id: 1, login: 'alice', name: 'Alice', githubId: 11, isBot: false };

function issue(labels: readonly string[], more: Partial<ScoringItem> = {}): ScoringItem {
  return { type: 'issue', labels, state: 'open', stateReason: null, mergedAt: null, authorId: 1, ...more };
}

function pr(more: Partial<ScoringItem> = {}): ScoringItem {
  return { type: 'pr', labels: [], state: 'open', stateReason: null, mergedAt: null, authorId: 1, ...more };
}

function act(
  kind: ActivityKind,
  item: ScoringItem | null,
  details: Record<string, unknown> = {},
): ScoringFact {
  return {
    key: `${kind}:o/r#1`,
    personId: 1,
    kind,
    occurredAt: '2026-02-01T10:00:00Z',
    repo: 'o/r',
    itemNumber: 1,
    url: 'https://github.com/o/r/issues/1',
    details,
    item,
  };
}

const labelled = rules(`
points: {pr_opened: 10, pr_merged: 5, issue_comment: 1}
issue_kinds:
  bug: {labels: [bug, kind/bug], points: 300}
  feature: {labels: [enhancement], points: 100}
  other: {points: 50}
`);

describe('scoreFact', () => {
  test('scores an issue opening by the kind its current labels select, case-insensitively', () => {
    expect(scoreFact(labelled, act('issue_opened', issue(['Kind/Bug'])), alice)).toEqual({
      points: 300,
      excluded: null,
    });
    expect(scoreFact(labelled, act('issue_opened', issue(['ENHANCEMENT'])), alice).points).toBe(100);
    expect(scoreFact(labelled, act('issue_opened', issue(['question'])), alice).points).toBe(50);
    expect(scoreFact(labelled, act('issue_opened', null), alice).points).toBe(50);
  });

  test("changes an issue opening's score when the issue is relabelled", () => {
    const before = act('issue_opened', issue(['enhancement']));
    const after = { ...before, item: issue(['enhancement', 'bug']) };
    expect(scoreFact(labelled, before, alice).points).toBe(100);
    expect(scoreFact(labelled, after, alice).points).toBe(300);
  });

  test('uses the first issue kind in written order when labels select several', () => {
    const featureFirst = rules(`
points: {}
issue_kinds:
  feature: {labels: [enhancement], points: 100}
  bug: {labels: [bug], points: 300}
`);
    expect(scoreFact(featureFirst, act('issue_opened', issue(['bug', 'enhancement'])), alice).points).toBe(
      100,
    );
    expect(scoreFact(labelled, act('issue_opened', issue(['enhancement', 'bug'])), alice).points).toBe(300);
  });

  test('gives a kind with no written points 0, and a rule of 0 scores 0', () => {
    expect(scoreFact(labelled, act('pr_reviewed', pr()), alice)).toEqual({ points: 0, excluded: null });
    expect(scoreFact(rules('points: {pr_opened: 0}'), act('pr_opened', pr()), alice).points).toBe(0);
  });

  test("takes a bonus act's points from its details when the rules say so", () => {
    const fromDetails = rules('points: {bonus: details}');
    expect(scoreFact(fromDetails, act('bonus', null, { points: 750 }), alice).points).toBe(750);
    expect(scoreFact(fromDetails, act('bonus', null, { points: 'many' }), alice).points).toBe(0);
    expect(scoreFact(rules('points: {bonus: 5}'), act('bonus', null, { points: 750 }), alice).points).toBe(5);
  });

  test('excludes bots, by flag or by a [bot] login, unless the rules include them', () => {
    const bot: PersonSummary = { ...alice, id: 2, login: 'helper', isBot: true };
    const suffixed: PersonSummary = { ...alice, id: 3, login: 'Renovate[bot]', isBot: false };
    expect(scoreFact(labelled, act('pr_opened', pr()), bot)).toEqual({
      points: 0,
      excluded: { kind: 'bot' },
    });
    expect(scoreFact(labelled, act('pr_opened', pr()), suffixed).excluded).toEqual({ kind: 'bot' });
    const withBots = rules('points: {pr_opened: 10}\nexclude: {bots: false}');
    expect(scoreFact(withBots, act('pr_opened', pr()), bot)).toEqual({ points: 10, excluded: null });
  });

  test('excludes deny-listed logins case-insensitively, even when bots are included', () => {
    const denying = rules('points: {pr_opened: 10}\nexclude: {bots: false}\ndeny_logins: [web-flow]');
    const webFlow: PersonSummary = { ...alice, login: 'Web-Flow' };
    expect(scoreFact(denying, act('pr_opened', pr()), webFlow)).toEqual({
      points: 0,
      excluded: { kind: 'deny_listed', login: 'Web-Flow' },
    });
  });

  const strict = rules(`
points: {pr_opened: 10, pr_merged: 5, issue_opened: 7, issue_comment: 1, issue_closed: 1}
exclude:
  issue_state_reasons: [not_planned, duplicate]
  labels: [spam, invalid]
  unmerged_prs: true
  deleted_items: true
`);

  test('excludes the opening of an issue closed as not planned or duplicate, but not the other acts on it', () => {
    const notPlanned = issue([], { state: 'closed', stateReason: 'not_planned' });
    expect(scoreFact(strict, act('issue_opened', notPlanned), alice)).toEqual({
      points: 0,
      excluded: { kind: 'state_reason', stateReason: 'not_planned' },
    });
    expect(scoreFact(strict, act('issue_comment', notPlanned), alice)).toEqual({ points: 1, excluded: null });
    const completed = issue([], { state: 'closed', stateReason: 'completed' });
    expect(scoreFact(strict, act('issue_opened', completed), alice).points).toBe(7);
  });

  test('excludes every act on an item carrying an excluded label, matched case-insensitively', () => {
    const spam = pr({ labels: ['needs-review', 'Spam'] });
    for (const kind of ['pr_opened', 'pr_merged', 'issue_comment'] as const) {
      expect(scoreFact(strict, act(kind, spam), alice)).toEqual({
        points: 0,
        excluded: { kind: 'label', label: 'Spam' },
      });
    }
  });

  test("excludes the opening of a PR closed unmerged, while an open or merged PR's opening counts", () => {
    expect(scoreFact(strict, act('pr_opened', pr({ state: 'closed' })), alice)).toEqual({
      points: 0,
      excluded: { kind: 'unmerged' },
    });
    expect(scoreFact(strict, act('pr_opened', pr()), alice).points).toBe(10);
    const merged = pr({ state: 'closed', mergedAt: '2026-02-02T00:00:00Z' });
    expect(scoreFact(strict, act('pr_opened', merged), alice).points).toBe(10);
    expect(scoreFact(strict, act('pr_merged', merged), alice).points).toBe(5);
  });

  test('excludes every act on a deleted item', () => {
    const deleted = issue([], { state: 'deleted' });
    expect(scoreFact(strict, act('issue_comment', deleted), alice)).toEqual({
      points: 0,
      excluded: { kind: 'deleted' },
    });
  });

  test("excludes a transferred issue's opening under any rules, but not the other acts on it", () => {
    // The transfer is also the opening of the issue it became, in the new repository: that one counts.
    const moved = issue(['bug'], { state: 'transferred' });
    const lenient = rules('points: {issue_opened: 7, issue_comment: 1}');
    for (const scoring of [labelled, strict, lenient]) {
      expect(scoreFact(scoring, act('issue_opened', moved), alice)).toEqual({
        points: 0,
        excluded: { kind: 'transferred' },
      });
      expect(scoreFact(scoring, act('issue_comment', moved), alice).excluded).toBeNull();
    }
  });

  test('reports the person reason before any item reason', () => {
    const bot: PersonSummary = { ...alice, isBot: true };
    expect(scoreFact(strict, act('pr_opened', pr({ labels: ['spam'] })), bot).excluded).toEqual({
      kind: 'bot',
    });
  });

  test('applies no exclusion the rules do not ask for', () => {
    const lenient = rules('points: {pr_opened: 10, issue_opened: 7}\nexclude: {bots: true}');
    expect(
      scoreFact(lenient, act('pr_opened', pr({ state: 'closed', labels: ['spam'] })), alice).points,
    ).toBe(10);
    const duplicate = issue([], { state: 'closed', stateReason: 'duplicate' });
    expect(scoreFact(lenient, act('issue_opened', duplicate), alice).points).toBe(7);
    expect(scoreFact(lenient, act('issue_opened', issue([], { state: 'deleted' })), alice).points).toBe(7);
  });
});
