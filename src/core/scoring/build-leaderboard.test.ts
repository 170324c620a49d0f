import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import type { ResolvedWindow } from '../window/resolve-window.ts';
import { buildLeaderboard } from './build-leaderboard.ts';
import { buildPersonBreakdown } from './build-person-breakdown.ts';
import { parseScoringRules } from './parse-scoring-rules.ts';
import type { ScoringRules } from './scoring-rules.ts';

function rules(text: string): ScoringRules {
  const result = parseScoringRules(text, 'rules.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.value;
}

function person(id: number, login: string, isBot = false): PersonSummary {
  return { id, login, name: null, githubId: id, isBot };
}

let sequence = 0;
function act(
  personId: number,
  kind: ActivityKind,
  occurredAt: string,
  item: ScoringItem | null = null,
): ScoringFact {
  sequence++;
  return {
    key: `${kind}:${sequence}`,
    personId,
    kind,
    occurredAt,
    repo: 'o/r',
    itemNumber: sequence,
    url: null,
    details: {},
    item,
  };
}

const openPr: ScoringItem = {
  type: 'pr',
  labels: [],
  state: 'open',
  stateReason: null,
  mergedAt: null,
  authorId: null,
};
const allTime: ResolvedWindow = { label: 'all time', from: null, to: '2027-01-01T00:00:00Z' };
const simple = rules(
  'points: {pr_opened: 10, pr_reviewed: 3, issue_comment: 0}\nexclude: {labels: [spam]}\ndeny_logins: [web-flow]',
);

const people = new Map(
  [
    person(1, 'alice'),
    person(2, 'Bob'),
    person(3, 'carol'),
    person(4, 'dave'),
    person(5, 'dependabot[bot]', true),
    person(6, 'web-flow'),
  ].map((p) => [p.id, p]),
);

describe('buildLeaderboard', () => {
  test('ranks by points, breaks ties by login, and gives equal totals the same rank', () => {
    const facts = [
      act(3, 'pr_opened', '2026-01-01T00:00:00Z'),
      act(2, 'pr_opened', '2026-01-02T00:00:00Z'),
      act(1, 'pr_opened', '2026-01-03T00:00:00Z'),
      act(1, 'pr_reviewed', '2026-01-04T00:00:00Z'),
      act(4, 'pr_reviewed', '2026-01-05T00:00:00Z'),
    ];
    const board = buildLeaderboard({ facts, people, rules: simple, window: allTime });
    expect(board.rows.map((row) => [row.rank, row.login, row.points])).toEqual([
      [1, 'alice', 13],
      [2, 'Bob', 10],
      [2, 'carol', 10],
      [4, 'dave', 3],
    ]);
  });

  test('leaves bots and deny-listed people off the board', () => {
    const facts = [
      act(5, 'pr_opened', '2026-01-01T00:00:00Z'),
      act(6, 'pr_opened', '2026-01-01T00:00:00Z'),
      act(1, 'pr_reviewed', '2026-01-02T00:00:00Z'),
    ];
    const board = buildLeaderboard({ facts, people, rules: simple, window: allTime });
    expect(board.rows.map((row) => row.login)).toEqual(['alice']);
    expect(board.totalPeople).toBe(1);
  });

  test('counts only acts that were not excluded, zero-point acts included, with every kind present', () => {
    const spam: ScoringItem = { ...openPr, labels: ['spam'] };
    const facts = [
      act(1, 'pr_opened', '2026-01-01T00:00:00Z'),
      act(1, 'pr_opened', '2026-01-02T00:00:00Z', spam),
      act(1, 'issue_comment', '2026-01-03T00:00:00Z'),
      act(1, 'issue_comment', '2026-01-09T00:00:00Z', spam),
    ];
    const [row] = buildLeaderboard({ facts, people, rules: simple, window: allTime }).rows;
    expect(row?.points).toBe(10);
    expect(row?.counts).toEqual({
      ...Object.fromEntries(ACTIVITY_KINDS.map((kind) => [kind, 0])),
      pr_opened: 1,
      issue_comment: 1,
    });
    expect(row?.lastActiveAt).toBe('2026-01-03T00:00:00Z');
  });

  test('lists people whose counted acts are worth nothing, unless asked to omit them', () => {
    const facts = [
      act(1, 'pr_opened', '2026-01-01T00:00:00Z'),
      act(2, 'issue_comment', '2026-01-02T00:00:00Z'),
    ];
    const board = buildLeaderboard({ facts, people, rules: simple, window: allTime });
    expect(board.rows.map((row) => [row.rank, row.login, row.points])).toEqual([
      [1, 'alice', 10],
      [2, 'Bob', 0],
    ]);
    const omitted = buildLeaderboard({ facts, people, rules: simple, window: allTime, omitZeroPoints: true });
    expect(omitted.rows.map((row) => row.login)).toEqual(['alice']);
  });

  test('counts only acts inside the window, from inclusive and to exclusive', () => {
    const window: ResolvedWindow = {
      label: 'January 2026',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
    };
    const facts = [
      act(1, 'pr_opened', '2025-12-31T23:59:59Z'),
      act(1, 'pr_opened', '2026-01-01T00:00:00Z'),
      act(1, 'pr_opened', '2026-01-31T23:59:59Z'),
      act(1, 'pr_opened', '2026-02-01T00:00:00Z'),
    ];
    const board = buildLeaderboard({ facts, people, rules: simple, window });
    expect(board.window).toBe(window);
    expect(board.rows[0]?.points).toBe(20);
  });

  test('cuts the rows at the limit but reports how many people were ranked', () => {
    const facts = [1, 2, 3, 4].map((id) => act(id, 'pr_opened', '2026-01-01T00:00:00Z'));
    const board = buildLeaderboard({ facts, people, rules: simple, window: allTime, limit: 2 });
    expect(board.rows.map((row) => [row.rank, row.login])).toEqual([
      [1, 'alice'],
      [1, 'Bob'],
    ]);
    expect(board.totalPeople).toBe(4);
  });

  test('counts facts of people it was not given instead of ranking them', () => {
    const board = buildLeaderboard({
      facts: [act(99, 'pr_opened', '2026-01-01T00:00:00Z')],
      people,
      rules: simple,
      window: allTime,
    });
    expect(board.rows).toEqual([]);
    expect(board.unknownPersonFacts).toBe(1);
  });

  test('agrees with the person breakdown on every row', () => {
    const facts = [
      act(1, 'pr_opened', '2026-01-01T00:00:00Z'),
      act(1, 'pr_reviewed', '2026-01-02T00:00:00Z'),
      act(2, 'pr_opened', '2026-01-02T00:00:00Z', { ...openPr, labels: ['Spam'] }),
      act(2, 'pr_reviewed', '2026-01-03T00:00:00Z'),
    ];
    const board = buildLeaderboard({ facts, people, rules: simple, window: allTime });
    for (const row of board.rows) {
      const breakdown = buildPersonBreakdown({
        facts,
        person: people.get(row.personId)!,
        rules: simple,
        window: allTime,
      });
      expect([breakdown.points, breakdown.counts]).toEqual([row.points, row.counts]);
    }
  });

  test('scores many facts in one pass quickly', () => {
    const many: ScoringFact[] = [];
    for (let i = 0; i < 200_000; i++) {
      many.push(act((i % 4) + 1, i % 3 === 0 ? 'pr_reviewed' : 'pr_opened', '2026-01-01T00:00:00Z', openPr));
    }
    const started = performance.now();
    const board = buildLeaderboard({ facts: many, people, rules: simple, window: allTime });
    expect(board.rows).toHaveLength(4);
    expect(board.rows.reduce((sum, row) => sum + row.counts.pr_opened + row.counts.pr_reviewed, 0)).toBe(
      200_000,
    );
    // A loose bound that only catches accidental quadratic work or per-fact allocation storms.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('buildLeaderboard properties', () => {
  const times = [
    '2025-12-31T12:00:00Z',
    '2026-01-05T00:00:00Z',
    '2026-01-20T00:00:00Z',
    '2026-02-03T00:00:00Z',
  ];
  const window: ResolvedWindow = {
    label: 'window',
    from: '2026-01-01T00:00:00Z',
    to: '2026-02-01T00:00:00Z',
  };
  const itemArbitrary: fc.Arbitrary<ScoringItem | null> = fc.option(
    fc.record({
      type: fc.constantFrom('issue' as const, 'pr' as const),
      labels: fc.subarray(['bug', 'Enhancement', 'spam', 'docs']),
      state: fc.constantFrom('open' as const, 'closed' as const, 'deleted' as const),
      stateReason: fc.constantFrom(null, 'completed' as const, 'not_planned' as const, 'duplicate' as const),
      mergedAt: fc.constantFrom(null, '2026-01-10T00:00:00Z'),
      authorId: fc.constant(null),
    }),
  );
  const factArbitrary: fc.Arbitrary<ScoringFact> = fc
    .record({
      personId: fc.integer({ min: 1, max: 7 }),
      kind: fc.constantFrom(...ACTIVITY_KINDS),
      occurredAt: fc.constantFrom(...times),
      item: itemArbitrary,
      bonus: fc.integer({ min: -50, max: 50 }),
    })
    .map(({ bonus, ...fact }) => ({
      ...fact,
      key: '',
      repo: null,
      itemNumber: null,
      url: null,
      details: { points: bonus },
    }));
  /** Rules with random points in [min, max], small ranges making equal and zero totals common. */
  const rulesArbitrary = (min: number, max: number): fc.Arbitrary<ScoringRules> =>
    fc
      .record({
        points: fc.array(fc.integer({ min, max }), {
          minLength: ACTIVITY_KINDS.length,
          maxLength: ACTIVITY_KINDS.length,
        }),
        bug: fc.integer({ min, max }),
        bonusFromDetails: fc.boolean(),
        unmerged: fc.boolean(),
      })
      .map(({ points, bug, bonusFromDetails, unmerged }) =>
        rules(
          [
            `points: {${ACTIVITY_KINDS.map((kind, index) => `${kind}: ${kind === 'bonus' && bonusFromDetails ? 'details' : points[index]}`).join(', ')}}`,
            `issue_kinds: {bug: {labels: [bug], points: ${bug}}}`,
            `exclude: {labels: [spam], issue_state_reasons: [not_planned], unmerged_prs: ${unmerged}, deleted_items: true}`,
          ].join('\n'),
        ),
      );
  const everyone = new Map([...people, [7, person(7, 'erin')]]);

  function byPerson(facts: readonly ScoringFact[], scoring: ScoringRules) {
    return new Map(
      buildLeaderboard({ facts, people: everyone, rules: scoring, window }).rows.map((row) => [
        row.personId,
        row,
      ]),
    );
  }

  test("adding facts never lowers anyone's counts", () => {
    fc.assert(
      fc.property(
        rulesArbitrary(-2, 2),
        fc.array(factArbitrary),
        fc.array(factArbitrary),
        (scoring, facts, more) => {
          const before = byPerson(facts, scoring);
          const after = byPerson([...facts, ...more], scoring);
          for (const [personId, row] of before) {
            const later = after.get(personId);
            expect(later).toBeDefined();
            for (const kind of ACTIVITY_KINDS)
              expect(later!.counts[kind]).toBeGreaterThanOrEqual(row.counts[kind]);
          }
        },
      ),
    );
  });

  test("adding facts never lowers anyone's points under rules with no negative points", () => {
    fc.assert(
      fc.property(
        rulesArbitrary(0, 100),
        fc.array(factArbitrary),
        fc.array(factArbitrary),
        (scoring, facts, more) => {
          const nonNegative = (list: readonly ScoringFact[]) =>
            list.map((fact) =>
              fact.kind === 'bonus'
                ? { ...fact, details: { points: Math.abs(Number(fact.details.points)) } }
                : fact,
            );
          const before = byPerson(nonNegative(facts), scoring);
          const after = byPerson(nonNegative([...facts, ...more]), scoring);
          for (const [personId, row] of before)
            expect(after.get(personId)!.points).toBeGreaterThanOrEqual(row.points);
        },
      ),
    );
  });

  test('ranks are competition ranks over a sorted board', () => {
    fc.assert(
      fc.property(rulesArbitrary(-3, 3), fc.array(factArbitrary), (scoring, facts) => {
        const rows = buildLeaderboard({ facts, people: everyone, rules: scoring, window }).rows;
        rows.forEach((row, index) => {
          const previous = rows[index - 1];
          if (previous === undefined) expect(row.rank).toBe(1);
          else if (previous.points === row.points) expect(row.rank).toBe(previous.rank);
          else {
            expect(previous.points).toBeGreaterThan(row.points);
            expect(row.rank).toBe(index + 1);
          }
        });
      }),
    );
  });
});

describe('buildLeaderboard with unreadable times', () => {
  test('leaves an act whose time cannot be read outside every window', () => {
    const window: ResolvedWindow = { label: 'all time', from: null, to: '2027-01-01T00:00:00Z' };
    const facts = [act(1, 'pr_opened', 'yesterday'), act(1, 'pr_opened', '2026-01-01T00:00:00Z')];
    expect(buildLeaderboard({ facts, people, rules: simple, window }).rows[0]?.points).toBe(10);
  });
});
