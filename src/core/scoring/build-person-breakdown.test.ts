import { describe, expect, test } from 'vitest';
import type { ActivityKind } from '../activity.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import type { ResolvedWindow } from '../window/resolve-window.ts';
import { buildPersonBreakdown } from './build-person-breakdown.ts';
import { parseScoringRules } from './parse-scoring-rules.ts';
import type { ScoringRules } from './scoring-rules.ts';

const parsed = parseScoringRules(
  `
points: {pr_opened: 200, pr_merged: 500, issue_comment: 1}
issue_kinds:
  bug: {labels: [bug], points: 300}
  other: {points: 50}
exclude: {labels: [spam], unmerged_prs: true}
`,
  'rules.yaml',
);
if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
const rules: ScoringRules = parsed.value;

const alice: PersonSummary = { id: 1, login: 'alice', name: 'Alice A.', githubId: 11, isBot: false };
const window: ResolvedWindow = {
  label: '2026 year to date',
  from: '2026-01-01T00:00:00Z',
  to: '2026-03-01T00:00:00Z',
};

function act(kind: ActivityKind, occurredAt: string, item: ScoringItem | null, personId = 1): ScoringFact {
  const key = `${kind}:o/r#${occurredAt}`;
  return {
    key,
    personId,
    kind,
    occurredAt,
    repo: 'o/r',
    itemNumber: 7,
    url: `https://github.com/o/r/pull/7#${kind}`,
    details: {},
    item,
  };
}

const mergedPr: ScoringItem = {
  type: 'pr',
  labels: [],
  state: 'closed',
  stateReason: null,
  mergedAt: '2026-01-05T00:00:00Z',
  authorId: 1,
};
const closedPr: ScoringItem = { ...mergedPr, mergedAt: null };
const bug: ScoringItem = {
  type: 'issue',
  labels: ['Bug'],
  state: 'open',
  stateReason: null,
  mergedAt: null,
  authorId: 1,
};

describe('buildPersonBreakdown', () => {
  test('explains a total act by act, with a link, the points and the reason for each exclusion', () => {
    const facts = [
      act('pr_merged', '2026-01-05T00:00:00Z', mergedPr),
      act('pr_opened', '2026-01-02T00:00:00Z', mergedPr),
      act('pr_opened', '2026-01-03T00:00:00Z', closedPr),
      act('issue_opened', '2026-01-04T00:00:00Z', bug),
      act('issue_comment', '2026-01-06T00:00:00Z', { ...bug, labels: ['spam'] }),
      act('pr_opened', '2025-12-31T00:00:00Z', mergedPr),
      act('pr_opened', '2026-01-07T00:00:00Z', mergedPr, 2),
    ];
    const breakdown = buildPersonBreakdown({ facts, person: alice, rules, window });
    expect(breakdown.points).toBe(1000);
    expect(breakdown.excluded).toBeNull();
    expect(breakdown.pointsByKind).toMatchObject({
      pr_opened: 200,
      pr_merged: 500,
      issue_opened: 300,
      issue_comment: 0,
    });
    expect(breakdown.counts).toMatchObject({ pr_opened: 1, pr_merged: 1, issue_opened: 1, issue_comment: 0 });
    expect(
      breakdown.evidence.map((entry) => [
        entry.occurredAt.slice(0, 10),
        entry.kind,
        entry.points,
        entry.excluded,
        entry.issueKind,
      ]),
    ).toEqual([
      ['2026-01-02', 'pr_opened', 200, null, null],
      ['2026-01-03', 'pr_opened', 0, { kind: 'unmerged' }, null],
      ['2026-01-04', 'issue_opened', 300, null, 'bug'],
      ['2026-01-05', 'pr_merged', 500, null, null],
      ['2026-01-06', 'issue_comment', 0, { kind: 'label', label: 'spam' }, null],
    ]);
    expect(breakdown.evidence[0]?.url).toBe('https://github.com/o/r/pull/7#pr_opened');
  });

  test("shows an excluded person's acts with the person reason and no points", () => {
    const bot: PersonSummary = { ...alice, login: 'ci[bot]' };
    const breakdown = buildPersonBreakdown({
      facts: [act('pr_opened', '2026-01-02T00:00:00Z', mergedPr)],
      person: bot,
      rules,
      window,
    });
    expect(breakdown.excluded).toEqual({ kind: 'bot' });
    expect(breakdown.points).toBe(0);
    expect(breakdown.evidence.map((entry) => entry.excluded)).toEqual([{ kind: 'bot' }]);
  });
});
