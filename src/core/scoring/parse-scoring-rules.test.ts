import { describe, expect, test } from 'vitest';
import { ACTIVITY_KINDS } from '../activity.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseScoringRules } from './parse-scoring-rules.ts';

function problems(text: string): string[] {
  const result = parseScoringRules(text, 'rules.yaml');
  if (result.ok) throw new Error('expected diagnostics');
  return result.diagnostics.map(formatDiagnostic);
}

describe('parseScoringRules', () => {
  test('reports every problem of a broken rules file at once, each at its line and column', () => {
    const text = [
      'description: broken', // 1
      'points:', // 2
      '  pr_opened: lots', // 3
      '  pr_open: 3', // 4
      '  bonus: maybe', // 5
      'issue_kinds:', // 6
      '  bug:', // 7
      '    labels: []', // 8
      '  other: {points: 5, labels: [x]}', // 9
      'exclude:', // 10
      '  bots: yes', // 11
      '  issue_state_reasons: [not_planned, wontfix]', // 12
      'colour: blue', // 13
    ].join('\n');
    expect(problems(text)).toEqual([
      'rules.yaml:3:14 points.pr_opened: expected a number, got "lots"',
      'rules.yaml:4:3 points.pr_open: unknown key "pr_open"; did you mean "pr_opened"?',
      'rules.yaml:5:10 points.bonus: expected a number or "details", got "maybe"',
      'rules.yaml:7:3 issue_kinds.bug.points: missing required key "points"',
      'rules.yaml:8:13 issue_kinds.bug.labels: expected at least 1 item, got an empty list',
      'rules.yaml:9:22 issue_kinds.other.labels: unknown key "labels"; expected one of points',
      'rules.yaml:11:9 exclude.bots: expected true or false, got "yes"',
      'rules.yaml:12:38 exclude.issue_state_reasons[1]: expected one of "completed", "not_planned", "duplicate", "reopened", got "wontfix"',
      'rules.yaml:13:1 colour: unknown key "colour"; expected one of description, points, issue_kinds, exclude, deny_logins',
    ]);
  });

  test('rejects an activity kind it does not know, listing the known ones', () => {
    const [problem] = problems('points:\n  stars_given: 2\n');
    expect(problem).toMatch(
      /^rules\.yaml:2:3 points\.stars_given: unknown key "stars_given"; expected one of pr_opened, /,
    );
  });

  test('refuses the worth of an unlabelled issue given twice, alongside any other problem', () => {
    expect(
      problems('points:\n  issue_opened: 3\n  pr_opened: x\nissue_kinds:\n  other:\n    points: 4\n'),
    ).toEqual([
      'rules.yaml:2:17 points.issue_opened: an issue matching no kind is worth issue_kinds.other.points; give it there or here, not both',
      'rules.yaml:3:14 points.pr_opened: expected a number, got "x"',
    ]);
  });

  test('requires points', () => {
    expect(problems('deny_logins: [web-flow]\n')).toEqual([
      'rules.yaml:1:1 points: missing required key "points"',
    ]);
  });

  test('gives every activity kind points, 0 where none were written', () => {
    const result = parseScoringRules('points:\n  pr_opened: 2\n  commit: 1\n', 'rules.yaml');
    if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
    expect(Object.keys(result.value.points).sort()).toEqual([...ACTIVITY_KINDS].sort());
    expect(result.value.points.pr_opened).toBe(2);
    expect(result.value.points.commit).toBe(1);
    expect(result.value.points.pr_reviewed).toBe(0);
    expect(result.value.bonusFromDetails).toBe(false);
  });

  test('refuses weights that are not whole numbers or lie beyond a million points either way', () => {
    const text = [
      'points:',
      '  commit: 0.5',
      '  pr_opened: 9007199254740991',
      '  pr_merged: -1000001',
      '  pr_reviewed: 1000000',
      '  issue_comment: -1000000',
      'issue_kinds:',
      '  bug: { labels: [bug], points: 2.5 }',
    ].join('\n');
    expect(problems(text)).toEqual([
      'rules.yaml:2:11 points.commit: expected a whole number, got 0.5',
      'rules.yaml:3:14 points.pr_opened: expected a number at most 1000000, got 9007199254740991',
      'rules.yaml:4:14 points.pr_merged: expected a number at least -1000000, got -1000001',
      'rules.yaml:8:33 issue_kinds.bug.points: expected a whole number, got 2.5',
    ]);
  });

  test('normalizes issue kinds, bonus from details, exclusions and the deny-list', () => {
    const text = [
      'points: {bonus: details, pr_opened: -1}',
      'issue_kinds:',
      '  bug: {labels: [Bug, " kind/bug ", bug], points: 300}',
      '  feature: {labels: [Enhancement], points: 100}',
      '  other: {points: 50}',
      'exclude: {issue_state_reasons: [duplicate, duplicate], labels: [SPAM], unmerged_prs: true}',
      'deny_logins: [Web-Flow]',
    ].join('\n');
    const result = parseScoringRules(text, 'rules.yaml');
    if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
    expect(result.value).toEqual({
      description: null,
      points: expect.objectContaining({ issue_opened: 50, bonus: 0, pr_opened: -1 }),
      bonusFromDetails: true,
      issueKinds: [
        { name: 'bug', labels: ['bug', 'kind/bug'], points: 300 },
        { name: 'feature', labels: ['enhancement'], points: 100 },
      ],
      exclude: {
        bots: true,
        logins: ['web-flow'],
        issueStateReasons: ['duplicate'],
        labels: ['spam'],
        unmergedPrs: true,
        deletedItems: false,
      },
    });
  });

  test('lets the rules include bots when asked', () => {
    const result = parseScoringRules('points: {}\nexclude: {bots: false}\n', 'rules.yaml');
    expect(result.ok && result.value.exclude.bots).toBe(false);
  });
});
