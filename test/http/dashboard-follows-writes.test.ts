import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  parseActivityRow,
  toActivitySourceRecord,
} from '../../src/adapters/activities-file/map-activity-row.ts';
import { createKyselyStore } from '../../src/adapters/storage/kysely-store.ts';
import {
  describeOnEachDialect,
  type StorageTarget,
  type TargetDatabase,
} from '../support/storage-targets.ts';
import {
  createServeWorld,
  deliver,
  issueCommentPayload,
  issuePayload,
  type ServeWorld,
  type TestUser,
} from './support/serve-world.ts';

// A server keeps its boards in memory and patches them as records arrive. Whatever it shows must
// equal what a server started afresh on the same data shows: that is the whole contract.

const alice: TestUser = { login: 'alice', githubId: 11 };
const bob: TestUser = { login: 'bob', githubId: 12 };
const carol: TestUser = { login: 'carol', githubId: 13 };
const erin: TestUser = { login: 'erin', githubId: 15 };

const VIEWS = [
  '/api/leaderboard?limit=500',
  '/api/leaderboard?window=all&limit=500',
  '/api/leaderboard?window=12w&limit=500',
  '/api/leaderboard?window=1mo&limit=500&sort=recent',
  '/api/leaderboard?window=all&repo=octo-org/hello-world&limit=500',
];

async function readViews(world: ServeWorld): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const path of VIEWS) {
    const response = await world.app.request(path);
    expect(response.status, path).toBe(200);
    answers.push(await response.json());
  }
  return answers;
}

function talkRecord(login: string, date: string) {
  const parsed = parseActivityRow({ kind: 'talk_given', login, date, title: `a talk on ${date}` });
  if (parsed.kind === 'invalid') throw new Error('bad row');
  return toActivitySourceRecord(parsed.row);
}

function followsWrites(target: StorageTarget): void {
  let handle: TargetDatabase;
  let server: ServeWorld;

  beforeEach(async () => {
    handle = await target.create();
    server = await createServeWorld({ database: handle.database, now: '2026-03-15T12:00:00Z' });
    expect(
      await deliver(
        server,
        'issues',
        'd1',
        issuePayload('opened', { ...alice, number: 1, at: '2026-03-02T10:00:00Z', labels: ['bug'] }),
      ),
    ).toBe(202);
    expect(
      await deliver(
        server,
        'issues',
        'd2',
        issuePayload('opened', { ...alice, number: 2, at: '2026-01-20T10:00:00Z' }),
      ),
    ).toBe(202);
    expect(
      await deliver(
        server,
        'issues',
        'd3',
        issuePayload('opened', { ...carol, number: 3, at: '2026-03-05T10:00:00Z' }),
      ),
    ).toBe(202);
    expect(
      await deliver(
        server,
        'issue_comment',
        'd4',
        issueCommentPayload({
          commenter: bob,
          author: alice,
          number: 1,
          commentId: 501,
          at: '2026-03-03T10:00:00Z',
          issueCreatedAt: '2026-03-02T10:00:00Z',
          labels: ['bug'],
        }),
      ),
    ).toBe(202);
  });
  afterEach(async () => {
    await handle.destroy();
  });

  test('shows a new delivery at once, on every board it belongs to', async () => {
    await readViews(server);
    expect(
      await deliver(
        server,
        'issues',
        'd5',
        issuePayload('opened', { ...erin, number: 4, at: '2026-03-14T09:00:00Z' }),
      ),
    ).toBe(202);
    const board = (await (await server.app.request('/api/leaderboard')).json()) as {
      rows: { login: string }[];
    };
    expect(board.rows.map((row) => row.login)).toContain('erin');
    const fresh = await createServeWorld({ database: await handle.openAnother(), now: server.now });
    expect(await readViews(server)).toEqual(await readViews(fresh));
  });

  test('rescores everyone on an item that is relabelled or closed as not planned', async () => {
    const before = await readViews(server);
    // #1 becomes spam: alice's opening and bob's comment on it now score nothing.
    expect(
      await deliver(
        server,
        'issues',
        'd6',
        issuePayload('labeled', {
          ...alice,
          number: 1,
          at: '2026-03-02T10:00:00Z',
          updatedAt: '2026-03-12T10:00:00Z',
          labels: ['bug', 'spam'],
        }),
      ),
    ).toBe(202);
    // #3 is closed as not planned by alice: carol's opening no longer scores, alice gets a triage act.
    expect(
      await deliver(
        server,
        'issues',
        'd7',
        issuePayload('closed', {
          ...carol,
          number: 3,
          at: '2026-03-05T10:00:00Z',
          updatedAt: '2026-03-13T10:00:00Z',
          state: 'closed',
          stateReason: 'not_planned',
          sender: alice,
        }),
      ),
    ).toBe(202);
    const after = await readViews(server);
    expect(after).not.toEqual(before);
    const ytd = after[0] as { rows: { login: string; points: number }[] };
    expect(ytd.rows.find((row) => row.login === 'bob')).toBeUndefined();
    expect(ytd.rows.find((row) => row.login === 'carol')).toBeUndefined();

    const fresh = await createServeWorld({ database: await handle.openAnother(), now: server.now });
    expect(after).toEqual(await readViews(fresh));
  });

  test('follows what another process stores in the same database', async () => {
    await readViews(server);
    const otherProcess = createKyselyStore(await handle.openAnother());
    await otherProcess.writeBatch([talkRecord('bob', '2026-03-14'), talkRecord('frank', '2026-03-10')]);
    const after = await readViews(server);
    const ytd = after[0] as { rows: { login: string; points: number }[] };
    expect(ytd.rows.slice(0, 2).map((row) => [row.login, row.points])).toEqual([
      ['bob', 108],
      ['frank', 100],
    ]);
    const fresh = await createServeWorld({ database: await handle.openAnother(), now: server.now });
    expect(after).toEqual(await readViews(fresh));
  });

  test('a webhook received by one server shows on another sharing the database', async () => {
    const second = await createServeWorld({ database: await handle.openAnother(), now: server.now });
    await readViews(second);
    expect(
      await deliver(
        server,
        'issues',
        'd8',
        issuePayload('opened', { ...erin, number: 9, at: '2026-03-14T09:00:00Z', labels: ['bug'] }),
      ),
    ).toBe(202);
    const board = (await (await second.app.request('/api/leaderboard')).json()) as {
      rows: { login: string; points: number }[];
    };
    expect(board.rows.find((row) => row.login === 'erin')?.points).toBe(40);
  });

  test('after a large import the boards are recomputed, showing the old ones meanwhile', async () => {
    const before = await readViews(server);
    const otherProcess = createKyselyStore(await handle.openAnother());
    const rows = Array.from({ length: 2100 }, (_, index) => talkRecord(`speaker-${index}`, '2026-03-10'));
    await otherProcess.writeBatch(rows);
    // The first read after the import still shows the boards as they were, and starts recomputing.
    expect(await readViews(server)).toEqual(before);
    const fresh = await createServeWorld({ database: await handle.openAnother(), now: server.now });
    const expected = await readViews(fresh);
    await expect.poll(async () => readViews(server), { timeout: 20_000, interval: 100 }).toEqual(expected);
  });
}

await describeOnEachDialect('dashboard, following writes', followsWrites);
