import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTIVITY_KINDS } from '../activity.ts';
import type { ActivityColumns } from '../activity-columns.ts';
import { toActivityColumns } from '../activity-columns.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import type { ResolvedWindow } from '../window/resolve-window.ts';
import { buildLeaderboard } from './build-leaderboard.ts';
import { SCORING_DETAIL_KINDS } from './create-column-scorer.ts';
import { createFactScorer } from './create-fact-scorer.ts';
import { createLeaderboardBuilder } from './create-leaderboard-builder.ts';
import { parseScoringRules } from './parse-scoring-rules.ts';
import type { ScoringRules } from './scoring-rules.ts';

function rules(text: string): ScoringRules {
  const result = parseScoringRules(text, 'rules.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.value;
}

function person(id: number, login: string, isBot = false): PersonSummary {
  return { id, login, name: id % 2 === 0 ? null : `Name ${id}`, githubId: id, isBot };
}

// Person 8 is never in `people` (its acts are unknown-person facts); 5 is a bot, 6 deny-listed;
// 1 and 7 have logins equal but for case; 40,000,000 is past the dense id table.
const PEOPLE = new Map(
  [
    person(1, 'alice'),
    person(2, 'Bob'),
    person(3, 'carol'),
    person(4, 'dave'),
    person(5, 'dependabot[bot]', true),
    person(6, 'web-flow'),
    person(7, 'Alice'),
    person(40_000_000, 'zed'),
  ].map((p) => [p.id, p]),
);

const TIMES = [
  '1969-12-31T00:00:00Z',
  '2025-12-31T12:00:00Z',
  '2026-01-01T00:00:00Z',
  '2026-01-05T00:00:00Z',
  '2026-01-20T07:30:15Z',
  '2026-01-31T23:59:59Z',
  '2026-02-01T00:00:00Z',
  '2026-02-03T00:00:00Z',
];

const ITEMS: readonly ScoringItem[] = fc.sample(
  fc.record({
    type: fc.constantFrom('issue' as const, 'pr' as const),
    labels: fc.subarray(['bug', 'Enhancement', 'spam', 'docs', 'Bug ']),
    state: fc.constantFrom('open' as const, 'closed' as const, 'deleted' as const, 'transferred' as const),
    stateReason: fc.constantFrom(null, 'completed' as const, 'not_planned' as const, 'duplicate' as const),
    mergedAt: fc.constantFrom(null, '2026-01-10T00:00:00Z'),
    authorId: fc.constant(null),
  }),
  { numRuns: 12, seed: 7 },
);

/** Random acts; items are shared between acts, as stored acts share their item. */
const factArbitrary: fc.Arbitrary<ScoringFact> = fc
  .record({
    personId: fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 8, 40_000_000),
    kind: fc.constantFrom(...ACTIVITY_KINDS),
    occurredAt: fc.constantFrom(...TIMES),
    item: fc.integer({ min: -1, max: ITEMS.length - 1 }),
    details: fc.constantFrom<Readonly<Record<string, unknown>>>(
      {},
      { points: 25 },
      { points: -7.5 },
      { points: 'lots' },
      { reviewState: 'approved' },
    ),
  })
  .map(({ item, ...fact }) => ({
    ...fact,
    key: '',
    repo: item < 0 ? null : 'o/r',
    itemNumber: item < 0 ? null : item,
    url: null,
    item: item < 0 ? null : ITEMS[item]!,
  }));

/** Rules with random points in [min, max], small ranges making equal and zero totals common. */
const rulesArbitrary: fc.Arbitrary<ScoringRules> = fc
  .record({
    points: fc.array(fc.integer({ min: -2, max: 3 }), {
      minLength: ACTIVITY_KINDS.length,
      maxLength: ACTIVITY_KINDS.length,
    }),
    bug: fc.integer({ min: -2, max: 30 }),
    bonusFromDetails: fc.boolean(),
    unmerged: fc.boolean(),
    deleted: fc.boolean(),
    bots: fc.boolean(),
  })
  .map(({ points, bug, bonusFromDetails, unmerged, deleted, bots }) =>
    rules(
      [
        `points: {${ACTIVITY_KINDS.map((kind, index) => `${kind}: ${kind === 'bonus' && bonusFromDetails ? 'details' : points[index]}`).join(', ')}}`,
        `issue_kinds: {bug: {labels: [bug], points: ${bug}}, docs: {labels: [docs], points: 2}}`,
        `exclude: {labels: [spam], issue_state_reasons: [not_planned], unmerged_prs: ${unmerged}, deleted_items: ${deleted}, bots: ${bots}}`,
        'deny_logins: [web-flow]',
      ].join('\n'),
    ),
  );

