import { afterEach, beforeEach, expect, test } from 'vitest';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import type { ActorRef } from '../src/core/activity.ts';
import {
  activityRecord,
  githubActor,
  itemObservation,
  minutePast,
  sourceRecord,
} from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// How actors become people, on every database: one person per GitHub account, logins matched
// case-insensitively, git emails folded into the account they are linked to.

const REPO = 'octo/widgets';

const at = minutePast;

function commitBy(sha: string, actor: ActorRef, minute: number) {
  return activityRecord(
    { key: `commit:${REPO}@${sha}`, kind: 'commit', actor, occurredAt: at(minute), repo: REPO },
    'git',
  );
}

async function personOfActs(store: Store): Promise<Record<string, number>> {
  const facts: Record<string, number> = {};
  for await (const chunk of store.readScoringFacts({}))
    for (const fact of chunk) facts[fact.key] = fact.personId;
  return facts;
}

function identityContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database, { now: () => new Date('2024-06-01T12:00:00Z') });
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('logins that differ only in case are one person, shown in the case seen last', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(5, 'Mary-Dev'), occurredAt: at(1) }),
      activityRecord({ key: 'issue_comment:2', actor: { login: 'mary-dev' }, occurredAt: at(2) }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:3', actor: githubActor(5, 'MARY-DEV'), occurredAt: at(3) }),
      // An older event replayed later does not bring the older case back.
      activityRecord({ key: 'issue_comment:0', actor: githubActor(5, 'mary-DEV'), occurredAt: at(0) }),
    ]);
    const people = await store.readPeople();
    expect(people.map((person) => [person.login, person.githubId])).toEqual([['MARY-DEV', 5]]);
    expect(new Set(Object.values(await personOfActs(store)))).toEqual(new Set([people[0]!.id]));
    expect((await store.findPersonByLogin('mary-dev'))?.id).toBe(people[0]!.id);
  });

  test('a login seen without an id joins the account that shows it later, and a rename follows the id', async () => {
    // A merge subject names a fork's owner by login only, before any event carries the id.
    await store.writeBatch([
      activityRecord({
        key: `pr_merged:${REPO}#1`,
        kind: 'pr_merged',
        actor: { login: 'Old-Name' },
        occurredAt: at(1),
      }),
    ]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:2', actor: githubActor(8, 'new-name'), occurredAt: at(5) }),
    ]);
    expect(await store.readPeople()).toHaveLength(2);
    // An event from before the rename shows the id with the old login: one person from then on.
    await store.writeBatch([
      sourceRecord('opened-1', at(0), [
        itemObservation({
          repo: REPO,
          number: 1,
          type: 'pr',
          observedAt: at(0),
          author: githubActor(8, 'old-name'),
        }),
      ]),
    ]);
    const people = await store.readPeople();
    expect(people.map((person) => [person.login, person.githubId])).toEqual([['new-name', 8]]);
    expect(new Set(Object.values(await personOfActs(store)))).toEqual(new Set([people[0]!.id]));
    expect((await store.findPersonByLogin('OLD-NAME'))?.id).toBe(people[0]!.id);
    const item = await handle.database.db.selectFrom('items').select('author_id').executeTakeFirstOrThrow();
    expect(item.author_id).toBe(people[0]!.id);
  });

  test('an email-only author is named by an unlinked handle, never by a login', async () => {
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(3, 'jane'), occurredAt: at(1) }),
      commitBy('j1', { email: 'jane@corp.example', name: 'Jane Corp' }, 2),
    ]);
    const people = await store.readPeople();
    const unlinked = people.find((person) => person.githubId === null)!;
    expect(unlinked).toMatchObject({ login: `person:${unlinked.id}`, name: 'Jane Corp' });
    expect((await store.findPersonByLogin('jane'))?.githubId).toBe(3);
    expect((await store.findPersonByLogin(`person:${unlinked.id}`))?.id).toBe(unlinked.id);
  });

  test("an email seen with a login folds its unlinked author into that login's person", async () => {
    await store.writeBatch([commitBy('k1', { email: 'kai@corp.example', name: 'Kai' }, 1)]);
    await store.writeBatch([
      activityRecord({ key: 'issue_comment:1', actor: githubActor(12, 'kai-gh'), occurredAt: at(2) }),
    ]);
    const [unlinked] = (await store.readPeople()).filter((person) => person.githubId === null);
    // A webhook push lists the commit's author with the login GitHub matched the email to.
    await store.writeBatch([
      commitBy('k2', { login: 'kai-gh', email: 'KAI@corp.example', name: 'Kai' }, 3),
      commitBy('k3', { email: 'kai@corp.example' }, 4),
    ]);
    const people = await store.readPeople();
    expect(people).toEqual([
      { id: expect.any(Number), login: 'kai-gh', name: 'Kai', githubId: 12, isBot: false },
    ]);
    expect(Object.values(await personOfActs(store))).toEqual([
      people[0]!.id,
      people[0]!.id,
      people[0]!.id,
      people[0]!.id,
    ]);
    // The handle the unlinked author had still names the person it became.
    expect((await store.findPersonByLogin(`person:${unlinked!.id}`))?.id).toBe(people[0]!.id);
  });

  test('an email shared by two accounts does not join them', async () => {
    await store.writeBatch([commitBy('s1', { login: 'lee', email: 'team@corp.example' }, 1)]);
    await store.writeBatch([commitBy('s2', { githubId: 40, login: 'max', email: 'team@corp.example' }, 2)]);
    const people = await store.readPeople();
    expect(people.map((person) => person.login).sort()).toEqual(['lee', 'max']);
    const acts = await personOfActs(store);
    expect(acts[`commit:${REPO}@s1`]).not.toBe(acts[`commit:${REPO}@s2`]);
  });

  test('folds within one batch: an unlinked author and the login that claims their email later', async () => {
    await store.writeBatch([
      commitBy('b1', { email: 'noa@corp.example', name: 'Noa' }, 1),
      commitBy('b2', { login: 'noa-gh' }, 2),
      commitBy('b3', { login: 'noa-gh', email: 'noa@corp.example' }, 3),
    ]);
    const people = await store.readPeople();
    expect(people.map((person) => [person.login, person.name])).toEqual([['noa-gh', 'Noa']]);
    expect(new Set(Object.values(await personOfActs(store)))).toEqual(new Set([people[0]!.id]));
  });
}

await describeOnEachDialect('identity resolution', identityContract);
