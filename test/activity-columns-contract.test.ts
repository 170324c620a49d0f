import { afterEach, beforeEach, expect, test } from 'vitest';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import { readLeaderboard } from '../src/app/read-leaderboard.ts';
import { createWeeklyPointsTally, tallyWeeklyPoints } from '../src/app/tally-weekly-points.ts';
import { toWeekFrame } from '../src/app/week-frame.ts';
import type { ActivityKind } from '../src/core/activity.ts';
import { ACTIVITY_KINDS } from '../src/core/activity.ts';
import type { ActivityColumns } from '../src/core/activity-columns.ts';
import type { LadderFactIndex } from '../src/core/ladder/ladder-fact-index.ts';
import { createLadderFactIndexBuilder, LADDER_DETAIL_KINDS } from '../src/core/ladder/ladder-fact-index.ts';
import { parseLadderPolicy } from '../src/core/ladder/parse-ladder-policy.ts';
import { buildLeaderboard } from '../src/core/scoring/build-leaderboard.ts';
import { SCORING_DETAIL_KINDS } from '../src/core/scoring/create-column-scorer.ts';
import { createFactScorer } from '../src/core/scoring/create-fact-scorer.ts';
import { parseScoringRules } from '../src/core/scoring/parse-scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../src/core/scoring-fact.ts';
import type { ResolvedWindow } from '../src/core/window/resolve-window.ts';
import {
  activityObservation,
  githubActor,
  itemObservation,
  sourceRecord,
} from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// Reading activities in columns (what evaluating everyone reads) against reading them as fact
// objects: the ladder's index must come out the same. One body, real SQLite and real PostgreSQL.

const fixedClock = (): Date => new Date('2026-01-01T00:00:00Z');

const POLICY = (() => {
  const parsed = parseLadderPolicy(
    `name: test
title: Test
levels:
  - id: member
    title: Member
    summary: m
    requires:
      - count: { min: 1, kinds: [issue_opened], labels: [help wanted], window: all }
      - count: { min: 1, kinds: [meeting_attended], series: weekly, window: all }
`,
    'test.yaml',
  );
  if (!parsed.ok) throw new Error('bad policy');
  return parsed.value;
})();
const RULES = (() => {
  const parsed = parseScoringRules(
    `points: { issue_opened: 5, pr_opened: 10, bonus: details }
issue_kinds:
  bug: { labels: [bug], points: 30 }
exclude: { labels: [spam], unmerged_prs: true }
`,
    'rules.yaml',
  );
  if (!parsed.ok) throw new Error('bad rules');
  return parsed.value;
})();

const KINDS: readonly { kind: ActivityKind; details: Readonly<Record<string, unknown>> }[] = [
  { kind: 'issue_opened', details: {} },
  { kind: 'pr_opened', details: {} },
  { kind: 'pr_reviewed', details: { reviewState: 'approved' } },
  { kind: 'pr_reviewed', details: { reviewState: 'changes_requested' } },
  { kind: 'meeting_attended', details: { series: 'Weekly' } },
  { kind: 'bonus', details: { points: 250, grantedBy: 'alice', reason: 'docs' } },
  { kind: 'attestation', details: { grantedBy: '@Bob', attestation: 'mentor_recommendation' } },
  { kind: 'commit', details: { mergeCommit: 'abc' } },
];

function activityColumnsContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database, { now: fixedClock });
    const actors = [githubActor(1, 'alice'), githubActor(2, 'bob'), githubActor(3, 'ci[bot]')];
    const labels = [[], ['help wanted'], ['bug'], ['spam']];
    const records = [];
    for (let number = 1; number <= 8; number++) {
      records.push(
        sourceRecord(`item:${number}`, '2025-01-01T00:00:00Z', [
          itemObservation({
            repo: number % 2 === 0 ? 'org/app' : 'org/lib',
            number,
            type: number % 3 === 0 ? 'issue' : 'pr',
            observedAt: '2025-01-01T00:00:00Z',
            labels: labels[number % labels.length]!,
            state: number % 4 === 0 ? 'closed' : 'open',
            mergedAt: null,
          }),
        ]),
      );
    }
    for (let index = 0; index < 60; index++) {
      const { kind, details } = KINDS[index % KINDS.length]!;
      const number = 1 + (index % 9);
      // Several acts share a time, so the order by key matters too.
      const occurredAt = `2025-0${1 + (index % 6)}-0${1 + (index % 3)}T10:00:00Z`;
      records.push(
        sourceRecord(`act:${index}`, occurredAt, [
          activityObservation({
            key: `${kind}:${index}`,
            kind,
            actor: actors[index % actors.length]!,
            occurredAt,
            repo: kind === 'meeting_attended' ? null : number % 2 === 0 ? 'org/app' : 'org/lib',
            itemNumber: kind === 'meeting_attended' || kind === 'commit' ? null : number,
            details,
          }),
        ]),
      );
    }
    await store.writeBatch(records);
  });

  afterEach(async () => {
    await handle.destroy();
  });

  const content = (index: LadderFactIndex) => ({ ...index, facts: null });

  test('builds the same ladder index from columns as from fact objects, in batches of any size', async () => {
    const people = new Map<number, PersonSummary>((await store.readPeople()).map((p) => [p.id, p]));
    const filter = { to: '2025-06-01T00:00:00Z' };
    const fromFacts = createLadderFactIndexBuilder({ people, rules: RULES, policy: POLICY });
    for await (const chunk of store.readScoringFacts(filter, 7))
      for (const fact of chunk) fromFacts.add(fact);
    const expected = fromFacts.finish();
    expect(expected.size).toBeGreaterThan(20);

    for (const chunkSize of [1, 7, 1000]) {
      const fromColumns = createLadderFactIndexBuilder({ people, rules: RULES, policy: POLICY });
      const batches: ActivityColumns[] = [];
      for await (const batch of store.readActivityColumns(filter, {
        detailKinds: LADDER_DETAIL_KINDS,
        chunkSize,
      })) {
        batches.push(batch);
        fromColumns.addColumns(batch);
      }
      if (chunkSize < 1000) expect(batches.length).toBeGreaterThan(expected.size / chunkSize);
      expect(content(fromColumns.finish())).toEqual(content(expected));
    }
  });

  test('ranks the same board from columns as from fact objects, for windows, a repository and a group', async () => {
    const windows: ResolvedWindow[] = [
      { label: 'all time', from: null, to: '2026-01-01T00:00:00Z' },
      { label: 'spring', from: '2025-02-02T10:00:00Z', to: '2025-05-01T00:00:00Z' },
    ];
    const scopes = [
      {},
      { repo: 'org/app' },
      { repos: ['org/app', 'org/lib'] },
      { repos: ['org/lib', 'org/none'] },
      { repos: [] },
    ];
    let rows = 0;
    for (const window of windows) {
      for (const scope of scopes) {
        const facts: ScoringFact[] = [];
        for await (const chunk of store.readScoringFacts({ from: window.from, to: window.to, ...scope }, 5))
          facts.push(...chunk);
        const people = new Map(
          (await store.readPeople([...new Set(facts.map((fact) => fact.personId))])).map((p) => [p.id, p]),
        );
        const expected = buildLeaderboard({ facts, people, rules: RULES, window });
        const board = await readLeaderboard(store, { rules: RULES, window, ...scope });
        expect(board).toEqual(expected);
        rows += board.rows.length;
      }
    }
    expect(rows).toBeGreaterThan(5);
    const bonus = await readLeaderboard(store, { rules: RULES, window: windows[0]! });
    // Bonus points come from the details the column reader reads for SCORING_DETAIL_KINDS.
    expect(bonus.rows.some((row) => row.counts.bonus > 0 && row.points >= 250)).toBe(true);
  });

  test('tallies the same weekly series from columns as from fact objects', async () => {
    const scorer = createFactScorer(RULES);
    const frame = toWeekFrame('2025-05-20T00:00:00Z', 12);
    for (const scope of [{}, { repo: 'org/lib' }, { repos: ['org/app'] }]) {
      const filter = { from: frame.from, ...scope };
      const expected = new Map<number, Float64Array>();
      for await (const chunk of store.readScoringFacts(filter, 7))
        tallyWeeklyPoints(chunk, scorer, frame, expected);
      const actual = new Map<number, Float64Array>();
      const tally = createWeeklyPointsTally(scorer, frame, actual);
      for await (const batch of store.readActivityColumns(filter, {
        detailKinds: SCORING_DETAIL_KINDS,
        chunkSize: 7,
      }))
        tally.addColumns(batch);
      expect(expected.size).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    }
  });

  test('reads details only for the kinds asked for, and each act’s item as it is now', async () => {
    const acts: { kind: string; details: unknown; item: unknown }[] = [];
    for await (const batch of store.readActivityColumns(
      { repos: ['org/app'] },
      { detailKinds: ['pr_reviewed'] },
    )) {
      for (let index = 0; index < batch.size; index++) {
        const detail = batch.detail[index]!;
        const item = batch.item[index]!;
        acts.push({
          kind: ACTIVITY_KINDS[batch.kind[index]!]!,
          details: detail < 0 ? null : batch.details[detail],
          item: item < 0 ? null : batch.items[item]!.labels,
        });
        expect(batch.repos[batch.repo[index]!]).toBe('org/app');
      }
    }
    expect(acts.length).toBeGreaterThan(0);
    for (const act of acts) {
      if (act.kind === 'pr_reviewed') expect(act.details).toHaveProperty('reviewState');
      else expect(act.details).toBeNull();
    }
    expect(acts.some((act) => act.item !== null)).toBe(true);
    let withDetails = 0;
    for await (const batch of store.readActivityColumns({}, { detailKinds: [] }))
      for (let index = 0; index < batch.size; index++) if (batch.detail[index]! >= 0) withDetails++;
    expect(withDetails).toBe(0);
  });
}

test('the index reads no details but those of LADDER_DETAIL_KINDS, whatever scoring rules say', () => {
  const scorer = createFactScorer(RULES);
  for (const kind of ACTIVITY_KINDS) {
    if (scorer.pointsDependOn(kind) === 'details') expect(LADDER_DETAIL_KINDS).toContain(kind);
  }
  // The ladder scores acts too, so it reads at least what scoring reads.
  for (const kind of SCORING_DETAIL_KINDS) expect(LADDER_DETAIL_KINDS).toContain(kind);
});

await describeOnEachDialect('activity columns', activityColumnsContract);
