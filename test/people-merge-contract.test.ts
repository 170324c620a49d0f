import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  parseActivityRow,
  toActivitySourceRecord,
} from '../src/adapters/activities-file/map-activity-row.ts';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import { PeopleStoreError } from '../src/adapters/storage/people-store-error.ts';
import { mergePeopleByName } from '../src/app/people/merge-people-by-name.ts';
import type { PeopleDecision } from '../src/app/people/person-merge.ts';
import { resolvePersonName } from '../src/app/people/resolve-person-name.ts';
import { splitPersonByName } from '../src/app/people/split-person-by-name.ts';
import { rebuild } from '../src/app/rebuild.ts';
import { RECORD_MAPPERS } from '../src/compose/open-services.ts';
import type { SourceRecord } from '../src/core/source-record.ts';
import {
  activityRecord,
  githubActor,
  minutePast,
  twoAccountsOfOnePerson,
} from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// Merges and splits of people, on every database (STYLE 17): each recorded with who, when and why,
// undone exactly, and still in force after a rebuild re-derives every act from the raw records.

const REPO = 'octo/widgets';

const at = minutePast;

const decision = (by: string, reason: string | null = null): PeopleDecision => ({
  by,
  at: '2024-06-01T12:00:00Z',
  reason,
});

/** A real off-GitHub row, as `rungs import activities` stores it (and `rungs rebuild` maps it again). */
function meetingRow(id: string, who: { login?: string; email?: string }, date: string): SourceRecord {
  const parsed = parseActivityRow({ id, kind: 'meeting_attended', date, series: 'community-call', ...who });
  if (parsed.kind !== 'valid') throw new Error(`bad row ${id}`);
  return toActivitySourceRecord(parsed.row);
}

async function peopleOfActs(store: Store): Promise<Record<string, number>> {
  const owners: Record<string, number> = {};
  for await (const chunk of store.readScoringFacts({})) {
    for (const fact of chunk) owners[fact.key] = fact.personId;
  }
  return owners;
}

async function idNamed(store: Store, name: string): Promise<number> {
  const resolution = resolvePersonName(name, await store.findPeopleNamed(name));
  if (resolution.kind !== 'found') throw new Error(`${name}: ${resolution.kind}`);
  return resolution.person.id;
}

function peopleMergeContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database, { now: () => new Date('2024-06-01T12:00:00Z') });
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('a name finds a person by id, GitHub login, email or former login, any case', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(11, 'frank'), occurredAt: at(1) }),
      activityRecord({ key: 'issue_comment:2', actor: githubActor(11, 'frank-renamed'), occurredAt: at(2) }),
      activityRecord({
        key: `commit:${REPO}@f1`,
        kind: 'commit',
        actor: { email: 'Frank@Example.com', name: 'Frank F' },
        occurredAt: at(3),
        repo: REPO,
      }),
    ]);
    const [account, author] = await store.readPeople();
    expect(await idNamed(store, 'FRANK-renamed')).toBe(account!.id);
    // A former login outranks the handle (an email's local part) of a git author.
    expect(await idNamed(store, 'frank')).toBe(account!.id);
    expect(await idNamed(store, 'frank@example.COM')).toBe(author!.id);
    expect(await idNamed(store, String(author!.id))).toBe(author!.id);
    expect(resolvePersonName('nobody', await store.findPeopleNamed('nobody'))).toEqual({
      kind: 'unknown',
      name: 'nobody',
    });
  });

  test("an email's local part names nobody: two git authors sam@one and sam@two are found by email, not by 'sam'", async () => {
    await store.writeBatch([
      activityRecord({
        key: `commit:${REPO}@a`,
        kind: 'commit',
        actor: { email: 'sam@one.org' },
        occurredAt: at(1),
      }),
      activityRecord({
        key: `commit:${REPO}@b`,
        kind: 'commit',
        actor: { email: 'sam@two.org' },
        occurredAt: at(2),
      }),
    ]);
    expect(resolvePersonName('sam', await store.findPeopleNamed('sam')).kind).toBe('unknown');
    const ids = (await store.readPeople()).map((person) => person.id);
    const found = [];
    for (const email of ['sam@one.org', 'sam@two.org']) {
      const resolution = resolvePersonName(email, await store.findPeopleNamed(email));
      found.push(resolution.kind === 'found' ? resolution.person.id : resolution.kind);
    }
    expect(found).toEqual(ids);
  });

  test('merging by login and email records who, when and why, and moves the email to the kept person', async () => {
    await store.writeBatch([
      meetingRow('m1', { login: 'alice' }, '2024-03-01'),
      meetingRow('m2', { email: 'alice@example.org' }, '2024-03-08'),
    ]);
    const result = await mergePeopleByName(
      store,
      'alice',
      'alice@example.org',
      decision('ops', 'same human'),
    );
    expect(result.kind).toBe('merged');
    const [merge] = await store.listMerges();
    expect(merge).toMatchObject({
      kept: { login: 'alice' },
      decision: { by: 'ops', at: '2024-06-01T12:00:00Z', reason: 'same human' },
      split: null,
    });
    expect(await store.readPeople()).toHaveLength(1);
    expect(await idNamed(store, 'alice@example.org')).toBe(merge!.kept.id);
  });

  test('splitting undoes a merge: the person comes back with their id, identities, acts and items', async () => {
    const grace = githubActor(51, 'grace');
    const graceWork = githubActor(52, 'grace-work');
    await store.writeBatch([...twoAccountsOfOnePerson(grace, graceWork, REPO)]);
    const before = await store.readPeople();
    const keptId = await idNamed(store, 'grace');
    const mergedId = await idNamed(store, 'grace-work');
    const actsBefore = await peopleOfActs(store);

    await mergePeopleByName(store, 'grace', String(mergedId), decision('ops'));
    expect(Object.values(await peopleOfActs(store))).toEqual([keptId, keptId]);

    const split = await splitPersonByName(store, 'GRACE-WORK', decision('lead', 'two people after all'));
    expect(split.kind).toBe('split');
    expect(await store.readPeople()).toEqual(before);
    expect(await peopleOfActs(store)).toEqual(actsBefore);
    const item = await handle.database.db
      .selectFrom('items')
      .select(['author_id', 'merged_by_id'])
      .where('number', '=', 9)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({ author_id: mergedId, merged_by_id: mergedId });
    // The restored identities resolve to the restored person again.
    await store.writeBatch([activityRecord({ key: 'issue_comment:3', actor: graceWork, occurredAt: at(3) })]);
    expect((await peopleOfActs(store))['issue_comment:3']).toBe(mergedId);
    expect((await store.listMerges())[0]?.split).toEqual({
      by: 'lead',
      at: '2024-06-01T12:00:00Z',
      reason: 'two people after all',
    });
  });

  test('a split gives back the login and GitHub id the kept person took in the merge', async () => {
    await store.writeBatch([
      activityRecord({
        key: `commit:${REPO}@h1`,
        kind: 'commit',
        actor: { email: 'hana@example.org', name: 'Hana' },
        occurredAt: at(1),
        repo: REPO,
      }),
      activityRecord({ key: 'issue_comment:2', actor: githubActor(71, 'hana-gh'), occurredAt: at(2) }),
    ]);
    const before = await store.readPeople();
    const author = await idNamed(store, 'hana@example.org');
    await mergePeopleByName(store, String(author), 'hana-gh', decision('ops'));
    // The kept git author takes the GitHub account's login and id.
    expect(await store.readPeople()).toEqual([
      { id: author, login: 'hana-gh', name: 'Hana', githubId: 71, isBot: false },
    ]);
    expect((await splitPersonByName(store, 'hana-gh', decision('ops'))).kind).toBe('split');
    expect(await store.readPeople()).toEqual(before);
  });

  test('a merge made before a rebuild is in force after it, and so is a split', async () => {
    const records = [
      meetingRow('m1', { login: 'alice' }, '2024-03-01'),
      meetingRow('m2', { email: 'alice@example.org' }, '2024-03-08'),
      meetingRow('m3', { email: 'alice@example.org' }, '2024-03-15'),
    ];
    await store.writeBatch(records);
    const mergedId = await idNamed(store, 'alice@example.org');
    await mergePeopleByName(store, 'alice', 'alice@example.org', decision('ops'));
    const merged = await peopleOfActs(store);
    expect(new Set(Object.values(merged)).size).toBe(1);

    await rebuild(store, RECORD_MAPPERS);
    expect(await peopleOfActs(store)).toEqual(merged);
    expect(await store.readPeople()).toHaveLength(1);

    await splitPersonByName(store, String(mergedId), decision('ops'));
    const split = await peopleOfActs(store);
    await rebuild(store, RECORD_MAPPERS);
    expect(await peopleOfActs(store)).toEqual(split);
    expect(Object.values(split).filter((id) => id === mergedId)).toHaveLength(2);
    expect(await store.readPeople()).toHaveLength(2);
  });

  test('a split waits for a later merge of the kept person to be split first', async () => {
    await store.writeBatch([
      meetingRow('m1', { login: 'ann' }, '2024-03-01'),
      meetingRow('m2', { login: 'ann-work' }, '2024-03-02'),
      meetingRow('m3', { login: 'ann-home' }, '2024-03-03'),
    ]);
    await mergePeopleByName(store, 'ann-work', 'ann-home', decision('ops'));
    await mergePeopleByName(store, 'ann', 'ann-work', decision('ops'));
    const blocked = await splitPersonByName(store, 'ann-home', decision('ops'));
    expect(blocked.kind).toBe('kept_merged_away');
    expect(await store.readPeople()).toHaveLength(1);
    expect((await splitPersonByName(store, 'ann-work', decision('ops'))).kind).toBe('split');
    expect((await splitPersonByName(store, 'ann-home', decision('ops'))).kind).toBe('split');
    expect((await store.readPeople()).map((person) => person.login)).toEqual(['ann', 'ann-work', 'ann-home']);
  });

  test('splitting a merge that is not in force is refused and changes nothing', async () => {
    await store.writeBatch([meetingRow('m1', { login: 'ann' }, '2024-03-01')]);
    expect(await splitPersonByName(store, 'ann', decision('ops'))).toEqual({ kind: 'unknown', name: 'ann' });
    await expect(store.splitMerge(999, decision('ops'))).rejects.toBeInstanceOf(PeopleStoreError);
  });
}

await describeOnEachDialect('people merge contract', peopleMergeContract);
