import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseScoringRules } from '../scoring/parse-scoring-rules.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import { buildLadderFactIndex, type LadderFactIndex, RECORD, timeAt } from './ladder-fact-index.ts';
import { parseLadderPolicy } from './parse-ladder-policy.ts';
import { patchLadderFactIndex } from './patch-ladder-fact-index.ts';

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
      - count: { min: 1, kinds: [meeting_attended], series: community-call, window: all }
`,
    't.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.value;
})();
const rules = (() => {
  const parsed = parseScoringRules(
    `points: { issue_opened: 5, pr_opened: 10, pr_reviewed: 2, bonus: details, meeting_attended: 1 }
exclude: { labels: [spam] }
`,
    'r.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return parsed.value;
})();
const people = new Map<number, PersonSummary>(
  [1, 2, 3, 4, 5, 6].map((id) => [id, { id, login: `p${id}`, name: null, githubId: id, isBot: id === 6 }]),
);
const items: readonly ScoringItem[] = [
  { type: 'issue', labels: ['Help Wanted'], state: 'open', stateReason: null, mergedAt: null, authorId: 1 },
  { type: 'pr', labels: [], state: 'open', stateReason: null, mergedAt: null, authorId: 2 },
  { type: 'issue', labels: ['spam'], state: 'open', stateReason: null, mergedAt: null, authorId: 3 },
];
const details: readonly Readonly<Record<string, unknown>>[] = [
  {},
  { reviewState: 'approved' },
  { series: 'Community-Call' },
  { series: 'triage' },
  { points: 40, grantedBy: 'p1' },
  { grantedBy: 'p2', attestation: 'mentor_recommendation', affiliation: 'acme' },
];

const factArbitrary = fc
  .record({
    person: fc.integer({ min: 1, max: 7 }),
    kind: fc.constantFrom(
      'issue_opened',
      'pr_opened',
      'pr_reviewed',
      'meeting_attended',
      'bonus',
      'attestation',
      'sponsorship',
    ),
    day: fc.integer({ min: 0, max: 40 }),
    repo: fc.constantFrom(null, 'org/app', 'org/other', 'org/new'),
    item: fc.integer({ min: -1, max: items.length - 1 }),
    details: fc.constantFrom(...details),
  })
  .map(
    (drawn): ScoringFact => ({
      key: '',
      personId: drawn.person,
      kind: drawn.kind as ScoringFact['kind'],
      occurredAt: new Date(Date.UTC(2026, 0, 1 + drawn.day)).toISOString().replace('.000Z', 'Z'),
      repo: drawn.repo,
      itemNumber: drawn.item < 0 ? null : drawn.item + 1,
      url: null,
      details: drawn.details,
      item: drawn.item < 0 ? null : items[drawn.item]!,
    }),
  );

/** What an index says about each person, in names instead of table numbers and positions. */
function viewOf(index: LadderFactIndex) {
  const perPerson = new Map<number, unknown>();
  for (const [id, slot] of index.slotOf) {
    const acts = [];
    for (let position = index.start[slot]!; position < index.end[slot]!; position++) {
      const word = (offset: number) => index.records[position * index.stride + offset]!;
      acts.push({
        time: timeAt(index, position),
        kindAndFlags: word(RECORD.kindAndFlags),
        repo: word(RECORD.repo) < 0 ? null : index.repos[word(RECORD.repo)],
        itemNumber: word(RECORD.itemNumber),
        series: word(RECORD.series) < 0 ? null : index.seriesNames[word(RECORD.series)],
        labels: Array.from({ length: index.labelWords }, (_, w) => word(RECORD.labels + w)),
        points: index.pointsBefore[position + 1]! - index.pointsBefore[position]!,
      });
    }
    const grants = (index.grants.get(slot) ?? []).map((grant) => ({
      ...grant,
      position: grant.position - index.start[slot]!,
    }));
    perPerson.set(id, { acts, grants });
  }
  return {
    perPerson,
    meetingDays: new Map([...index.meetingDays].map(([series, days]) => [series, [...days]])),
    excludedPeople: index.excludedPeople,
    labelFilterOf: index.labelFilterOf,
  };
}

const input = { people, rules, policy };

describe('patchLadderFactIndex', () => {
  test('gives what a new build over every act gives, patch after patch, in place or compacted', () => {
    fc.assert(
      fc.property(
        fc.array(factArbitrary, { maxLength: 40 }),
        fc.array(fc.array(factArbitrary, { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
        fc.constantFrom(0, 0.5, 4),
        (before, rounds, alsoReplaced, spare) => {
          const all = [...before];
          let index = buildLadderFactIndex({ ...input, facts: before, spare });
          for (const round of rounds) {
            all.push(...round);
            // Everyone the round touched, and some it did not (a replaced person may be unchanged).
            const replaced = new Set([...round.map((f) => f.personId), ...alsoReplaced]);
            const update = buildLadderFactIndex({
              ...input,
              facts: all.filter((f) => replaced.has(f.personId)),
            });
            index = patchLadderFactIndex(index, update, replaced);
            expect(viewOf(index)).toEqual(viewOf(buildLadderFactIndex({ ...input, facts: all })));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('an edit replaces only the acts at some instants, and gives what a new build gives', () => {
    const timeOf = (fact: ScoringFact) => Date.parse(fact.occurredAt);
    fc.assert(
      fc.property(
        fc.array(factArbitrary, { maxLength: 40 }),
        fc.array(
          fc.record({
            acts: fc.array(factArbitrary, { maxLength: 12 }),
            // Old instants re-read too (acts on a relabelled item), and people replaced whole.
            alsoInstants: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }),
            replaced: fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 2 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom(0, 0.5, 4),
        (before, rounds, spare) => {
          const all = [...before];
          let index = buildLadderFactIndex({ ...input, facts: before, spare });
          for (const round of rounds) {
            all.push(...round.acts);
            const edited = new Map<number, Set<number>>();
            const instantsOf = (id: number) => edited.get(id) ?? edited.set(id, new Set()).get(id)!;
            for (const fact of round.acts) instantsOf(fact.personId).add(timeOf(fact));
            for (const day of round.alsoInstants) {
              const fact = all[day % Math.max(1, all.length)];
              if (fact !== undefined) instantsOf(fact.personId).add(timeOf(fact));
            }
            const replaced = new Set(round.replaced);
            const update = buildLadderFactIndex({
              ...input,
              facts: all.filter(
                (f) => replaced.has(f.personId) || (edited.get(f.personId)?.has(timeOf(f)) ?? false),
              ),
            });
            index = patchLadderFactIndex(index, update, replaced, edited);
            expect(viewOf(index)).toEqual(viewOf(buildLadderFactIndex({ ...input, facts: all })));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('appends in the room a build keeps, leaving the base as it was, and compacts once half is unused', () => {
    const facts = fc.sample(factArbitrary, { numRuns: 200, seed: 9 });
    const base = buildLadderFactIndex({ ...input, facts, spare: 1 });
    const baseView = viewOf(base);
    const person = facts.filter((f) => f.personId === 1);
    const more = [...person, ...person.slice(0, 3)];
    const patched = patchLadderFactIndex(base, buildLadderFactIndex({ ...input, facts: more }), [1]);
    expect(patched.records.buffer).toBe(base.records.buffer);
    const lengthOf = (index: LadderFactIndex, id: number) =>
      index.end[index.slotOf.get(id)!]! - index.start[index.slotOf.get(id)!]!;
    expect(lengthOf(patched, 1)).toBeGreaterThan(lengthOf(base, 1));
    expect(patched.start[patched.slotOf.get(1)!]).toBe(base.size);
    expect(patched.size).toBe(base.size + lengthOf(patched, 1));
    expect(patched.unusedPositions).toBe(lengthOf(base, 1));
    expect(viewOf(base)).toEqual(baseView);

    // Replacing everyone leaves most positions unused: the patch copies into a compact index.
    const everyone = [1, 2, 3, 4, 5, 6, 7];
    const again = patchLadderFactIndex(patched, buildLadderFactIndex({ ...input, facts }), everyone);
    expect(again.records.buffer).not.toBe(base.records.buffer);
    expect(again.unusedPositions).toBe(0);
    expect(again.size).toBe(base.size);
    expect(viewOf(again)).toEqual(baseView);
  });

  test('a replaced person with no acts left loses their slot', () => {
    const facts = fc.sample(factArbitrary, { numRuns: 50, seed: 2 }).map((f) => ({ ...f, personId: 2 }));
    const base = buildLadderFactIndex({ ...input, facts, spare: 1 });
    expect(base.slotOf.has(2)).toBe(true);
    const patched = patchLadderFactIndex(base, buildLadderFactIndex({ ...input, facts: [] }), [2]);
    expect(patched.slotOf.has(2)).toBe(false);
    expect(patched.grants.size).toBe(0);
  });

  test('refuses an update built for another policy, or an index that keeps its facts', () => {
    const base = buildLadderFactIndex({ ...input, facts: [] });
    const otherPolicy = { ...policy, levels: [] };
    const other = buildLadderFactIndex({ people, rules, policy: otherPolicy, facts: [] });
    expect(() => patchLadderFactIndex(base, other, [])).toThrow(/another policy/);
    const kept = buildLadderFactIndex({ ...input, facts: [], keepFacts: true });
    expect(() => patchLadderFactIndex(kept, base, [])).toThrow(/without facts/);
  });
});
