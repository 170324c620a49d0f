import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseScoringRules } from '../scoring/parse-scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import { isoTimeToMs } from './iso-time-ms.ts';
import {
  buildLadderFactIndex,
  itemTypeOf,
  kindOf,
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
        { length: index.start[slot + 1]! - index.start[slot]! },
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
      index.pointsBefore[index.start[slot + 1]!]! - index.pointsBefore[index.start[slot]!]!;
    expect(pointsOf(alice)).toBe(5);
    expect(pointsOf(bob)).toBe(15);
    expect(
      lowerBound(index, index.start[bob]!, index.start[bob + 1]!, isoTimeToMs('2026-01-02T12:00:00Z')),
    ).toBe(index.start[bob]! + 1);
  });
});
