import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import type { CountRequirement, LadderPolicy } from './ladder-policy.ts';
import { parseLadderPolicy } from './parse-ladder-policy.ts';
import { KINDS_OF_GROUP } from './to-ladder-policy.ts';

function parsed(text: string): LadderPolicy {
  const result = parseLadderPolicy(text, 'ladder.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.value;
}

function problems(text: string): string[] {
  const result = parseLadderPolicy(text, 'ladder.yaml');
  if (result.ok) throw new Error('expected diagnostics');
  return result.diagnostics.map(formatDiagnostic);
}

const LEVELS = `levels:
  - id: contributor
    title: Contributor
    summary: Contributes.
    requires:
      - count: { min: 3, kinds: [pr_opened], window: all }
  - id: maintainer
    title: Maintainer
    summary: Maintains.
    requires:
      - tenure: { level: contributor, min: 6mo }
`;

describe('parseLadderPolicy', () => {
  test('normalizes a policy: durations, windows, defaults, kind groups and requirement paths', () => {
    const policy = parsed(`name: demo
title: Demo ladder
scoring: balanced
inactivity: { after: 9mo, grace: 30d }
levels:
  - id: contributor
    title: Contributor
    summary: Contributes.
    requires:
      - points: { min: 500, window: 1y }
  - id: mentee
    title: Mentee
    summary: A term.
    term: 12w
    cycle: 6w
    cycle_anchor: held_since
    requires:
      - criterion: { text: "Shows enthusiasm!", confirmed_by: [contributor] }
    stay:
      - title: the first half
        count: { min: 8, kinds: [pr_merged], window: first 6w of term, labels: [Help Wanted] }
      - any_of:
          - attendance: { series: community-call, min_ratio: 0.8, window: term, cadence: 1w }
          - count: { min: 1, kinds: [devstats], window: term }
`);
    expect(policy.scoring).toBe('balanced');
    expect(policy.inactivity).toEqual({
      after: { amount: 9, unit: 'month' },
      grace: { amount: 30, unit: 'day' },
      kinds: KINDS_OF_GROUP.contributions,
    });
    const [contributor, mentee] = policy.levels;
    expect(contributor).toMatchObject({
      id: 'contributor',
      rank: 0,
      after: null,
      term: null,
      cycle: { every: { amount: 1, unit: 'month' }, anchor: { kind: 'calendar' } },
      emeritusOfferAfter: null,
      stay: null,
    });
    expect(contributor!.requires.of[0]).toEqual({
      kind: 'points',
      path: 'levels[0].requires[0].points',
      title: null,
      min: 500,
      window: { kind: 'rolling', length: { amount: 1, unit: 'year' } },
    });
    expect(mentee).toMatchObject({
      after: 'contributor',
      term: { amount: 12, unit: 'week' },
      cycle: { every: { amount: 6, unit: 'week' }, anchor: { kind: 'held_since' } },
    });
    expect(mentee!.requires.of[0]).toMatchObject({
      kind: 'criterion',
      id: 'shows_enthusiasm',
      confirmedBy: ['contributor'],
    });
    expect(mentee!.stay!.of[0]).toMatchObject({
      kind: 'count',
      title: 'the first half',
      labels: ['help wanted'],
      window: { kind: 'term_part', part: 'first', length: { amount: 6, unit: 'week' } },
    });
    const anyOf = mentee!.stay!.of[1]!;
    expect(anyOf.kind).toBe('any_of');
    if (anyOf.kind !== 'any_of') return;
    expect(anyOf.of[0]).toMatchObject({
      kind: 'attendance',
      held: { kind: 'every', length: { amount: 1, unit: 'week' } },
    });
    expect((anyOf.of[1] as CountRequirement).kinds).toEqual(KINDS_OF_GROUP.devstats);
    expect(anyOf.of[1]!.path).toBe('levels[1].stay[1].any_of[1].count');
  });

  test('reports every mistake at once, each at its line and column with the key path', () => {
    expect(
      problems(`name: demo
title: Demo
levels:
  - id: contributor
    title: Contributor
    summary: x
    requires:
      - points: { min: lots, window: 1y }
      - count: { min: 3, kinds: [pr_merged, pr_merge], window: term }
  - id: maintainer
    title: Maintainer
    summary: y
    after: contributr
    term: 12w
    requires:
      - tenure: { level: contributor, min: 3m }
      - sponsors: { min: 2, levels: [reviewer] }
      - attestation: { kind: vote, from: [maintainer], min: most }
      - {}
    stay:
      - points: { min: 5, window: first 13w of term, windw: x }
`),
    ).toEqual([
      'ladder.yaml:8:17 levels[0].requires[0].points: points requirements need a scoring preset: add `scoring: balanced` (or kubestellar) at the top',
      'ladder.yaml:8:24 levels[0].requires[0].points.min: expected a number, got "lots"',
      expect.stringMatching(
        /^ladder\.yaml:9:45 levels\[0\]\.requires\[1\]\.count\.kinds\[1\]: expected one of "pr_opened", .*, got "pr_merge"$/,
      ),
      'ladder.yaml:9:64 levels[0].requires[1].count.window: in requires, "term" means the term of the level held before, and this level comes after none',
      'ladder.yaml:13:12 levels[1].after: no level "contributr" is declared; levels: contributor, maintainer',
      'ladder.yaml:16:44 levels[1].requires[0].tenure.min: duration "3m": write months as "mo" (3mo)',
      'ladder.yaml:17:38 levels[1].requires[1].sponsors.levels[0]: no level "reviewer" is declared; levels: contributor, maintainer',
      'ladder.yaml:18:61 levels[1].requires[2].attestation.min: expected a number of at least 1, majority or two_thirds, got "most"',
      'ladder.yaml:19:9 levels[1].requires[3]: a requirement names one kind: points, count, tenure, sponsors, attestation, attendance, criterion, all_of, any_of, at_least',
      'ladder.yaml:21:35 levels[1].stay[0].points.window: "first 13w of term" is not shorter than the 12-week term',
      'ladder.yaml:21:54 levels[1].stay[0].points.windw: unknown key "windw"; did you mean "window"?',
    ]);
  });

  test('treats unknown keys anywhere as errors, suggesting the key meant', () => {
    expect(
      problems(`name: demo
title: Demo
level:
  - id: a
`),
    ).toEqual([
      'ladder.yaml:1:1 levels: missing required key "levels"',
      'ladder.yaml:3:1 level: unknown key "level"; did you mean "levels"?',
    ]);
    expect(
      problems(
        `name: demo\ntitle: Demo\n${LEVELS.replace('summary: Maintains.', 'summary: Maintains.\n    benefit: [x]')}`,
      ),
    ).toEqual(['ladder.yaml:12:5 levels[1].benefit: unknown key "benefit"; did you mean "benefits"?']);
  });

  test('refuses a requirement that names two kinds, pointing at it', () => {
    expect(
      problems(`name: demo
title: Demo
levels:
  - id: a
    title: A
    summary: a
    requires:
      - count: { min: 1, kinds: [commit], window: all }
        tenure: { level: a }
`),
    ).toEqual([
      'ladder.yaml:8:9 levels[0].requires[0]: a requirement names one kind, this one names count and tenure; wrap several in all_of',
    ]);
  });

  test('checks ids and references between levels', () => {
    expect(
      problems(`name: demo
title: Demo
levels:
  - id: emeritus
    title: E
    summary: e
    requires: []
  - id: a
    title: A
    summary: a
    after: b
    requires: []
  - id: b
    title: B
    summary: b
    requires:
      - criterion: { text: leads, confirmed_by: [a, c] }
  - id: a
    title: A again
    summary: a
    requires:
      - at_least: { n: 2, of: [{ tenure: { level: b } }] }
`),
    ).toEqual([
      'ladder.yaml:4:9 levels[0].id: "emeritus" is reserved for people who stepped back; choose another id',
      'ladder.yaml:11:12 levels[1].after: after must name a level declared before this one; "b" comes later',
      'ladder.yaml:17:53 levels[2].requires[0].criterion.confirmed_by[1]: no level "c" is declared; levels: a, b',
      'ladder.yaml:18:9 levels[3].id: level "a" is declared twice (first as levels[1])',
      'ladder.yaml:22:24 levels[3].requires[0].at_least.n: at least 2 of 1 requirements can never be met',
    ]);
  });

  test('says where cycle, term and scope windows cannot be used', () => {
    expect(
      problems(`name: demo
title: Demo
levels:
  - id: a
    title: A
    summary: a
    requires:
      - count: { min: 1, kinds: [commit], window: all, in_scope: true }
    stay:
      - count: { min: 1, kinds: [commit], window: term }
statuses:
  - id: voter
    title: Voter
    requires:
      - count: { min: 50, kinds: [devstats], window: cycle }
reinstatement:
  requires:
    - count: { min: 3, kinds: [contributions], window: last 2w of term }
`),
    ).toEqual([
      'ladder.yaml:8:66 levels[0].requires[0].count.in_scope: in_scope is for requirements of a scoped level (scoped: true)',
      'ladder.yaml:10:51 levels[0].stay[0].count.window: in stay, "term" means this level\'s term: give the level one (term: 12w)',
      'ladder.yaml:15:54 statuses[0].requires[0].count.window: "cycle" windows belong to level requirements, not to statuses',
      'ladder.yaml:18:56 reinstatement.requires[0].count.window: "term" windows belong to level requirements, not to reinstatement',
    ]);
  });

  test('refuses sponsors in_scope on a level held for the whole community, and a scope list left empty', () => {
    expect(
      problems(`name: demo
title: Demo
levels:
  - id: a
    title: A
    summary: a
    requires:
      - sponsors: { min: 1, levels: [a], in_scope: true }
      - sponsors: { min: 1, levels: [a], except_scopes: [] }
`),
    ).toEqual([
      'ladder.yaml:8:52 levels[0].requires[0].sponsors.in_scope: in_scope is for requirements of a scoped level (scoped: true)',
      'ladder.yaml:9:57 levels[0].requires[1].sponsors.except_scopes: expected at least 1 item, got an empty list',
    ]);
  });

  test('names every TODO left in a template', () => {
    expect(
      problems(`name: demo
title: Demo
inactivity: { after: TODO, grace: 30d }
levels:
  - id: a
    title: A
    summary: a
    requires:
      - count: { min: TODO, kinds: [contributions], window: TODO }
`),
    ).toEqual([
      'ladder.yaml:3:22 inactivity.after: a TODO left in the template: write a duration such as 30d, 6w, 3mo or 1y',
      'ladder.yaml:9:23 levels[0].requires[0].count.min: a TODO left in the template: write the number this community requires',
      'ladder.yaml:9:61 levels[0].requires[0].count.window: a TODO left in the template: write a window such as 1y or 6mo',
    ]);
  });

  test('reports YAML syntax errors without validating the half-read document', () => {
    const lines = problems('name: demo\nlevels: [\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => /^ladder\.yaml:\d+:\d+ /.test(line))).toBe(true);
  });

  test('lets a YAML alias repeat requirements, each copy named by where it is used', () => {
    const policy = parsed(`name: demo
title: Demo
scoring: kubestellar
levels:
  - id: a
    title: A
    summary: a
    requires: &same
      - points: { min: 500, window: 1y }
    stay: *same
`);
    expect(policy.levels[0]!.requires.of[0]!.path).toBe('levels[0].requires[0].points');
    expect(policy.levels[0]!.stay!.of[0]!.path).toBe('levels[0].stay[0].points');
  });

  test('checks the groups a count names against the groups on record, when given them', () => {
    const text = `name: groups
title: Groups
levels:
  - id: docs-reviewer
    title: Docs reviewer
    summary: Reviews docs.
    scoped: true
    requires:
      - count: { min: 5, kinds: [pr_reviewed], window: 1y, groups: [sig-docs] }
      - any_of:
          - count: { min: 1, kinds: [pr_merged], window: all, groups: [sig-node, sig-docs] }
`;
    const lenient = parseLadderPolicy(text, 'ladder.yaml');
    expect(lenient.ok && (lenient.value.levels[0]!.requires.of[0] as CountRequirement).groups).toEqual([
      'sig-docs',
    ]);
    const checked = parseLadderPolicy(text, 'ladder.yaml', { groups: ['sig-docs', 'sig-apps'] });
    expect(checked.ok ? [] : checked.diagnostics.map(formatDiagnostic)).toEqual([
      'ladder.yaml:11:72 levels[0].requires[1].any_of[0].count.groups[0]: no group "sig-node" is on record (rungs groups list shows the 2 there are)',
    ]);
    const badId = parseLadderPolicy(
      text.replace('[sig-node, sig-docs]', '[sig-node, SIG Docs]'),
      'ladder.yaml',
    );
    expect(badId.ok ? [] : badId.diagnostics.map(formatDiagnostic)).toEqual([
      'ladder.yaml:11:82 levels[0].requires[1].any_of[0].count.groups[1]: expected a group id (e.g. sig-docs)',
    ]);
    const none = parseLadderPolicy(text, 'ladder.yaml', { groups: [] });
    expect(none.ok ? [] : none.diagnostics.map(formatDiagnostic)[0]).toBe(
      'ladder.yaml:9:69 levels[0].requires[0].count.groups[0]: no group "sig-docs" is on record: no groups are imported yet (rungs groups import <file>)',
    );
  });
});
