import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTIVITY_KINDS } from '../core/activity.ts';
import type { ActivityColumns } from '../core/activity-columns.ts';
import { toActivityColumns } from '../core/activity-columns.ts';
import { formatDiagnostic } from '../core/diagnostics.ts';
import { SCORING_DETAIL_KINDS } from '../core/scoring/create-column-scorer.ts';
import { createFactScorer } from '../core/scoring/create-fact-scorer.ts';
import { parseScoringRules } from '../core/scoring/parse-scoring-rules.ts';
import type { ScoringFact, ScoringItem } from '../core/scoring-fact.ts';
import { createWeeklyPointsTally, tallyWeeklyPoints } from './tally-weekly-points.ts';
import { toWeekFrame } from './week-frame.ts';

const RULES = (() => {
  const parsed = parseScoringRules(
    `points: { issue_opened: 5, pr_opened: 10, pr_reviewed: 3, issue_comment: 0, bonus: details }
issue_kinds:
  bug: { labels: [bug], points: 30 }
exclude: { labels: [spam], issue_state_reasons: [not_planned], unmerged_prs: true, deleted_items: true }
`,
    'rules.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.value;
})();

// A frame of four weeks, the last holding 2026-03-04; acts before it, in it, and after its end.
const FRAME = toWeekFrame('2026-03-04T12:00:00Z', 4);
const TIMES = [
  '2026-02-08T23:59:59Z',
  FRAME.from,
  '2026-02-10T00:00:00Z',
  '2026-02-16T00:00:00Z',
  '2026-02-28T10:00:00Z',
  '2026-03-02T00:00:00Z',
  '2026-03-09T00:00:00Z',
  '2026-04-01T00:00:00Z',
];

const ITEMS: readonly ScoringItem[] = fc.sample(
  fc.record({
    type: fc.constantFrom('issue' as const, 'pr' as const),
    labels: fc.subarray(['bug', 'spam', 'docs']),
    state: fc.constantFrom('open' as const, 'closed' as const, 'deleted' as const, 'transferred' as const),
    stateReason: fc.constantFrom(null, 'completed' as const, 'not_planned' as const),
    mergedAt: fc.constantFrom(null, '2026-01-10T00:00:00Z'),
    authorId: fc.constant(null),
  }),
  { numRuns: 10, seed: 11 },
);

const factArbitrary: fc.Arbitrary<ScoringFact> = fc
  .record({
    personId: fc.constantFrom(1, 2, 3, 40_000_000),
    kind: fc.constantFrom(...ACTIVITY_KINDS),
    occurredAt: fc.constantFrom(...TIMES),
    item: fc.integer({ min: -1, max: ITEMS.length - 1 }),
    details: fc.constantFrom<Readonly<Record<string, unknown>>>({}, { points: 40 }, { points: -2.5 }),
  })
  .map(({ item, ...fact }) => ({
    ...fact,
    key: '',
    repo: item < 0 ? null : 'o/r',
    itemNumber: item < 0 ? null : item,
    url: null,
    item: item < 0 ? null : ITEMS[item]!,
  }));

/** Batches as a reader of `SCORING_DETAIL_KINDS` gives them, cut where `cuts` says. */
function toBatches(facts: readonly ScoringFact[], cuts: readonly number[]): ActivityColumns[] {
  const ends = [...new Set(cuts.map((cut) => cut % (facts.length + 1)))].sort((a, b) => a - b);
  const batches: ActivityColumns[] = [];
  let start = 0;
  for (const end of [...ends, facts.length]) {
    const columns = toActivityColumns(facts.slice(start, end));
    const detail = Int32Array.from(columns.detail);
    for (let i = 0; i < columns.size; i++)
      if (!SCORING_DETAIL_KINDS.includes(ACTIVITY_KINDS[columns.kind[i]!]!)) detail[i] = -1;
    batches.push({ ...columns, detail });
    start = end;
  }
  return batches;
}

describe('createWeeklyPointsTally', () => {
  test('tallies the same weekly series from column batches as tallyWeeklyPoints from facts', () => {
    const scorer = createFactScorer(RULES);
    fc.assert(
      fc.property(
        fc.array(factArbitrary, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        (facts, cuts) => {
          const expected = new Map<number, Float64Array>();
          tallyWeeklyPoints(facts, scorer, FRAME, expected);
          const actual = new Map<number, Float64Array>();
          const tally = createWeeklyPointsTally(scorer, FRAME, actual);
          for (const batch of toBatches(facts, cuts)) tally.addColumns(batch);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
