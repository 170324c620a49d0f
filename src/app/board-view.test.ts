import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTIVITY_KINDS } from '../core/activity.ts';
import { buildLeaderboard, type Leaderboard } from '../core/scoring/build-leaderboard.ts';
import { buildPersonBreakdown } from '../core/scoring/build-person-breakdown.ts';
import { parseScoringRules } from '../core/scoring/parse-scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../core/scoring-fact.ts';
import type { ResolvedWindow } from '../core/window/resolve-window.ts';
import { BoardView, toBoardEntry } from './board-view.ts';

const parsed = parseScoringRules(
  'points: { talk_given: 100, meeting_attended: 15, issue_comment: 8 }\ndeny_logins: [denied]\n',
  'rules.yaml',
);
if (!parsed.ok) throw new Error('bad rules');
const rules = parsed.value;
const window: ResolvedWindow = { label: 'test', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
const LOGINS = ['ada', 'Ada', 'bob', 'carol', 'dave', 'denied', 'erin[bot]'];
const KINDS = ['talk_given', 'meeting_attended', 'issue_comment', 'push'] as const;

function people(): Map<number, PersonSummary> {
  return new Map(
    LOGINS.map((login, index) => [
      index + 1,
      { id: index + 1, login, name: null, githubId: index + 1, isBot: false },
    ]),
  );
}

function rowsOf(view: BoardView): unknown[] {
  return Array.from({ length: view.size }, (_, index) => ({
    rank: view.rankAt(index),
    ...view.entryAt(index),
  }));
}

function rowsOfBoard(board: Leaderboard): unknown[] {
  return board.rows.map((row) => ({
    rank: row.rank,
    personId: row.personId,
    login: row.login,
    name: row.name,
    points: row.points,
    counts: row.counts,
    lastActiveAt: row.lastActiveAt,
  }));
}

const factArbitrary = fc.record({
  personId: fc.integer({ min: 1, max: LOGINS.length }),
  kind: fc.constantFrom(...KINDS),
  day: fc.integer({ min: 0, max: 120 }),
});

function toFacts(
  raw: readonly { personId: number; kind: (typeof KINDS)[number]; day: number }[],
): ScoringFact[] {
  return raw.map((fact, index) => ({
    key: `k${index}`,
    personId: fact.personId,
    kind: fact.kind,
    occurredAt: new Date(Date.UTC(2025, 11, 1) + fact.day * 86_400_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    repo: null,
    itemNumber: null,
    url: null,
    details: {},
    item: null,
  }));
}

describe('BoardView', () => {
  test('starts as the board it is given, ranks included', () => {
    const everyone = people();
    const facts = toFacts([
      { personId: 1, kind: 'talk_given', day: 40 },
      { personId: 3, kind: 'talk_given', day: 41 },
      { personId: 4, kind: 'meeting_attended', day: 42 },
    ]);
    const board = buildLeaderboard({ facts, people: everyone, rules, window });
    const view = new BoardView(board);
    expect(rowsOf(view)).toEqual(rowsOfBoard(board));
    expect([view.rankAt(0), view.rankAt(1), view.rankAt(2)]).toEqual([1, 1, 3]);
    expect(view.indexOf(4)).toBe(2);
    expect(view.indexOf(99)).toBe(-1);
  });

  test('patched person by person, it equals the board built afresh from the new facts', () => {
    fc.assert(
      fc.property(
        fc.array(factArbitrary, { maxLength: 40 }),
        fc.array(factArbitrary, { maxLength: 40 }),
        (before, after) => {
          const everyone = people();
          const oldFacts = toFacts(before);
          const newFacts = toFacts(after);
          const view = new BoardView(buildLeaderboard({ facts: oldFacts, people: everyone, rules, window }));
          for (const person of everyone.values()) {
            const mine = newFacts.filter((fact) => fact.personId === person.id);
            view.replace(
              person.id,
              toBoardEntry(buildPersonBreakdown({ facts: mine, person, rules, window })),
            );
          }
          expect(rowsOf(view)).toEqual(
            rowsOfBoard(buildLeaderboard({ facts: newFacts, people: everyone, rules, window })),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  test('moves its window end forward, never back', () => {
    const view = new BoardView(buildLeaderboard({ facts: [], people: people(), rules, window }));
    view.extendTo('2026-05-01T00:00:00Z');
    view.extendTo('2026-02-01T00:00:00Z');
    expect(view.window).toEqual({ ...window, to: '2026-05-01T00:00:00Z' });
  });
});

test('every activity kind is counted in a board entry', () => {
  const [person] = people().values();
  const entry = toBoardEntry(
    buildPersonBreakdown({
      facts: toFacts([{ personId: 1, kind: 'talk_given', day: 40 }]),
      person: person!,
      rules,
      window,
    }),
  );
  expect(Object.keys(entry!.counts).sort()).toEqual([...ACTIVITY_KINDS].sort());
});
