import { afterEach, beforeEach, expect, test } from 'vitest';
import { createKyselyStore } from '../src/adapters/storage/kysely-store.ts';
import { type IngestItem, ingest } from '../src/app/ingest.ts';
import type { ActorRef } from '../src/core/activity.ts';
import { activityRecord } from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// Two imports into one database at once (two processes on PostgreSQL; SQLite serializes them),
// through the real ingestion and the real stores: whatever order their transactions interleave
// in, what either one learned about a person is kept.

const PEOPLE = 300;
const fixedClock = (): Date => new Date('2024-06-01T12:00:00Z');

function at(index: number): string {
  return `2024-03-01T${String(10 + (index % 10)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}:00Z`;
}

/** One import's stream: an act by each person, in small batches so the two imports interleave. */
function importOf(prefix: string, actorOf: (index: number) => ActorRef): IngestItem[] {
  return Array.from({ length: PEOPLE }, (_, index) => ({
    kind: 'record',
    record: activityRecord({
      key: `issue_comment:${prefix}-${index}`,
      actor: actorOf(index),
      occurredAt: at(index),
    }),
  }));
}

await describeOnEachDialect('concurrent imports', (target: StorageTarget) => {
  let handle: TargetDatabase;

  beforeEach(async () => {
    handle = await target.create();
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('two imports of the same new people at once lose no display name and no bot flag', async () => {
    const first = createKyselyStore(handle.database, { now: fixedClock });
    const second = createKyselyStore(await handle.openAnother(), { now: fixedClock });
    // One source knows only the accounts (GH Archive); the other also their names and which are
    // bots (an API sync, a git history with a noreply email).
    const accounts = importOf('archive', (index) => ({ githubId: 5000 + index, login: `user-${index}` }));
    const named = importOf('sync', (index) => ({
      githubId: 5000 + index,
      login: `user-${index}`,
      name: `User Number ${index}`,
      isBot: index % 7 === 0,
    }));

    await Promise.all([
      ingest(accounts, first, { batchSize: 20 }),
      ingest(named, second, { batchSize: 20 }),
      ingest([...accounts].reverse(), second, { batchSize: 25 }),
    ]);

    const people = await first.readPeople();
    expect(people).toHaveLength(PEOPLE);
    const unnamed = people.filter((person) => person.name !== `User Number ${person.githubId! - 5000}`);
    expect(unnamed.map((person) => person.login)).toEqual([]);
    const bots = people.filter((person) => person.isBot).map((person) => person.githubId! - 5000);
    expect(bots.sort((a, b) => a - b)).toEqual(
      Array.from({ length: PEOPLE }, (_, index) => index).filter((index) => index % 7 === 0),
    );
  });
});