const windowArbitrary: fc.Arbitrary<ResolvedWindow> = fc
  .record({ from: fc.constantFrom(null, ...TIMES), to: fc.constantFrom(...TIMES, '2027-01-01T00:00:00Z') })
  .map(({ from, to }) => ({ label: 'window', from, to }));

/** Splits the acts where `cuts` says, into batches with their own tables, as `toActivityColumns` makes. */
function toBatches(facts: readonly ScoringFact[], cuts: readonly number[]): ActivityColumns[] {
  const ends = [...new Set(cuts.map((cut) => cut % (facts.length + 1)))].sort((a, b) => a - b);
  const batches: ActivityColumns[] = [];
  let start = 0;
  for (const end of [...ends, facts.length]) {
    if (end < start) continue;
    batches.push(withoutDetailsOf(toActivityColumns(facts.slice(start, end))));
    start = end;
  }
  return batches;
}

/** The batch as a reader asked for `SCORING_DETAIL_KINDS` gives it: other kinds' details left out. */
function withoutDetailsOf(columns: ActivityColumns): ActivityColumns {
  const detail = Int32Array.from(columns.detail);
  for (let i = 0; i < columns.size; i++) {
    const kind = ACTIVITY_KINDS[columns.kind[i]!];
    if (kind === undefined || !SCORING_DETAIL_KINDS.includes(kind)) detail[i] = -1;
  }
  return { ...columns, detail };
}

describe('createLeaderboardBuilder', () => {
  test('builds the same board from column batches as buildLeaderboard from fact objects', () => {
    fc.assert(
      fc.property(
        rulesArbitrary,
        windowArbitrary,
        fc.array(factArbitrary, { maxLength: 80 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.option(fc.nat({ max: 8 }), { nil: undefined }),
        fc.boolean(),
        (scoring, window, facts, cuts, limit, omitZeroPoints) => {
          const expected = buildLeaderboard({
            facts,
            people: PEOPLE,
            rules: scoring,
            window,
            limit,
            omitZeroPoints,
          });
          const builder = createLeaderboardBuilder({ rules: scoring, window });
          for (const batch of toBatches(facts, cuts)) builder.addColumns(batch);
          const ids = builder.personIds();
          const people = new Map([...PEOPLE].filter(([id]) => ids.includes(id)));
          expect(builder.finish({ people, limit, omitZeroPoints })).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('names everyone with an act in the window, and only them', () => {
    const window: ResolvedWindow = {
      label: 'window',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
    };
    const builder = createLeaderboardBuilder({ rules: rules('points: {pr_opened: 1}'), window });
    const [inside, before] = fc.sample(factArbitrary, { numRuns: 2, seed: 1 });
    builder.addColumns(
      toActivityColumns([
        { ...inside!, personId: 3, occurredAt: '2026-01-05T00:00:00Z' },
        { ...before!, personId: 4, occurredAt: '2025-12-31T12:00:00Z' },
      ]),
    );
    expect(builder.personIds()).toEqual([3]);
  });
});

describe('SCORING_DETAIL_KINDS', () => {
  test('holds every kind whose points depend on its details', () => {
    fc.assert(
      fc.property(rulesArbitrary, (scoring) => {
        const scorer = createFactScorer(scoring);
        for (const kind of ACTIVITY_KINDS)
          if (scorer.pointsDependOn(kind) === 'details') expect(SCORING_DETAIL_KINDS).toContain(kind);
      }),
      { numRuns: 20 },
    );
  });
});
