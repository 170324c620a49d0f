import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webhookExamples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../src/adapters/storage/create-database.ts';
import { KyselyRoleStore } from '../src/adapters/storage/kysely-role-store.ts';
import { createKyselyStore } from '../src/adapters/storage/kysely-store.ts';
import { DEMO_CURSOR } from '../src/compose/serve-services.ts';
import { type RungsRun, runRungs } from './support/run-rungs.ts';

// The CLI end to end, in process: real files, a real SQLite database, the real composition.

const NOW = '2026-06-30T12:00:00Z';
let dir: string;
let db: string;

function rungs(...args: string[]): Promise<RungsRun> {
  return runRungs(db, NOW, args);
}

const user = (login: string, id: number) => ({ login, id, type: 'User' });
const repo = { id: 1, name: 'acme/widgets', url: 'https://api.github.com/repos/acme/widgets' };

function event(id: number, type: string, actor: ReturnType<typeof user>, createdAt: string, payload: object) {
  return { id: String(id), type, actor, repo, payload, public: true, created_at: createdAt };
}

const alice = user('alice', 101);
const bob = user('bob', 102);
const carol = user('carol', 103);
const dependabot = { login: 'dependabot[bot]', id: 49699333, type: 'Bot' };

const pr = {
  number: 7,
  title: 'Add a widget',
  user: alice,
  labels: [],
  state: 'closed',
  created_at: '2026-03-01T10:00:00Z',
  closed_at: '2026-03-03T10:00:00Z',
  merged_at: '2026-03-03T10:00:00Z',
  merged: true,
  merged_by: bob,
  html_url: 'https://github.com/acme/widgets/pull/7',
};
const issue = {
  number: 8,
  title: 'It crashes',
  user: carol,
  labels: [{ name: 'bug' }],
  state: 'closed',
  state_reason: 'not_planned',
  created_at: '2026-03-02T10:00:00Z',
  closed_at: '2026-03-04T10:00:00Z',
  html_url: 'https://github.com/acme/widgets/issues/8',
};

