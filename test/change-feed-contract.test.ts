import { afterEach, beforeEach, expect, test } from 'vitest';
import { KyselyChangeFeed } from '../src/adapters/storage/kysely-change-feed.ts';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import {
  activityObservation,
  githubActor,
  itemObservation,
  sourceRecord,
} from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// The change feed the server follows, one contract for SQLite and PostgreSQL (STYLE 17).

const REPO = 'octo/widgets';
const alice = githubActor(1, 'alice');
const bob = githubActor(2, 'bob');
const carol = githubActor(3, 'carol');

function issueOpened(key: string, number: number, actor = alice) {
  return sourceRecord(key, '2024-03-01T10:00:00Z', [
    itemObservation({
      repo: REPO,
      number,
      type: 'issue',
      observedAt: '2024-03-01T10:00:00Z',
      author: actor,
      labels: [],
    }),
    activityObservation({
      key: `issue_opened:${REPO}#${number}`,
      kind: 'issue_opened',
      actor,
      occurredAt: '2024-03-01T10:00:00Z',
      repo: REPO,
      itemNumber: number,
    }),
  ]);
}

function comment(key: string, number: number, commentId: number, actor = bob) {
  return sourceRecord(key, '2024-03-02T10:00:00Z', [
    activityObservation({
      key: `issue_comment:${commentId}`,
      actor,
      occurredAt: '2024-03-02T10:00:00Z',
      repo: REPO,
      itemNumber: number,
    }),
  ]);
}

function changeFeedContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;
  let feed: KyselyChangeFeed;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database);
    feed = new KyselyChangeFeed(handle.database);
  });
  afterEach(async () => {
    await handle.destroy();
  });

  test('numbers nothing while empty', async () => {
    expect(await feed.readLatestRecordSeq()).toBe(0);
    expect(await feed.readRecordSeqsAfter(0, 10)).toEqual([]);
    expect(await feed.readRecordsBySeq([1, 2])).toEqual([]);
  });

  test('numbers records in the order they are stored, and a replay adds no number', async () => {
    await store.writeBatch([issueOpened('e1', 1), issueOpened('e2', 2)]);
    await store.writeBatch([comment('e3', 1, 100)]);
    await store.writeBatch([issueOpened('e1', 1)]);
    const seqs = await feed.readRecordSeqsAfter(0, 10);
    expect(seqs).toHaveLength(3);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(await feed.readLatestRecordSeq()).toBe(seqs[2]);
    expect(await feed.readRecordSeqsAfter(seqs[0]!, 10)).toEqual(seqs.slice(1));
    expect(await feed.readRecordSeqsAfter(0, 2)).toEqual(seqs.slice(0, 2));
    expect(await feed.readRecordSeqsAfter(seqs[2]!, 10)).toEqual([]);
  });

  test('reads records by number with their source, key and payload', async () => {
    await store.writeBatch([issueOpened('e1', 1), comment('e2', 1, 100)]);
    const [first, second] = await feed.readRecordSeqsAfter(0, 10);
    const records = await feed.readRecordsBySeq([second!, 999_999, first!, second!]);
    expect(records).toEqual([
      { seq: first, source: 'gharchive', key: 'e1', payload: { id: 'e1', at: '2024-03-01T10:00:00Z' } },
      { seq: second, source: 'gharchive', key: 'e2', payload: { id: 'e2', at: '2024-03-02T10:00:00Z' } },
    ]);
  });

  test('finds the people behind activities, and everyone who acted on an item', async () => {
    await store.writeBatch([
      issueOpened('e1', 1, alice),
      comment('e2', 1, 100, bob),
      issueOpened('e3', 2, carol),
      comment('e4', 2, 101, bob),
    ]);
    const people = new Map((await store.readPeople()).map((person) => [person.login, person.id]));
    expect(await feed.readPeopleTouching(['issue_comment:100'], [])).toEqual([people.get('bob')]);
    expect(await feed.readPeopleTouching([], [{ repo: REPO, number: 1 }])).toEqual(
      [people.get('alice')!, people.get('bob')!].sort((a, b) => a - b),
    );
    expect(
      await feed.readPeopleTouching(
        ['issue_opened:octo/widgets#2', 'missing'],
        [{ repo: 'other/repo', number: 1 }],
      ),
    ).toEqual([people.get('carol')]);
    expect(await feed.readPeopleTouching([], [])).toEqual([]);

    // The same, by moment: who acted when, each moment once.
    const byMoment = (acts: readonly { personId: number; occurredAt: string }[]) =>
      acts.map((act) => `${act.personId}@${act.occurredAt}`).sort();
    expect(
      byMoment(await feed.readActsTouching(['issue_comment:100', 'missing'], [{ repo: REPO, number: 1 }])),
    ).toEqual(
      [`${people.get('alice')}@2024-03-01T10:00:00Z`, `${people.get('bob')}@2024-03-02T10:00:00Z`].sort(),
    );
    expect(await feed.readActsTouching([], [])).toEqual([]);
  });

  test('shows another process the records it stores', async () => {
    const other = await handle.openAnother();
    const otherFeed = new KyselyChangeFeed(other);
    const before = await otherFeed.readLatestRecordSeq();
    await store.writeBatch([issueOpened('e1', 1)]);
    const after = await otherFeed.readRecordSeqsAfter(before, 10);
    expect(after).toHaveLength(1);
    expect(await otherFeed.readLatestRecordSeq()).toBe(after[0]);
  });
}

await describeOnEachDialect('change feed', changeFeedContract);
