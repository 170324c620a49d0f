import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Database } from '../src/adapters/storage/create-database.ts';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import { PeopleStoreError } from '../src/adapters/storage/people-store-error.ts';
import { InvalidBatchError } from '../src/adapters/storage/validate-batch.ts';
import type { ActivityFilter } from '../src/app/ports.ts';
import type { ActorRef } from '../src/core/activity.ts';
import type { ScoringFact } from '../src/core/scoring-fact.ts';
import type { SourceRecord } from '../src/core/source-record.ts';
import {
  activityObservation,
  activityRecord,
  actorObservation,
  githubActor,
  itemObservation,
  minutePast,
  sourceRecord,
  twoAccountsOfOnePerson,
} from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// One contract, run against every database rungs supports (STYLE 17): the same test body, real
// SQLite in a temp file and real PostgreSQL in a fresh schema.

const REPO = 'octo/widgets';

const at = minutePast;

/** Midnight UTC of 2024-04-(day + 1). */
function day(n: number): string {
  return `2024-04-${String(n + 1).padStart(2, '0')}T00:00:00Z`;
}

const fixedClock = (): Date => new Date('2024-06-01T12:00:00Z');

async function readFacts(
  store: Store,
  filter: ActivityFilter = {},
  chunkSize?: number,
): Promise<ScoringFact[][]> {
  const chunks: ScoringFact[][] = [];
  for await (const chunk of store.readScoringFacts(filter, chunkSize)) chunks.push([...chunk]);
  return chunks;
}

async function allFacts(store: Store, filter: ActivityFilter = {}): Promise<ScoringFact[]> {
  return (await readFacts(store, filter)).flat();
}

/** Every row of every table, in key order: two equal dumps mean two equal databases. */
async function dumpTables(database: Database): Promise<unknown> {
  const db = database.db;
  return {
    source_records: await db.selectFrom('source_records').selectAll().orderBy('seq').execute(),
    people: await db.selectFrom('people').selectAll().orderBy('id').execute(),
    identities: await db.selectFrom('identities').selectAll().orderBy('kind').orderBy('value').execute(),
    items: await db.selectFrom('items').selectAll().orderBy('repo').orderBy('number').execute(),
    activities: await db.selectFrom('activities').selectAll().orderBy('key').execute(),
    cursors: await db.selectFrom('cursors').selectAll().orderBy('name').execute(),
  };
}

async function readItemRow(database: Database, number: number) {
  const row = await database.db
    .selectFrom('items')
    .selectAll()
    .where('repo', '=', REPO)
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return { ...row, labels: database.traits.readJson(row.labels) };
}

async function personIdOf(store: Store, login: string): Promise<number> {
  const person = await store.findPersonByLogin(login);
  if (person === null) throw new Error(`no person ${login}`);
  return person.id;
}

function storageContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database, { now: fixedClock });
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('stores a replayed batch once: the same tables and zero new records or activities', async () => {
    const alice = githubActor(1, 'alice');
    const batch: SourceRecord[] = [
      sourceRecord('e1', at(1), [
        actorObservation(alice),
        itemObservation({
          repo: REPO,
          number: 1,
          type: 'pr',
          observedAt: at(1),
          title: 'Fix the widget',
          author: alice,
          labels: ['bug'],
          state: 'open',
          createdAt: at(1),
        }),
        activityObservation({
          key: `pr_opened:${REPO}#1`,
          kind: 'pr_opened',
          actor: alice,
          occurredAt: at(1),
          repo: REPO,
          itemNumber: 1,
        }),
      ]),
      sourceRecord('e2', at(2), [
        activityObservation({
          key: 'pr_reviewed:77',
          kind: 'pr_reviewed',
          actor: githubActor(2, 'bob'),
          occurredAt: at(2),
          repo: REPO,
          itemNumber: 1,
          details: { reviewState: 'approved' },
        }),
        activityObservation({
          key: `commit:${REPO}@abc`,
          kind: 'commit',
          actor: { email: 'carol@example.com', name: 'Carol' },
          occurredAt: at(2),
          repo: REPO,
        }),
      ]),
    ];

    expect(await store.writeBatch(batch)).toEqual({
      records: 2,
      newRecords: 2,
      newActivities: 3,
      itemsTouched: 1,
    });
    const before = await dumpTables(handle.database);

    const replay = await store.writeBatch(batch);
    expect(replay).toMatchObject({ records: 2, newRecords: 0, newActivities: 0 });
    expect(await dumpTables(handle.database)).toEqual(before);

    // A new process (empty cache, later clock) replaying it changes nothing either.
    const fresh = createKyselyStore(handle.database, { now: () => new Date('2025-01-01T00:00:00Z') });
    expect(await fresh.writeBatch(batch)).toMatchObject({ newRecords: 0, newActivities: 0 });
    expect(await dumpTables(handle.database)).toEqual(before);
  });

  test('follows a GitHub id through a login change: one person, the new login, the former one still found', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(7, 'Alice'), occurredAt: at(1) }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:2', actor: githubActor(7, 'alice-renamed'), occurredAt: at(5) }),
    ]);
    // An older event imported afterwards does not bring the former login back.
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:0', actor: githubActor(7, 'Alice'), occurredAt: at(0) }),
    ]);

    const people = await store.readPeople();
    expect(people).toEqual([
      { id: expect.any(Number), login: 'alice-renamed', name: null, githubId: 7, isBot: false },
    ]);
    const id = people[0]!.id;
    expect((await store.findPersonByLogin('ALICE'))?.id).toBe(id);
    expect((await store.findPersonByLogin('Alice-Renamed'))?.id).toBe(id);
    expect((await allFacts(store)).map((fact) => fact.personId)).toEqual([id, id, id]);
  });

  test('follows a login change seen within one batch, whatever order its events come in', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:2', actor: githubActor(8, 'new-name'), occurredAt: at(5) }),
      activityRecord({ key: 'issue_comment:1', actor: githubActor(8, 'old-name'), occurredAt: at(1) }),
    ]);
    expect((await store.readPeople()).map((person) => person.login)).toEqual(['new-name']);
    expect((await store.findPersonByLogin('old-name'))?.login).toBe('new-name');
  });

  test('matches logins case-insensitively and gives a login-only person the GitHub id seen later', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: { login: 'Bob' }, occurredAt: at(1) }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:2', actor: { login: 'BOB' }, occurredAt: at(2) }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:3', actor: githubActor(9, 'bob'), occurredAt: at(3) }),
    ]);

    const people = await store.readPeople();
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ githubId: 9, login: 'bob' });
    expect(await store.findPersonByLogin('bOb')).toEqual(people[0]);
  });

  test('resolves GitHub noreply emails of both forms to the account they name', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(123, 'carol'), occurredAt: at(1) }),
      activityRecord({ key: 'issue_comment:2', actor: githubActor(456, 'Dave'), occurredAt: at(1) }),
    ]);
    await store.writeBatch([
      activityRecord({
        key: `commit:${REPO}@c1`,
        kind: 'commit',
        actor: { email: '123+carol@users.noreply.github.com', name: 'Carol C' },
        occurredAt: at(2),
        repo: REPO,
      }),
      activityRecord({
        key: `commit:${REPO}@d1`,
        kind: 'commit',
        actor: { email: 'DAVE@users.noreply.github.com' },
        occurredAt: at(2),
        repo: REPO,
      }),
      // The id form names the account even when the login in it is a former one, and that
      // former login does not become current.
      activityRecord({
        key: `commit:${REPO}@c2`,
        kind: 'commit',
        actor: { email: '123+carol-old@users.noreply.github.com' },
        occurredAt: at(3),
        repo: REPO,
      }),
    ]);

    const people = await store.readPeople();
    expect(people.map((person) => [person.login, person.githubId, person.name])).toEqual([
      ['carol', 123, 'Carol C'],
      ['Dave', 456, null],
    ]);
    const [carol, dave] = people;
    const byKey = Object.fromEntries((await allFacts(store)).map((fact) => [fact.key, fact.personId]));
    expect(byKey).toEqual({
      'issue_comment:1': carol!.id,
      'issue_comment:2': dave!.id,
      [`commit:${REPO}@c1`]: carol!.id,
      [`commit:${REPO}@d1`]: dave!.id,
      [`commit:${REPO}@c2`]: carol!.id,
    });
    expect((await store.findPersonByLogin('carol-old'))?.id).toBe(carol!.id);
  });

  test('an id-form noreply email seen before its account resolves to that account later', async () => {
    await store.writeBatch([
      activityRecord({
        key: `commit:${REPO}@e1`,
        kind: 'commit',
        actor: { email: '99+erin@users.noreply.github.com' },
        occurredAt: at(1),
        repo: REPO,
      }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(99, 'Erin'), occurredAt: at(2) }),
    ]);

    const people = await store.readPeople();
    expect(people).toEqual([
      { id: expect.any(Number), login: 'Erin', name: null, githubId: 99, isBot: false },
    ]);
    expect(new Set((await allFacts(store)).map((fact) => fact.personId))).toEqual(new Set([people[0]!.id]));
  });

  test('keeps an email-only git author apart from a GitHub account until they are merged', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(11, 'frank'), occurredAt: at(1) }),
      activityRecord({
        key: `commit:${REPO}@f1`,
        kind: 'commit',
        actor: { email: 'Frank@Example.com', name: 'Frank F' },
        occurredAt: at(2),
        repo: REPO,
      }),
    ]);
    const people = await store.readPeople();
    const [account, author] = people;
    // The email-only author gets a handle that no GitHub login can be, not the email's local part.
    expect(people.map((person) => [person.login, person.githubId])).toEqual([
      ['frank', 11],
      [`person:${author!.id}`, null],
    ]);
    expect((await store.findPersonByLogin('frank'))?.id).toBe(account!.id);

    await store.mergePeople(account!.id, author!.id);
    expect(await store.readPeople()).toEqual([
      { id: account!.id, login: 'frank', name: 'Frank F', githubId: 11, isBot: false },
    ]);

    // The merged person's email now resolves to the kept person.
    await store.writeBatch([
      activityRecord({
        key: `commit:${REPO}@f2`,
        kind: 'commit',
        actor: { email: 'frank@example.com' },
        occurredAt: at(3),
        repo: REPO,
      }),
    ]);
    expect(await store.readPeople()).toHaveLength(1);
    expect((await allFacts(store)).map((fact) => fact.personId)).toEqual([
      account!.id,
      account!.id,
      account!.id,
    ]);
  });

  test('gives a login taken over by another account to its current holder', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(41, 'kim'), occurredAt: at(1) }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:2', actor: githubActor(41, 'kim2'), occurredAt: at(2) }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:3', actor: githubActor(42, 'kim'), occurredAt: at(3) }),
    ]);

    const people = await store.readPeople();
    expect(people.map((person) => [person.githubId, person.login])).toEqual([
      [41, 'kim2'],
      [42, 'kim'],
    ]);
    expect((await store.findPersonByLogin('KIM'))?.githubId).toBe(42);
    expect((await store.findPersonByLogin('kim2'))?.githubId).toBe(41);
  });

  test('flags bots by [bot] login or by the source, and a person override wins over detection', async () => {
    await store.writeBatch([
      activityRecord({
        key: 'issue_comment:1',
        actor: githubActor(49699333, 'dependabot[bot]'),
        occurredAt: at(1),
      }),
      activityRecord({
        key: 'issue_comment:2',
        actor: { githubId: 5, login: 'ci-runner', isBot: true },
        occurredAt: at(1),
      }),
      activityRecord({ key: 'issue_comment:3', actor: githubActor(6, 'human'), occurredAt: at(1) }),
    ]);
    const isBot = async () =>
      Object.fromEntries((await store.readPeople()).map((person) => [person.login, person.isBot]));
    expect(await isBot()).toEqual({ 'dependabot[bot]': true, 'ci-runner': true, human: false });

    await store.setBot(await personIdOf(store, 'human'), true);
    await store.setBot(await personIdOf(store, 'dependabot[bot]'), false);
    // Seeing the bot again does not undo the override.
    await store.writeBatch([
      activityRecord({
        key: 'issue_comment:4',
        actor: githubActor(49699333, 'dependabot[bot]'),
        occurredAt: at(2),
      }),
    ]);
    expect(await isBot()).toEqual({ 'dependabot[bot]': false, 'ci-runner': true, human: true });
    await expect(store.setBot(999_999, true)).rejects.toThrow('no person with id 999999');
  });

  test('an older item snapshot seen after a newer one changes nothing', async () => {
    const newer = itemObservation({
      repo: REPO,
      number: 5,
      type: 'issue',
      observedAt: at(5),
      title: 'New title',
      labels: ['bug'],
      state: 'closed',
      stateReason: 'completed',
    });
    const older = itemObservation({
      repo: REPO,
      number: 5,
      type: 'issue',
      observedAt: at(2),
      title: 'Old title',
      labels: [],
      state: 'open',
      stateReason: null,
    });
    expect((await store.writeBatch([sourceRecord('e1', at(5), [newer])])).itemsTouched).toBe(1);
    expect((await store.writeBatch([sourceRecord('e2', at(2), [older])])).itemsTouched).toBe(0);

    expect(await readItemRow(handle.database, 5)).toMatchObject({
      title: 'New title',
      labels: ['bug'],
      state: 'closed',
      state_reason: 'completed',
      observed_at: at(5),
    });
  });

  test('fields a snapshot leaves undefined keep their stored values; null and empty values overwrite', async () => {
    const author = githubActor(3, 'gina');
    await store.writeBatch([
      sourceRecord('e1', at(1), [
        itemObservation({
          repo: REPO,
          number: 6,
          type: 'issue',
          observedAt: at(1),
          title: 'Widgets wobble',
          author,
          labels: ['kind/feature'],
          state: 'open',
          createdAt: at(1),
          url: `https://github.com/${REPO}/issues/6`,
        }),
      ]),
    ]);
    // The trimmed GH Archive shape: no title, author or labels.
    await store.writeBatch([
      sourceRecord('e2', at(3), [
        itemObservation({
          repo: REPO,
          number: 6,
          type: 'issue',
          observedAt: at(3),
          state: 'closed',
          stateReason: 'not_planned',
          closedAt: at(3),
        }),
      ]),
    ]);
    const gina = await personIdOf(store, 'gina');
    expect(await readItemRow(handle.database, 6)).toMatchObject({
      title: 'Widgets wobble',
      author_id: gina,
      labels: ['kind/feature'],
      state: 'closed',
      state_reason: 'not_planned',
      created_at: at(1),
      closed_at: at(3),
      url: `https://github.com/${REPO}/issues/6`,
    });

    await store.writeBatch([
      sourceRecord('e3', at(4), [
        itemObservation({
          repo: REPO,
          number: 6,
          type: 'issue',
          observedAt: at(4),
          labels: [],
          state: 'open',
          stateReason: 'reopened',
          closedAt: null,
          author: null,
        }),
      ]),
    ]);
    expect(await readItemRow(handle.database, 6)).toMatchObject({
      title: 'Widgets wobble',
      author_id: null,
      labels: [],
      state: 'open',
      state_reason: 'reopened',
      closed_at: null,
      created_at: at(1),
    });
  });

  test('applies snapshots of one item within a batch as if one by one, skipping any older than the newest', async () => {
    await store.writeBatch([
      sourceRecord('e0', at(5), [
        itemObservation({
          repo: REPO,
          number: 7,
          type: 'pr',
          observedAt: at(5),
          title: 'Stored',
          labels: ['stored'],
        }),
      ]),
    ]);
    await store.writeBatch([
      sourceRecord('e1', at(4), [
        // Older than the stored snapshot: skipped, even though a newer one follows in this batch.
        itemObservation({
          repo: REPO,
          number: 7,
          type: 'pr',
          observedAt: at(4),
          labels: ['too-old'],
          url: 'old-url',
        }),
      ]),
      sourceRecord('e2', at(8), [
        itemObservation({ repo: REPO, number: 7, type: 'pr', observedAt: at(8), state: 'closed' }),
      ]),
      sourceRecord('e3', at(6), [
        // Older than the one before it in this batch: skipped.
        itemObservation({ repo: REPO, number: 7, type: 'pr', observedAt: at(6), title: 'Stale' }),
      ]),
      sourceRecord('e4', at(9), [
        itemObservation({ repo: REPO, number: 7, type: 'pr', observedAt: at(9), mergedAt: at(9) }),
      ]),
    ]);
    expect(await readItemRow(handle.database, 7)).toMatchObject({
      title: 'Stored',
      labels: ['stored'],
      url: null,
      state: 'closed',
      merged_at: at(9),
      observed_at: at(9),
    });
  });

  test('stores an activity once when two sources report it, keeping the first report', async () => {
    const key = `pr_merged:${REPO}#3`;
    const actor = githubActor(12, 'hana');
    await store.writeBatch([
      activityRecord(
        {
          key,
          kind: 'pr_merged',
          actor,
          occurredAt: at(3),
          repo: REPO,
          itemNumber: 3,
          details: { via: 'webhook' },
        },
        'webhook',
      ),
    ]);
    const second = await store.writeBatch([
      activityRecord({
        key,
        kind: 'pr_merged',
        actor,
        occurredAt: at(3),
        repo: REPO,
        itemNumber: 3,
        details: { via: 'gharchive' },
      }),
    ]);
    expect(second).toMatchObject({ newRecords: 1, newActivities: 0 });
    const facts = await allFacts(store);
    expect(facts.map((fact) => [fact.key, fact.details])).toEqual([[key, { via: 'webhook' }]]);

    // Within one batch too: the same record or act twice is stored once, the first one.
    const twice = activityRecord({ key: 'issue_comment:5', actor, occurredAt: at(5), details: { copy: 1 } });
    const again = activityRecord({ key: 'issue_comment:5', actor, occurredAt: at(5), details: { copy: 2 } });
    expect(await store.writeBatch([twice, again])).toEqual({
      records: 2,
      newRecords: 1,
      newActivities: 1,
      itemsTouched: 0,
    });
    expect((await allFacts(store)).find((fact) => fact.key === 'issue_comment:5')?.details).toEqual({
      copy: 1,
    });
  });

  test('credits a merged PR to its author when the merge and the authorship come from different records', async () => {
    const alice = githubActor(1, 'alice');
    const bob = githubActor(2, 'bob');
    const opened = (number: number, time: string): SourceRecord =>
      sourceRecord(`open-${number}`, time, [
        itemObservation({
          repo: REPO,
          number,
          type: 'pr',
          observedAt: time,
          author: alice,
          createdAt: time,
          state: 'open',
        }),
      ]);
    // GH Archive's trimmed shape: the merge names the merger (bob), not the author.
    const merged = (number: number, time: string): SourceRecord =>
      sourceRecord(`merge-${number}`, time, [
        actorObservation(bob),
        itemObservation({
          repo: REPO,
          number,
          type: 'pr',
          observedAt: time,
          state: 'closed',
          mergedAt: time,
          mergedBy: bob,
        }),
      ]);
    // Authorship first, then the merge; and for PR 6 the merge arrives before the opening is seen.
    await store.writeBatch([opened(5, at(1))]);
    expect(await store.writeBatch([merged(5, at(3))])).toMatchObject({ newActivities: 1 });
    await store.writeBatch([merged(6, at(4))]);
    expect((await allFacts(store)).filter((fact) => fact.kind === 'pr_merged')).toHaveLength(1);
    await store.writeBatch([opened(6, at(2))]);
    const aliceId = (await store.findPersonByLogin('alice'))!.id;
    const merges = (await allFacts(store)).filter((fact) => fact.kind === 'pr_merged');
    expect(merges.map((fact) => [fact.key, fact.personId, fact.occurredAt])).toEqual([
      [`pr_merged:${REPO}#5`, aliceId, at(3)],
      [`pr_merged:${REPO}#6`, aliceId, at(4)],
    ]);
    // Replaying changes nothing.
    expect(await store.writeBatch([opened(5, at(1)), merged(5, at(3))])).toMatchObject({ newActivities: 0 });
  });

  test('streams scoring facts by time then key across chunk boundaries, filtered, with their items', async () => {
    const heidi = githubActor(21, 'heidi');
    const ivan = githubActor(22, 'ivan');
    const records: SourceRecord[] = [
      sourceRecord('items', day(0), [
        itemObservation({
          repo: 'octo/a',
          number: 1,
          type: 'issue',
          observedAt: day(0),
          author: heidi,
          labels: ['bug'],
          state: 'closed',
          stateReason: 'completed',
        }),
        itemObservation({
          repo: 'octo/b',
          number: 1,
          type: 'pr',
          observedAt: day(0),
          mergedAt: day(0),
          state: 'closed',
        }),
      ]),
    ];
    for (let i = 0; i < 30; i += 1) {
      records.push(
        activityRecord({
          key: `issue_comment:${String(29 - i).padStart(3, '0')}`,
          actor: i % 2 === 0 ? heidi : ivan,
          // Three acts share each time, so ties are ordered by key, across chunks too.
          occurredAt: day(i % 10),
          repo: i % 3 === 0 ? 'octo/a' : 'octo/b',
          itemNumber: i % 5 === 0 ? 1 : i % 5 === 1 ? 2 : null,
          details: { index: i },
        }),
      );
    }
    await store.writeBatch(records);
    const heidiId = await personIdOf(store, 'heidi');
    const ivanId = await personIdOf(store, 'ivan');

    const expected = records
      .slice(1)
      .map((record) => (record.observations[0] as { activity: { key: string; occurredAt: string } }).activity)
      .sort((a, b) =>
        a.occurredAt === b.occurredAt ? (a.key < b.key ? -1 : 1) : a.occurredAt < b.occurredAt ? -1 : 1,
      );
    for (const chunkSize of [1, 4, 7, 30, 100]) {
      const chunks = await readFacts(store, {}, chunkSize);
      expect(chunks.flat().map((fact) => fact.key)).toEqual(expected.map((activity) => activity.key));
      expect(chunks.slice(0, -1).every((chunk) => chunk.length === chunkSize)).toBe(true);
    }

    const inWindow = await allFacts(store, { from: day(3), to: day(7) });
    expect(inWindow.map((fact) => fact.key)).toEqual(
      expected
        .filter((activity) => activity.occurredAt >= day(3) && activity.occurredAt < day(7))
        .map((a) => a.key),
    );
    expect(inWindow).toHaveLength(12);

    const heidiInB = await allFacts(store, { repo: 'octo/b', personId: heidiId });
    expect(heidiInB.length).toBeGreaterThan(0);
    expect(heidiInB.every((fact) => fact.repo === 'octo/b' && fact.personId === heidiId)).toBe(true);
    const ivanCount = (await allFacts(store, { personId: ivanId })).length;
    expect(ivanCount + (await allFacts(store, { personId: heidiId })).length).toBe(30);
    // One person's acts at some moments (how a kept ladder index re-reads what changed).
    const heidiAt = await allFacts(store, { personId: heidiId, at: [day(2), day(4), day(9)] });
    expect(heidiAt.map((fact) => fact.key)).toEqual(
      (await allFacts(store, { personId: heidiId }))
        .filter((fact) => [day(2), day(4), day(9)].includes(fact.occurredAt))
        .map((fact) => fact.key),
    );
    expect(heidiAt.length).toBeGreaterThan(0);
    expect(await allFacts(store, { at: [] })).toEqual([]);
    await expect(allFacts(store, { at: ['2024-03-01'] })).rejects.toThrow(/expected a time like/);

    const byIndex = new Map((await allFacts(store)).map((fact) => [fact.details.index, fact]));
    // Act 0: octo/a#1, a closed bug authored by heidi.
    expect(byIndex.get(0)).toEqual({
      key: 'issue_comment:029',
      personId: heidiId,
      kind: 'issue_comment',
      occurredAt: day(0),
      repo: 'octo/a',
      itemNumber: 1,
      url: null,
      details: { index: 0 },
      item: {
        type: 'issue',
        labels: ['bug'],
        state: 'closed',
        stateReason: 'completed',
        mergedAt: null,
        authorId: heidiId,
      },
    });
    // Act 5: octo/b#1, a merged PR whose author was never seen; act 1: octo/b#2, never seen; act 2: no item.
    expect(byIndex.get(5)?.item).toEqual({
      type: 'pr',
      labels: [],
      state: 'closed',
      stateReason: null,
      mergedAt: day(0),
      authorId: null,
    });
    expect(byIndex.get(1)).toMatchObject({ itemNumber: 2, item: null });
    expect(byIndex.get(2)).toMatchObject({ itemNumber: null, item: null });

    await expect(readFacts(store, { from: '2024-04-01' })).rejects.toThrow(/expected a time like/);
  });

  test('reads people by id, leaving unknown ids out', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(31, 'jo'), occurredAt: at(1) }),
      activityRecord({ key: 'issue_comment:2', actor: githubActor(32, 'lee'), occurredAt: at(1) }),
      activityRecord({ key: 'issue_comment:3', actor: githubActor(33, 'max'), occurredAt: at(1) }),
    ]);
    const all = await store.readPeople();
    expect(all.map((person) => person.login)).toEqual(['jo', 'lee', 'max']);
    const some = await store.readPeople([all[2]!.id, all[0]!.id, 424_242, all[0]!.id]);
    expect(some.map((person) => person.login)).toEqual(['jo', 'max']);
    expect(await store.readPeople([])).toEqual([]);
    expect(await store.findPersonByLogin('nobody')).toBeNull();
  });

  test('merging people moves identities, activities and item references; the merged login finds the kept person', async () => {
    const grace = githubActor(51, 'grace');
    const graceWork = githubActor(52, 'grace-work');
    await store.writeBatch([...twoAccountsOfOnePerson(grace, graceWork, REPO)]);
    const kept = await personIdOf(store, 'grace');
    const merged = await personIdOf(store, 'grace-work');
    expect(kept).not.toBe(merged);

    await store.mergePeople(kept, merged);

    expect((await store.readPeople()).map((person) => person.id)).toEqual([kept]);
    expect(await personIdOf(store, 'GRACE-WORK')).toBe(kept);
    const facts = await allFacts(store);
    expect(facts.map((fact) => fact.personId)).toEqual([kept, kept]);
    expect(facts[1]?.item?.authorId).toBe(kept);
    expect((await readItemRow(handle.database, 9)).merged_by_id).toBe(kept);

    // The merged account's GitHub id now resolves to the kept person.
    await store.writeBatch([activityRecord({ key: 'issue_comment:3', actor: graceWork, occurredAt: at(3) })]);
    expect((await store.readPeople()).map((person) => person.id)).toEqual([kept]);
    expect((await allFacts(store)).map((fact) => fact.personId)).toEqual([kept, kept, kept]);
  });

  test('refuses to merge a person with themselves or with an unknown id, changing nothing', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(61, 'noor'), occurredAt: at(1) }),
    ]);
    const noor = await personIdOf(store, 'noor');
    const before = await dumpTables(handle.database);

    await expect(store.mergePeople(noor, noor)).rejects.toThrow(`cannot merge person ${noor} into itself`);
    const unknown = store.mergePeople(noor, 777_777);
    await expect(unknown).rejects.toBeInstanceOf(PeopleStoreError);
    await expect(store.mergePeople(777_777, noor)).rejects.toMatchObject({
      code: 'unknown_person',
      message: 'no person with id 777777',
    });
    expect(await dumpTables(handle.database)).toEqual(before);
  });

  test('keeps named cursors: an unknown one is null and a second write replaces the first', async () => {
    expect(await store.readCursor('git:octo/widgets')).toBeNull();
    await store.writeCursor('git:octo/widgets', 'abc123');
    await store.writeCursor('sync:octo/widgets:issues', '2024-03-01T00:00:00Z');
    await store.writeCursor('git:octo/widgets', 'def456');
    expect(await store.readCursor('git:octo/widgets')).toBe('def456');
    expect(await store.readCursor('sync:octo/widgets:issues')).toBe('2024-03-01T00:00:00Z');
  });

  test('lists cursors by exact, case-sensitive name prefix, in name order', async () => {
    await store.writeCursor('sync:octo/widgets:reviews', '{"seen":2}');
    await store.writeCursor('sync:octo/widgets:issues', '{"seen":1}');
    await store.writeCursor('sync:octo/wXdgets:issues', 'like wildcard, not a match');
    await store.writeCursor('SYNC:octo/widgets:issues', 'other case');
    await store.writeCursor('git:octo/widgets', 'abc123');
    const listed = await store.listCursors('sync:octo/w_dgets:');
    expect(listed).toEqual([]);
    const named = await store.listCursors('sync:octo/widgets:');
    expect(named.map((cursor) => [cursor.name, cursor.value])).toEqual([
      ['sync:octo/widgets:issues', '{"seen":1}'],
      ['sync:octo/widgets:reviews', '{"seen":2}'],
    ]);
    expect(named[0]?.updatedAt).toBe('2024-06-01T12:00:00Z');
    expect((await store.listCursors('sync:')).map((cursor) => cursor.name)).toEqual([
      'sync:octo/wXdgets:issues',
      'sync:octo/widgets:issues',
      'sync:octo/widgets:reviews',
    ]);
  });

  test('clearing derived rows keeps people and raw records, which stream back in first-stored order and rebuild', async () => {
    const actor = githubActor(71, 'omar');
    const make = (key: string, minute: number): SourceRecord =>
      sourceRecord(key, at(minute), [
        itemObservation({
          repo: REPO,
          number: minute + 1,
          type: 'issue',
          observedAt: at(minute),
          state: 'open',
        }),
        activityObservation({
          key: `issue_opened:${REPO}#${minute + 1}`,
          kind: 'issue_opened',
          actor,
          occurredAt: at(minute),
          repo: REPO,
          itemNumber: minute + 1,
        }),
      ]);
    const records = [make('r-b', 5), make('r-a', 1), make('r-c', 0)];
    await store.writeBatch(records.slice(0, 2));
    await store.writeBatch([records[2]!, records[1]!]);
    const people = await store.readPeople();

    await store.clearDerived();
    expect(await allFacts(store)).toEqual([]);
    expect(await handle.database.db.selectFrom('items').selectAll().execute()).toEqual([]);
    expect(await store.readPeople()).toEqual(people);

    const chunks = [];
    for await (const chunk of store.readSourceRecords(2)) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.map((record) => record.key))).toEqual([['r-b', 'r-a'], ['r-c']]);
    expect(chunks.flat()).toEqual(
      ['r-b', 'r-a', 'r-c'].map((key) => {
        const record = records.find((candidate) => candidate.key === key)!;
        return { source: 'gharchive', key, occurredAt: record.occurredAt, payload: record.payload };
      }),
    );

    // Mapping the kept records again brings the derived rows back; nothing new is stored raw.
    const rebuilt = await store.writeBatch(
      chunks.flat().map((stored) => ({
        ...stored,
        observations: records.find((r) => r.key === stored.key)!.observations,
      })),
    );
    expect(rebuilt).toEqual({ records: 3, newRecords: 0, newActivities: 3, itemsTouched: 3 });
    expect(await allFacts(store)).toHaveLength(3);
    expect(await store.readPeople()).toEqual(people);
  });

  test('two stores writing one database at once resolve shared new actors to one person each', async () => {
    const other = createKyselyStore(await handle.openAnother(), { now: fixedClock });
    const actors: ActorRef[] = Array.from({ length: 40 }, (_, i) => githubActor(1000 + i, `user-${i}`));
    const shared: ActorRef = { email: 'shared@example.com', name: 'Shared' };
    const batch = (prefix: string, order: readonly ActorRef[]): SourceRecord[] => [
      ...order.map((actor, i) =>
        activityRecord({ key: `issue_comment:${prefix}${i}`, actor, occurredAt: at(i % 60) }),
      ),
      activityRecord({
        key: `commit:${REPO}@${prefix}`,
        kind: 'commit',
        actor: shared,
        occurredAt: at(1),
        repo: REPO,
      }),
    ];
    await Promise.all([
      store.writeBatch(batch('a', actors)),
      other.writeBatch(batch('b', [...actors].reverse())),
      store.writeBatch(batch('c', actors.slice(10, 30))),
      other.writeBatch(batch('d', actors.slice(5, 25).reverse())),
    ]);

    const people = await store.readPeople();
    expect(people).toHaveLength(41);
    expect(new Set(people.map((person) => person.githubId)).size).toBe(41);
    const facts = await allFacts(store);
    expect(facts).toHaveLength(40 + 40 + 20 + 20 + 4);
    const personByActor = new Map<string, Set<number>>();
    for (const fact of facts) {
      const login = people.find((person) => person.id === fact.personId)!.login;
      personByActor.set(login, (personByActor.get(login) ?? new Set()).add(fact.personId));
    }
    expect([...personByActor.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(personByActor.size).toBe(41);
  });

  test('a store whose cache predates a merge made through another store resolves to the kept person', async () => {
    const other = createKyselyStore(await handle.openAnother(), { now: fixedClock });
    const pat = githubActor(81, 'pat');
    const patAlt = githubActor(82, 'pat-alt');
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: pat, occurredAt: at(1) }),
      activityRecord({ key: 'issue_comment:2', actor: patAlt, occurredAt: at(2) }),
    ]);
    const kept = await personIdOf(store, 'pat');
    await other.mergePeople(kept, await personIdOf(store, 'pat-alt'));

    // `store` still caches pat-alt's old person; the write must not resurrect or orphan it.
    await store.writeBatch([
      sourceRecord('e3', at(3), [
        itemObservation({ repo: REPO, number: 4, type: 'issue', observedAt: at(3), author: patAlt }),
        activityObservation({
          key: 'issue_comment:3',
          actor: patAlt,
          occurredAt: at(3),
          repo: REPO,
          itemNumber: 4,
        }),
      ]),
    ]);
    expect((await store.readPeople()).map((person) => person.id)).toEqual([kept]);
    expect((await allFacts(store)).map((fact) => [fact.personId, fact.item?.authorId ?? null])).toEqual([
      [kept, null],
      [kept, null],
      [kept, kept],
    ]);
  });

  test('keeps two databases apart: a second one opens empty and writes leave the first untouched', async () => {
    // On PostgreSQL the second is another schema of the same database, whose migration tables the
    // migrator must not mistake for its own.
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(95, 'rae'), occurredAt: at(1) }),
    ]);
    const before = await dumpTables(handle.database);
    const second = await target.create();
    try {
      const secondStore = createKyselyStore(second.database, { now: fixedClock });
      expect(await secondStore.readPeople()).toEqual([]);
      await secondStore.writeBatch([
        activityRecord({ key: 'issue_comment:2', actor: githubActor(96, 'sam'), occurredAt: at(2) }),
      ]);
      expect((await secondStore.readPeople()).map((person) => person.login)).toEqual(['sam']);
    } finally {
      await second.destroy();
    }
    expect(await dumpTables(handle.database)).toEqual(before);
  });

  test('writes a batch larger than one statement holds', async () => {
    const records: SourceRecord[] = [];
    for (let i = 0; i < 2600; i += 1) {
      const actor = githubActor(5000 + (i % 300), `bulk-${i % 300}`);
      records.push(
        sourceRecord(`bulk-${i}`, at(i % 60), [
          itemObservation({
            repo: REPO,
            number: (i % 1500) + 1,
            type: 'pr',
            observedAt: at(i % 60),
            author: actor,
          }),
          activityObservation({
            key: `review_comment:${i}`,
            kind: 'review_comment',
            actor,
            occurredAt: at(i % 60),
            repo: REPO,
            itemNumber: (i % 1500) + 1,
          }),
          activityObservation({
            key: `pr_reviewed:${i}`,
            kind: 'pr_reviewed',
            actor,
            occurredAt: at(i % 60),
            details: { reviewState: 'commented' },
          }),
        ]),
      );
    }
    const summary = await store.writeBatch(records);
    expect(summary).toEqual({ records: 2600, newRecords: 2600, newActivities: 5200, itemsTouched: 1500 });
    expect(await store.readPeople()).toHaveLength(300);
    expect(await allFacts(store)).toHaveLength(5200);
    expect(await store.writeBatch(records)).toMatchObject({ newRecords: 0, newActivities: 0 });
  });

  test('rejects a batch holding an invalid record before writing anything, naming the record and field', async () => {
    const good = activityRecord({
      key: 'issue_comment:1',
      actor: githubActor(91, 'quinn'),
      occurredAt: at(1),
    });
    const badTime = sourceRecord('bad-time', at(2), [
      activityObservation({
        key: 'issue_comment:2',
        actor: githubActor(91, 'quinn'),
        occurredAt: '2024-02-30T10:00:00Z',
      }),
    ]);
    const nobody = activityRecord({
      key: 'issue_comment:3',
      actor: { name: 'Just A Name' },
      occurredAt: at(1),
    });
    const before = await dumpTables(handle.database);

    const failure = store.writeBatch([good, badTime, nobody]);
    await expect(failure).rejects.toBeInstanceOf(InvalidBatchError);
    await expect(failure).rejects.toThrow(
      'invalid record gharchive:bad-time at observations[0].activity.occurredAt: expected a time like 2024-05-01T12:00:00Z, got "2024-02-30T10:00:00Z": 2024-02 has no day 30 (and 1 more problems)',
    );
    const problems = await failure.catch((error: InvalidBatchError) => error.problems);
    expect(problems).toEqual([
      expect.objectContaining({ record: 'gharchive:bad-time', path: 'observations[0].activity.occurredAt' }),
      {
        record: 'gharchive:event:issue_comment:3',
        path: 'observations[0].activity.actor',
        message: 'the actor has no GitHub id, login or email',
      },
    ]);
    const unserializable = { ...good, key: 'big', payload: { size: 10n } };
    await expect(store.writeBatch([unserializable])).rejects.toThrow(
      /gharchive:big at payload: cannot be written as JSON/,
    );
    expect(await dumpTables(handle.database)).toEqual(before);

    // The store is still usable afterwards.
    expect(await store.writeBatch([good])).toMatchObject({ newRecords: 1, newActivities: 1 });
  });
}

await describeOnEachDialect('storage', storageContract);