const lines = [
  event(1, 'PullRequestEvent', alice, '2026-03-01T10:00:00Z', {
    action: 'opened',
    number: 7,
    pull_request: { ...pr, state: 'open', closed_at: null, merged_at: null, merged: false, merged_by: null },
  }),
  event(2, 'PullRequestReviewEvent', bob, '2026-03-02T09:00:00Z', {
    action: 'created',
    review: {
      id: 9001,
      user: bob,
      state: 'approved',
      submitted_at: '2026-03-02T09:00:00Z',
      html_url: 'https://github.com/acme/widgets/pull/7#pullrequestreview-9001',
    },
    pull_request: pr,
  }),
  event(3, 'PullRequestEvent', bob, '2026-03-03T10:00:00Z', {
    action: 'closed',
    number: 7,
    pull_request: pr,
  }),
  event(4, 'IssuesEvent', carol, '2026-03-04T10:00:00Z', { action: 'closed', issue }),
  event(5, 'WatchEvent', carol, '2026-03-04T11:00:00Z', { action: 'started' }),
  event(6, 'PullRequestEvent', dependabot, '2026-03-05T10:00:00Z', {
    action: 'opened',
    number: 9,
    pull_request: {
      ...pr,
      number: 9,
      user: dependabot,
      state: 'open',
      merged: false,
      merged_at: null,
      merged_by: null,
      closed_at: null,
      created_at: '2026-03-05T10:00:00Z',
    },
  }),
].map((line) => JSON.stringify(line));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rungs-cli-'));
  db = join(dir, 'rungs.db');
  const withBadLine = [...lines.slice(0, 3), '{"id": "broken', ...lines.slice(3)];
  await writeFile(join(dir, '2026-03-01-0.json'), `${withBadLine.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function board(...args: string[]) {
  const run = await rungs('leaderboard', '--window', 'all', '--format', 'json', ...args);
  expect(run.failed).toBeNull();
  return JSON.parse(run.out) as {
    rows: { rank: number; login: string; points: number; counts: Record<string, number> }[];
  };
}

describe('rungs CLI', () => {
  test('imports a GH Archive file, locating the malformed line and counting unused events', async () => {
    const run = await rungs('import', 'gharchive', join(dir, '2026-03-01-0.json'), '--org', 'acme');
    expect(run.failed).toBeNull();
    expect(run.exitCode).toBe(3);
    expect(run.out).toContain('5 records read, 5 new');
    expect(run.out).toMatch(/1 × unused event type WatchEvent/);
    expect(run.err).toContain(`${join(dir, '2026-03-01-0.json')}:4`);
  });

  test('re-importing the same file adds nothing', async () => {
    const run = await rungs('import', 'gharchive', join(dir, '2026-03-01-0.json'), '--repo', 'acme/widgets');
    expect(run.out).toContain('5 records read, 0 new; 0 new activities');
  });

  test('scores like the KubeStellar leaderboard with the kubestellar preset', async () => {
    const { rows } = await board('--preset', 'kubestellar');
    const points = Object.fromEntries(rows.map((row) => [row.login, row.points]));
    // alice: PR opened 200 + merged 500; carol: a bug report 300 even though closed as not planned.
    expect(points).toMatchObject({ alice: 700, carol: 300 });
    expect(points['dependabot[bot]']).toBeUndefined();
    expect(rows.find((row) => row.login === 'alice')!.counts).toMatchObject({ pr_opened: 1, pr_merged: 1 });
  });

  test('the balanced preset credits the review and drops the not-planned issue', async () => {
    const { rows } = await board('--preset', 'balanced');
    const bob = rows.find((row) => row.login === 'bob')!;
    expect(bob.counts.pr_reviewed).toBe(1);
    expect(bob.points).toBeGreaterThan(0);
    const carol = rows.find((row) => row.login === 'carol');
    expect(carol?.counts.issue_opened ?? 0).toBe(0);
  });

  test('person lists every act with its link', async () => {
    const run = await rungs('person', 'ALICE', '--window', 'all', '--preset', 'balanced');
    expect(run.failed).toBeNull();
    expect(run.out).toContain('alice: 90 points, all time, balanced scoring');
    expect(run.out).toContain('https://github.com/acme/widgets/pull/7');
  });

  test('boards and profiles are scored with the default ladder’s preset unless told otherwise, and say so', async () => {
    const byDefault = await rungs('leaderboard', '--window', 'all', '--format', 'json');
    expect(JSON.parse(byDefault.out)).toMatchObject({
      scoring: { name: 'kubestellar', description: expect.stringContaining('KubeStellar') },
      window: { label: 'all time' },
    });
    expect(
      JSON.parse(byDefault.out).rows.find((row: { login: string }) => row.login === 'alice').points,
    ).toBe(700);
    const table = await rungs('leaderboard', '--window', 'all');
    expect(table.out.split('\n')[0]).toBe('all time, kubestellar scoring');
    // The Kubernetes ladder names no scoring preset: its boards use balanced.
    const kubernetes = await rungs(
      'leaderboard',
      '--window',
      'all',
      '--ladder',
      'kubernetes',
      '--format',
      'json',
    );
    expect(JSON.parse(kubernetes.out).scoring.name).toBe('balanced');
    const person = await rungs('person', 'alice', '--window', 'all', '--format', 'json');
    expect(JSON.parse(person.out)).toMatchObject({ points: 700, scoring: { name: 'kubestellar' } });
    expect((await rungs('person', 'alice', '--window', 'all')).out).toContain(
      'alice: 700 points, all time, kubestellar scoring',
    );
  });

  test('a window as of a date before the merge shows the board as it was then', async () => {
    const { rows } = await board('--preset', 'kubestellar', '--window', 'ytd', '--as-of', '2026-03-02');
    expect(rows.find((row) => row.login === 'alice')?.points).toBe(200);
  });

  test('imports off-GitHub records, reporting the bad row by line and field and keeping the good ones', async () => {
    const file = join(dir, 'meetings.csv');
    await writeFile(
      file,
      'id,kind,login,date,title,series\n' +
        'm1,meeting_attended,bob,2026-03-04,Community call,community-call\n' +
        'm2,meeting_attended,bob,yesterday,Community call,community-call\n',
    );
    const run = await rungs('import', 'activities', file);
    expect(run.exitCode).toBe(3);
    expect(run.out).toContain('1 records read, 1 new');
    expect(run.err).toMatch(/meetings\.csv:3: date: /);
    const { rows } = await board();
    expect(rows.find((row) => row.login === 'bob')!.counts.meeting_attended).toBe(1);
  });

  test('flagging a person as a bot takes them off the board, and --not puts them back', async () => {
    await rungs('people', 'bot', 'carol');
    expect((await board('--preset', 'kubestellar')).rows.map((row) => row.login)).not.toContain('carol');
    await rungs('people', 'bot', 'carol', '--not');
    expect((await board('--preset', 'kubestellar')).rows.map((row) => row.login)).toContain('carol');
  });

  test('rebuild recomputes the same board from the kept raw records', async () => {
    const before = await board();
    const run = await rungs('rebuild');
    expect(run.failed).toBeNull();
    expect(await board()).toEqual(before);
  });

  test('merging two people moves the activity to the one kept', async () => {
    const run = await rungs('people', 'merge', 'alice', 'carol');
    expect(run.failed).toBeNull();
    const { rows } = await board('--preset', 'kubestellar');
    expect(rows.find((row) => row.login === 'alice')!.points).toBe(1000);
    expect(rows.map((row) => row.login)).not.toContain('carol');
  });

  test('counts a transferred issue once, as the issue it became', async () => {
    // GitHub's own example delivery: the transfer names both the old issue and the new one. (The
    // example gives them different authors; a real transfer keeps the author.)
    const transferred = structuredClone(
      (webhookExamples as readonly { name: string; examples: readonly Record<string, unknown>[] }[])
        .find((definition) => definition.name === 'issues')!
        .examples.find((payload) => payload.action === 'transferred')!,
    ) as { issue: { user: { login: string } }; changes: { new_issue: { user: { login: string } } } };
    transferred.issue.user = transferred.changes.new_issue.user;
    const author = transferred.issue.user.login;
    const file = join(dir, 'transfer.json');
    await writeFile(file, JSON.stringify({ event: 'issues', payload: transferred }));
    const transferDb = join(dir, 'transfer.db');
    expect((await runRungs(transferDb, NOW, ['import', 'webhooks', file])).failed).toBeNull();
    for (const preset of ['kubestellar', 'balanced']) {
      const run = await runRungs(transferDb, NOW, [
        'leaderboard',
        '--window',
        'all',
        '--format',
        'json',
        '--preset',
        preset,
      ]);
      const { rows } = JSON.parse(run.out) as { rows: { login: string; counts: Record<string, number> }[] };
      expect(rows.find((row) => row.login === author)?.counts.issue_opened, preset).toBe(1);
    }
    const person = await runRungs(transferDb, NOW, [
      'person',
      author,
      '--window',
      'all',
      '--preset',
      'kubestellar',
    ]);
    expect(person.out).toContain('the issue moved to another repository, where its opening counts');
  });

  test('an unknown window is a usage error and an unknown person a clear failure', async () => {
    const badWindow = await rungs('leaderboard', '--window', 'lots');
    expect((badWindow.failed as Error).message).toMatch(/unknown window "lots"/);
    const nobody = await rungs('person', 'nobody');
    expect((nobody.failed as Error).message).toBe('no person with the login "nobody" is on record');
  });

  test('demo loads the generated community the way start does: labelled, with its roster', async () => {
    const demoDb = join(dir, 'demo.db');
    const { out, failed } = await runRungs(demoDb, NOW, ['demo', '--limit', '3']);
    expect(failed).toBeNull();
    expect(out).toContain('DEMO DATA');
    expect(out).toMatch(/\n {3}1 {2}\S+/);
    const database = await openDatabase({ kind: 'sqlite', path: demoDb });
    try {
      const store = createKyselyStore(database);
      expect(JSON.parse((await store.readCursor(DEMO_CURSOR))!)).toMatchObject({ org: 'demo-rungs' });
      const holders = await new KyselyRoleStore(database).readRoleAssignments();
      expect(holders.map((row) => row.level)).toContain('maintainer');
    } finally {
      await database.close();
    }
  }, 120_000);
});
