import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTIVITY_KINDS } from '../activity.ts';
import { toActivityColumns } from '../activity-columns.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseScoringRules } from '../scoring/parse-scoring-rules.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import { isoTimeToMs } from './iso-time-ms.ts';
import {
  buildLadderFactIndex,
  createLadderFactIndexBuilder,
  itemTypeOf,
  kindOf,
  type LadderFactIndex,
  lowerBound,
  RECORD,
  reviewStateOf,
  timeAt,
} from './ladder-fact-index.ts';
import { parseLadderPolicy } from './parse-ladder-policy.ts';

const policy = (() => {
  const parsed = parseLadderPolicy(
    `name: t
title: T
scoring: t
levels:
  - id: a
    title: A
    summary: a
    requires:
      - count: { min: 1, kinds: [issue_opened], labels: [help wanted], window: all }
`,
    't.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.value;
})();
const rules = (() => {
  const parsed = parseScoringRules(
    'points: { issue_opened: 5, pr_opened: 10 }\nexclude: { labels: [spam] }',
    'r.yaml',
  );
  if (!parsed.ok) throw new Error('bad rules');
  return parsed.value;
})();
const people = new Map<number, PersonSummary>([
  [7, { id: 7, login: 'alice', name: null, githubId: 7, isBot: false }],
  [9, { id: 9, login: 'bob', name: null, githubId: 9, isBot: false }],
  [11, { id: 11, login: 'ci[bot]', name: null, githubId: 11, isBot: true }],
]);

function fact(
  key: string,
  personId: number,
  kind: ScoringFact['kind'],
  occurredAt: string,
  extra: Partial<ScoringFact> = {},
): ScoringFact {
  return {
    key,
    personId,
    kind,
    occurredAt,
    repo: 'org/app',
    itemNumber: 1,
    url: null,
    details: {},
    item: null,
    ...extra,
  };
}

describe('buildLadderFactIndex', () => {
  test('groups acts by person in time order whatever the input order, with points and evidence kept in step', () => {
    const facts = [
      fact('b2', 9, 'pr_opened', '2026-01-03T00:00:00Z', {
        item: { type: 'pr', labels: [], state: 'open', stateReason: null, mergedAt: null, authorId: 9 },
      }),
      fact('a2', 7, 'issue_opened', '2026-01-05T00:00:00Z', {
        item: {
          type: 'issue',
          labels: ['Help Wanted'],
          state: 'open',
          stateReason: null,
          mergedAt: null,
          authorId: 7,
        },
      }),
      fact('a1', 7, 'pr_reviewed', '2026-01-01T00:00:00Z', {
        details: { reviewState: 'approved' },
        item: { type: 'pr', labels: [], state: 'open', stateReason: null, mergedAt: null, authorId: 9 },
      }),
      fact('x', 7, 'issue_opened', '2026-01-02T00:00:00Z', {
        item: {
          type: 'issue',
          labels: ['spam'],
          state: 'open',
          stateReason: null,
          mergedAt: null,
          authorId: 7,
        },
      }),
      fact('b1', 9, 'issue_opened', '2026-01-02T00:00:00Z', { repo: 'org/other' }),
      fact('bot', 11, 'pr_opened', '2026-01-02T00:00:00Z'),
      fact('ghost', 99, 'pr_opened', '2026-01-02T00:00:00Z'),
    ];
    const index = buildLadderFactIndex({ facts, people, rules, policy, keepFacts: true });
    expect(index.size).toBe(4);
    expect(index.excludedPeople).toEqual(new Set([11]));
    expect(index.unknownPersonFacts).toBe(1);
    const alice = index.slotOf.get(7)!;
    const bob = index.slotOf.get(9)!;
    const keysOf = (slot: number): string[] =>
      Array.from(
        { length: index.end[slot]! - index.start[slot]! },
        (_, i) => index.facts![index.start[slot]! + i]!.key,
      );
    expect(keysOf(alice)).toEqual(['a1', 'a2']);
    expect(keysOf(bob)).toEqual(['b1', 'b2']);
    const first = index.start[alice]!;
    expect(timeAt(index, first)).toBe(isoTimeToMs('2026-01-01T00:00:00Z'));
    const word = (position: number, offset: number): number =>
      index.records[position * index.stride + offset]!;
    expect(kindOf(word(first, RECORD.kindAndFlags))).toBe(4);
    expect(itemTypeOf(word(first, RECORD.kindAndFlags))).toBe(2);
    expect(reviewStateOf(word(first, RECORD.kindAndFlags))).toBe(1);
    expect(word(first + 1, RECORD.labels) & 1).toBe(1);
    expect(index.repos[word(index.start[bob]!, RECORD.repo)]).toBe('org/other');
    // Points run in position order: alice 0 + 5, then bob 5 + 10.
    const pointsOf = (slot: number): number =>
      index.pointsBefore[index.end[slot]!]! - index.pointsBefore[index.start[slot]!]!;
    expect(pointsOf(alice)).toBe(5);
    expect(pointsOf(bob)).toBe(15);
    expect(
      lowerBound(index, index.start[bob]!, index.start[bob + 1]!, isoTimeToMs('2026-01-02T12:00:00Z')),
    ).toBe(index.start[bob]! + 1);
  });
});

describe('the columnar path', () => {
  const columnPolicy = (() => {
    const parsed = parseLadderPolicy(
      `name: t
title: T
scoring: t
levels:
  - id: a
    title: A
    summary: a
    requires:
      - count: { min: 1, kinds: [issue_opened], labels: [help wanted], window: all }
      - count: { min: 1, kinds: [pr_opened], labels: [bug, Kind/Bug], window: all }
      - count: { min: 1, kinds: [meeting_attended], series: community-call, window: all }
`,
      't.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
    return parsed.value;
  })();
  const columnRules = (() => {
    const parsed = parseScoringRules(
      `points: { issue_opened: 5, pr_opened: 10, pr_reviewed: 2, bonus: details, meeting_attended: 1 }
issue_kinds:
  bug: { labels: [bug], points: 30 }
exclude: { labels: [spam], issue_state_reasons: [not_planned], unmerged_prs: true, deleted_items: true }
deny_logins: [denied]
`,
      'r.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
    return parsed.value;
  })();
  const columnPeople = new Map<number, PersonSummary>([
    ...people,
    [13, { id: 13, login: 'Denied', name: null, githubId: 13, isBot: false }],
    [40_000_000, { id: 40_000_000, login: 'big', name: null, githubId: null, isBot: false }],
    [-3, { id: -3, login: 'negative', name: null, githubId: null, isBot: false }],
  ]);
  const items: readonly ScoringItem[] = [
    { type: 'issue', labels: ['Help Wanted'], state: 'open', stateReason: null, mergedAt: null, authorId: 7 },
    {
      type: 'issue',
      labels: ['bug'],
      state: 'closed',
      stateReason: 'not_planned',
      mergedAt: null,
      authorId: 9,
    },
    { type: 'pr', labels: ['kind/bug'], state: 'closed', stateReason: null, mergedAt: null, authorId: 9 },
    {
      type: 'pr',
      labels: ['bug', 'help wanted'],
      state: 'closed',
      stateReason: null,
      mergedAt: 'x',
      authorId: 7,
    },
    { type: 'pr', labels: ['spam'], state: 'open', stateReason: null, mergedAt: null, authorId: 7 },
    { type: 'issue', labels: [], state: 'deleted', stateReason: null, mergedAt: null, authorId: 7 },
    { type: 'issue', labels: ['bug'], state: 'transferred', stateReason: null, mergedAt: null, authorId: 9 },
  ];
  const detailChoices: readonly Readonly<Record<string, unknown>>[] = [
    {},
    { reviewState: 'approved' },
    { reviewState: 'changes_requested' },
    { reviewState: 'odd' },
    { series: 'Community-Call ' },
    { series: 'other' },
    { series: 7 },
    { points: 250, grantedBy: '@Alice', reason: 'x' },
    { points: 'lots' },
    { grantedBy: 'bob', attestation: 'Mentor_Recommendation', level: 'A', affiliation: 'acme' },
  ];
  const times = [
    '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z',
    '2025-12-31T23:59:59Z',
    '2026-02-03T10:00:00Z',
    '2026-02-03T10:00:00.500Z',
    'not a time',
  ];
  const factArbitrary = fc
    .record({
      person: fc.constantFrom(7, 9, 11, 13, 99, 40_000_000, -3),
      kind: fc.constantFrom(...ACTIVITY_KINDS),
      time: fc.constantFrom(...times),
      repo: fc.constantFrom(null, 'org/app', 'org/other'),
      itemNumber: fc.constantFrom(null, 1, 2),
      item: fc.integer({ min: -1, max: items.length - 1 }),
      details: fc.constantFrom(...detailChoices),
    })
    .map(
      (drawn, index = 0): ScoringFact => ({
        key: `k${index}`,
        personId: drawn.person,
        kind: drawn.kind,
        occurredAt: drawn.time,
        repo: drawn.repo,
        itemNumber: drawn.itemNumber,
        url: null,
        details: drawn.details,
        item: drawn.item < 0 ? null : items[drawn.item]!,
      }),
    );

  /** Everything in an index but the facts, in plain values. */
  const contentOf = (index: LadderFactIndex) => ({ ...index, facts: null });

  test('builds the same index from columns as from fact objects, in one batch or many', () => {
    fc.assert(
      fc.property(
        fc.array(factArbitrary, { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (facts, batch) => {
          const input = { people: columnPeople, rules: columnRules, policy: columnPolicy };
          const expected = buildLadderFactIndex({ ...input, facts });
          const whole = createLadderFactIndexBuilder(input);
          whole.addColumns(toActivityColumns(facts));
          expect(contentOf(whole.finish())).toEqual(contentOf(expected));
          const chunked = createLadderFactIndexBuilder(input);
          for (let from = 0; from < facts.length; from += batch)
            chunked.addColumns(toActivityColumns(facts.slice(from, from + batch)));
          expect(contentOf(chunked.finish())).toEqual(contentOf(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('reads tables shared by the batches of one read, growing between batches', () => {
    const facts = fc.sample(factArbitrary, { numRuns: 400, seed: 3 });
    const input = { people: columnPeople, rules: columnRules, policy: columnPolicy };
    const expected = buildLadderFactIndex({ ...input, facts });
    const all = toActivityColumns(facts);
    const repos: string[] = [];
    const shared: ScoringItem[] = [];
    const details: Readonly<Record<string, unknown>>[] = [];
    const builder = createLadderFactIndexBuilder(input);
    for (let from = 0; from < facts.length; from += 50) {
      const to = Math.min(facts.length, from + 50);
      // The tables grow to what this batch needs, as a streaming reader's would.
      const needs = (column: Int32Array) => Math.max(0, ...column.subarray(from, to)) + 1;
      while (repos.length < needs(all.repo)) repos.push(all.repos[repos.length]!);
      while (shared.length < needs(all.item)) shared.push(all.items[shared.length]!);
      while (details.length < needs(all.detail)) details.push(all.details[details.length]!);
      builder.addColumns({
        size: to - from,
        personId: all.personId.subarray(from, to),
        kind: all.kind.subarray(from, to),
        time: all.time.subarray(from, to),
        repo: all.repo.subarray(from, to),
        itemNumber: all.itemNumber.subarray(from, to),
        item: all.item.subarray(from, to),
        detail: all.detail.subarray(from, to),
        repos,
        items: shared,
        details,
      });
    }
    expect(contentOf(builder.finish())).toEqual(contentOf(expected));
  });

  test('refuses columns when the index keeps its facts for evidence', () => {
    const builder = createLadderFactIndexBuilder({ people, rules, policy, keepFacts: true });
    expect(() => builder.addColumns(toActivityColumns([]))).toThrow(/one by one/);
  });
});

describe('grouping many acts', () => {
  test('keeps every person’s acts, and only theirs, in time order across staging blocks and buckets', () => {
    const many = new Map<number, PersonSummary>();
    for (let id = 1; id <= 1500; id++)
      many.set(id, { id, login: `p${id}`, name: null, githubId: id, isBot: false });
    const random = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { numRuns: 30_000, seed: 5 });
    const kinds = ['pr_opened', 'issue_opened', 'issue_comment'] as const;
    const facts = random.map((draw, index): ScoringFact => {
      // Person 1 has most acts (several staging blocks); the rest spread over three buckets of slots.
      const personId = draw % 3 === 0 ? 1 : 1 + (draw % 1500);
      // Mostly in time order, as storage streams, with some acts out of order.
      const second = draw % 17 === 0 ? draw % 5000 : index;
      const occurredAt = new Date(Date.UTC(2025, 0, 1) + second * 1000).toISOString().replace('.000Z', 'Z');
      return fact(`k${index}`, personId, kinds[draw % 3]!, occurredAt, { itemNumber: index });
    });
    const input = { people: many, rules, policy };
    const index = buildLadderFactIndex({ ...input, facts, keepFacts: true });
    expect(index.size).toBe(facts.length);
    const expectedOf = new Map<number, ScoringFact[]>();
    for (const f of facts) expectedOf.set(f.personId, [...(expectedOf.get(f.personId) ?? []), f]);
    for (const [personId, own] of expectedOf) {
      const slot = index.slotOf.get(personId)!;
      // Stable by time: equal times keep their input order.
      const expected = own
        .map((f, order) => ({ f, order }))
        .sort((a, b) => isoTimeToMs(a.f.occurredAt) - isoTimeToMs(b.f.occurredAt) || a.order - b.order)
        .map(({ f }) => f.key);
      const positions = Array.from(
        { length: index.end[slot]! - index.start[slot]! },
        (_, i) => index.start[slot]! + i,
      );
      expect(positions.map((position) => index.facts![position]!.key)).toEqual(expected);
      for (const position of positions) {
        const at = index.facts![position]!;
        expect(timeAt(index, position)).toBe(isoTimeToMs(at.occurredAt));
        expect(index.records[position * index.stride + RECORD.itemNumber]).toBe(at.itemNumber);
        expect(index.pointsBefore[position + 1]! - index.pointsBefore[position]!).toBe(
          at.kind === 'pr_opened' ? 10 : at.kind === 'issue_opened' ? 5 : 0,
        );
      }
    }
    expect(expectedOf.get(1)!.length).toBeGreaterThan(2 * 2048);
    const fromColumns = createLadderFactIndexBuilder(input);
    for (let from = 0; from < facts.length; from += 10_000)
      fromColumns.addColumns(toActivityColumns(facts.slice(from, from + 10_000)));
    expect({ ...fromColumns.finish(), facts: null }).toEqual({ ...index, facts: null });
  });
});
