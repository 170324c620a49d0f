import { afterEach, beforeEach, expect, test } from 'vitest';
import { createKyselyStore, type Store } from '../src/adapters/storage/kysely-store.ts';
import { type IngestItem, ingest } from '../src/app/ingest.ts';
import type { SourceRecord } from '../src/core/source-record.ts';
import {
  activityObservation,
  activityRecord,
  githubActor,
  itemObservation,
  sourceRecord,
} from './support/source-record-builders.ts';
import { describeOnEachDialect, type StorageTarget, type TargetDatabase } from './support/storage-targets.ts';

// Ingestion checks every record before it joins a batch, so one bad field costs one record, never
// the batch; run on both databases, since what PostgreSQL refuses (a NUL) is what aborted batches.

const NOW = '2024-06-01T12:00:00Z';

function at(second: number): string {
  return new Date(Date.parse('2024-03-01T10:00:00Z') + second * 1000).toISOString().replace('.000Z', 'Z');
}

function goodRecord(index: number): SourceRecord {
  return activityRecord({
    key: `issue_comment:${index}`,
    actor: githubActor(100 + (index % 50), `p${index % 50}`),
    occurredAt: at(index),
  });
}

function located(record: SourceRecord, line: number): IngestItem {
  return { kind: 'record', record, location: `hour.jsonl:${line}` };
}

function rejectionContract(target: StorageTarget): void {
  let handle: TargetDatabase;
  let store: Store;

  beforeEach(async () => {
    handle = await target.create();
    store = createKyselyStore(handle.database);
  });

  afterEach(async () => {
    await handle.destroy();
  });

  test('stores the 2,000 good records of a batch and rejects the one with an impossible date, by line and field', async () => {
    const items: IngestItem[] = [];
    for (let index = 0; index < 2000; index += 1) items.push(located(goodRecord(index), index + 1));
    const bad = activityRecord({
      key: 'issue_comment:bad',
      actor: githubActor(7, 'mona'),
      occurredAt: '2024-02-30T10:00:00Z',
    });
    items.splice(1000, 0, located(bad, 1001));

    const summary = await ingest(items, store, { batchSize: 2001, now: NOW });

    expect(summary).toMatchObject({
      records: 2000,
      newRecords: 2000,
      newActivities: 2000,
      rejected: 1,
      problemCount: 1,
    });
    expect(summary.problems).toEqual([
      {
        location: 'hour.jsonl:1001',
        message:
          'record gharchive:event:issue_comment:bad rejected: occurredAt: expected a time like 2024-05-01T12:00:00Z, got "2024-02-30T10:00:00Z": 2024-02 has no day 30 (and 1 more)',
      },
    ]);
    const stored = await handle.database.db
      .selectFrom('source_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(2000);
  });

  test('rejects NUL characters and over-long names wherever they are, payload included, and keeps the rest', async () => {
    const nulTitle = sourceRecord('nul-title', at(1), [
      itemObservation({
        repo: 'octo/widgets',
        number: 1,
        type: 'issue',
        observedAt: at(1),
        title: 'bad\u0000title',
      }),
    ]);
    const nulPayload: SourceRecord = {
      ...goodRecord(2),
      key: 'nul-payload',
      payload: { commits: [{ message: 'a\u0000b' }] },
    };
    const longLogin = activityRecord({
      key: 'issue_comment:long',
      actor: { login: 'x'.repeat(3000) },
      occurredAt: at(3),
    });
    const items = [nulTitle, goodRecord(4), nulPayload, longLogin, goodRecord(5)].map((record, index) =>
      located(record, index + 1),
    );

    const summary = await ingest(items, store, { now: NOW });

    expect(summary).toMatchObject({ newRecords: 2, rejected: 3, problemCount: 3 });
    expect(summary.problems.map((problem) => `${problem.location} ${problem.message}`)).toEqual([
      'hour.jsonl:1 record gharchive:nul-title rejected: observations[0].item.title: contains a NUL character, which cannot be stored',
      'hour.jsonl:3 record gharchive:nul-payload rejected: payload.commits[0].message: contains a NUL character, which cannot be stored',
      'hour.jsonl:4 record gharchive:event:issue_comment:long rejected: observations[0].activity.actor.login: is 3000 characters long, more than the 512 allowed',
    ]);
  });

  test("rejects GitHub records dated before GitHub or after tomorrow, but keeps git's with a warning", async () => {
    const year0000 = activityRecord({
      key: 'issue_comment:y0',
      actor: githubActor(1, 'a'),
      occurredAt: '0000-01-01T00:00:00Z',
    });
    const year2099 = sourceRecord('y2099', '2099-01-01T00:00:00Z', [], 'webhook');
    const oldCommit = sourceRecord(
      'octo/widgets@abc',
      '1999-12-31T23:00:00Z',
      [
        activityObservation({
          key: 'commit:abc',
          kind: 'commit',
          actor: { email: 'a@example.org' },
          occurredAt: '1999-12-31T23:00:00Z',
        }),
      ],
      'git',
    );
    const tomorrowish = activityRecord({
      key: 'issue_comment:soon',
      actor: githubActor(1, 'a'),
      occurredAt: '2024-06-02T11:00:00Z',
    });

    const summary = await ingest(
      [year0000, year2099, oldCommit, tomorrowish].map((record) => ({ kind: 'record', record }) as const),
      store,
      { now: NOW },
    );

    expect(summary).toMatchObject({ newRecords: 2, rejected: 2, warningCount: 1 });
    expect(summary.problems).toEqual([
      {
        location: 'gharchive:event:issue_comment:y0',
        message:
          'record gharchive:event:issue_comment:y0 rejected: occurredAt: 0000-01-01T00:00:00Z is before GitHub existed (2008) (and 1 more)',
      },
      {
        location: 'webhook:y2099',
        message: `record webhook:y2099 rejected: occurredAt: 2099-01-01T00:00:00Z is more than a day after now (${NOW})`,
      },
    ]);
    expect(summary.warnings).toEqual([
      {
        location: 'git:octo/widgets@abc',
        message: 'kept, but occurredAt: 1999-12-31T23:00:00Z is before GitHub existed (2008) (and 1 more)',
      },
    ]);
    const kinds = await handle.database.db.selectFrom('activities').select('kind').orderBy('kind').execute();
    expect(kinds.map((row) => row.kind)).toEqual(['commit', 'issue_comment']);
  });
}

await describeOnEachDialect('ingestion of bad records', rejectionContract);
