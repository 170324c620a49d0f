import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webhookExamples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createGitHubClient,
  type GitHubClientOptions,
} from '../../src/adapters/github-api/create-github-client.ts';
import { mapGithubApiRecord } from '../../src/adapters/github-api/map-github-api-record.ts';
import { OctokitSyncSource } from '../../src/adapters/github-api/octokit-sync-source.ts';
import { type Database, openDatabase } from '../../src/adapters/storage/create-database.ts';
import { createKyselyStore, type Store } from '../../src/adapters/storage/kysely-store.ts';
import { toWebhookSourceRecord } from '../../src/adapters/webhook-files/to-webhook-source-record.ts';
import { ingest } from '../../src/app/ingest.ts';
import { rebuild } from '../../src/app/rebuild.ts';
import { readSyncStatus } from '../../src/app/sync/read-sync-status.ts';
import {
  type SyncOptions,
  type SyncProgress,
  type SyncSummary,
  syncGitHub,
} from '../../src/app/sync/sync-github.ts';
import { FakeGitHub, type FakeUser } from './fake-github-server.ts';

const alice: FakeUser = { id: 101, login: 'alice' };
const bob: FakeUser = { id: 102, login: 'bob' };
const carol: FakeUser = { id: 103, login: 'carol' };
const dependabot: FakeUser = { id: 49699333, login: 'dependabot[bot]', type: 'Bot' };

/** 2024-03-01 at `minute` past 10:00 UTC (minute up to 599). */
function at(minute: number): string {
  const hours = 10 + Math.floor(minute / 60);
  return `2024-03-01T${String(hours).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
}

const NOW = '2024-06-01T12:00:00Z';

interface World {
  readonly github: FakeGitHub;
  readonly database: Database;
  readonly store: Store;
  readonly folder: string;
}

let world: World;

beforeEach(async () => {
  // An hour's budget, as GitHub gives: it refills only when a test says so.
  const github = new FakeGitHub({ rateLimit: 5000, rateWindowMs: 3_600_000 });
  await github.start();
  const folder = mkdtempSync(join(tmpdir(), 'rungs-sync-'));
  const database = await openDatabase({ kind: 'sqlite', path: join(folder, 'rungs.db') });
  world = { github, database, store: createKyselyStore(database), folder };
});

afterEach(async () => {
  await world.github.stop();
  await world.database.close();
  rmSync(world.folder, { recursive: true, force: true });
});

interface RunOptions extends Partial<Omit<SyncOptions, 'now'>> {
  readonly client?: Partial<GitHubClientOptions>;
  readonly perPage?: number;
}

/** One sync run through the real client, source and use case, waits shortened. */
async function sync(options: RunOptions = {}): Promise<SyncSummary> {
  const client = createGitHubClient({
    auth: { kind: 'none' },
    baseUrl: world.github.url,
    msPerSecond: 5,
    ...options.client,
  });
  const source = new OctokitSyncSource(client, { perPage: options.perPage ?? 10, now: () => NOW });
  return syncGitHub(
    source,
    { ingest: world.store, cursors: world.store },
    { target: { kind: 'org', org: 'acme' }, now: () => NOW, ...options },
  );
}

/** The acme org: widgets with 25 issues and pull requests, reviews, comments, events; an archived repo. */
function seedAcme(): void {
  const github = world.github;
  github.addRepo('acme/widgets');
  github.addRepo('acme/old-site', { archived: true });
  github.addIssue('acme/old-site', { user: alice, createdAt: at(0) });

  // #1: an issue closed as not planned by carol.
  github.addIssue('acme/widgets', {
    user: alice,
    title: 'Crash on start',
    labels: ['bug'],
    createdAt: at(0),
    updatedAt: at(1),
    state: 'closed',
    stateReason: 'not_planned',
    closedAt: at(1),
  });
  github.addEvent('acme/widgets', { issueNumber: 1, actor: carol, event: 'closed', createdAt: at(1) });
  // #2: bob's pull request, merged, reviewed twelve times (two pages of reviews).
  github.addIssue('acme/widgets', {
    user: bob,
    createdAt: at(2),
    updatedAt: at(3),
    state: 'closed',
    closedAt: at(3),
    pull: { mergedAt: at(3) },
  });
  for (let i = 0; i < 12; i += 1) {
    github.addReview('acme/widgets', {
      pullNumber: 2,
      user: i === 0 ? carol : alice,
      state: i === 0 ? 'APPROVED' : 'COMMENTED',
      submittedAt: at(2),
    });
  }
  github.addReview('acme/widgets', { pullNumber: 2, user: carol, state: 'PENDING', submittedAt: null });
  github.addReviewComment('acme/widgets', { issueNumber: 2, reviewId: 1, user: carol, createdAt: at(2) });
  github.addEvent('acme/widgets', { issueNumber: 2, actor: carol, event: 'closed', createdAt: at(3) });
  github.addEvent('acme/widgets', { issueNumber: 2, actor: carol, event: 'merged', createdAt: at(3) });
  // #3..#25: open issues and pull requests, one update a minute, with comments.
  for (let number = 3; number <= 25; number += 1) {
    const author = number % 5 === 0 ? dependabot : number % 2 === 0 ? alice : bob;
    github.addIssue('acme/widgets', {
      user: author,
      createdAt: at(number * 2),
      updatedAt: at(number * 2 + 1),
      pull: number % 3 === 0 ? { mergedAt: null } : null,
    });
    github.addComment('acme/widgets', { issueNumber: number, user: carol, createdAt: at(number * 2 + 1) });
    github.addEvent('acme/widgets', {
      issueNumber: number,
      actor: carol,
      event: 'labeled',
      createdAt: at(number * 2 + 1),
    });
  }
}

interface ActivityRow {
  readonly key: string;
  readonly kind: string;
  readonly login: string;
  readonly occurred_at: string;
}

async function activities(): Promise<ActivityRow[]> {
  return world.database.db
    .selectFrom('activities')
    .innerJoin('people', 'people.id', 'activities.person_id')
    .select(['activities.key', 'activities.kind', 'people.login', 'activities.occurred_at'])
    .orderBy('activities.key')
    .execute();
}

async function item(repo: string, number: number) {
  return world.database.db
    .selectFrom('items')
    .selectAll()
    .where('repo', '=', repo)
    .where('number', '=', number)
    .executeTakeFirst();
}

async function counts(): Promise<{ records: number; activities: number; items: number }> {
  const db = world.database.db;
  const count = async (table: 'source_records' | 'activities' | 'items') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    records: await count('source_records'),
    activities: await count('activities'),
    items: await count('items'),
  };
}

describe('GitHub sync against a local server speaking the REST API', () => {
  test('backfills an org: issues, pull requests, reviews, comments and closings, archived repositories skipped', async () => {
    seedAcme();
    const summary = await sync();

    expect(summary.stopped).toBeNull();
    expect(summary.repositories).toEqual([
      { repo: 'acme/widgets', outcome: 'synced', entries: expect.any(Number), error: null },
      { repo: 'acme/old-site', outcome: 'skipped_archived', entries: 0, error: null },
    ]);
    const rows = await activities();
    const byKey = new Map(rows.map((row) => [row.key, row]));
    expect(byKey.get('issue_opened:acme/widgets#1')).toMatchObject({ login: 'alice', occurred_at: at(0) });
    expect(byKey.get('pr_opened:acme/widgets#2')).toMatchObject({ login: 'bob', occurred_at: at(2) });
    expect(byKey.get('pr_merged:acme/widgets#2')).toMatchObject({ login: 'bob', occurred_at: at(3) });
    expect(byKey.get(`issue_closed:acme/widgets#1@${at(1)}`)).toMatchObject({ login: 'carol' });
    expect(byKey.get(`pr_closed:acme/widgets#2@${at(3)}`)).toMatchObject({ login: 'carol' });
    expect(rows.filter((row) => row.kind === 'pr_reviewed')).toHaveLength(12);
    expect(rows.filter((row) => row.kind === 'review_comment')).toHaveLength(1);
    expect(rows.filter((row) => row.kind === 'issue_comment')).toHaveLength(23);
    expect(rows.filter((row) => row.kind === 'issue_opened' || row.kind === 'pr_opened')).toHaveLength(25);
    expect(rows.some((row) => row.key.includes('old-site'))).toBe(false);

    expect(await item('acme/widgets', 1)).toMatchObject({
      type: 'issue',
      state: 'closed',
      state_reason: 'not_planned',
      labels: '["bug"]',
      title: 'Crash on start',
    });
    expect(await item('acme/widgets', 2)).toMatchObject({ type: 'pr', merged_at: at(3) });
    const bot = await world.database.db
      .selectFrom('people')
      .selectAll()
      .where('login', '=', 'dependabot[bot]')
      .executeTakeFirst();
    expect(bot?.bot_detected).toBe(1);
    expect(summary.ingest.ignoredByReason).toContainEqual(['unused issue event labeled', 23]);
    expect(summary.ingest.ignoredByReason).toContainEqual(['review is pending', 1]);
    expect(summary.ingest.problemCount).toBe(0);
  });

  test('pages with Link headers: review and event listings follow rel="next", the issue listing moves its since', async () => {
    seedAcme();
    await sync();
    const requests = world.github.requests;
    const reviewPages = requests
      .filter((r) => r.path === '/repos/acme/widgets/pulls/2/reviews')
      .map((r) => r.query.page ?? '1');
    expect(reviewPages).toEqual(['1', '2']);
    const eventPages = requests
      .filter((r) => r.path === '/repos/acme/widgets/issues/events')
      .map((r) => r.query.page);
    expect(eventPages).toEqual(['1', '2', '3']);
    const issueSinces = requests
      .filter((r) => r.path === '/repos/acme/widgets/issues')
      .map((r) => r.query.since ?? null);
    expect(issueSinces).toEqual([null, at(21), at(39)]);
    for (const request of requests) expect(request.status).toBe(200);
  });

  test('a second run with nothing changed makes only conditional requests, answered 304, and spends no rate limit', async () => {
    seedAcme();
    await sync();
    const before = await counts();
    const asked = world.github.requests.length;
    const budget = world.github.remaining;

    const again = await sync();

    expect(world.github.remaining).toBe(budget);
    const second = world.github.requests.slice(asked);
    expect(second.map((r) => [r.path, r.status, r.conditional])).toEqual([
      ['/orgs/acme/repos', 304, true],
      ['/repos/acme/widgets/issues', 304, true],
      ['/repos/acme/widgets/issues/comments', 304, true],
      ['/repos/acme/widgets/pulls/comments', 304, true],
      ['/repos/acme/widgets/issues/events', 304, true],
    ]);
    expect(again.ingest.newRecords).toBe(0);
    expect(await counts()).toEqual(before);
  });

  test('relabels, closings as not planned, merges and new comments are picked up by the next run, and only they', async () => {
    seedAcme();
    await sync();
    const asked = world.github.requests.length;
    const widgets = world.github.repo('acme/widgets');
    const seven = widgets.issues.get(7)!;
    Object.assign(seven, {
      labels: ['spam'],
      state: 'closed',
      stateReason: 'not_planned',
      closedAt: at(300),
      updatedAt: at(300),
    });
    world.github.addEvent('acme/widgets', {
      issueNumber: 7,
      actor: alice,
      event: 'closed',
      createdAt: at(300),
    });
    const six = widgets.issues.get(6)!;
    Object.assign(six, {
      state: 'closed',
      closedAt: at(301),
      updatedAt: at(301),
      pull: { mergedAt: at(301) },
    });
    world.github.addReview('acme/widgets', {
      pullNumber: 6,
      user: carol,
      state: 'APPROVED',
      submittedAt: at(299),
    });
    world.github.addComment('acme/widgets', { issueNumber: 3, user: alice, createdAt: at(302) });

    const summary = await sync();

    expect(await item('acme/widgets', 7)).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
      labels: '["spam"]',
    });
    expect(await item('acme/widgets', 6)).toMatchObject({ state: 'closed', merged_at: at(301) });
    const keys = (await activities()).map((row) => row.key);
    expect(keys).toContain(`issue_closed:acme/widgets#7@${at(300)}`);
    expect(keys).toContain('pr_merged:acme/widgets#6');
    expect(keys.filter((key) => key.startsWith('issue_comment:'))).toHaveLength(24);
    // Only what changed was listed: two issues, one comment, and the one pull request's reviews.
    const second = world.github.requests.slice(asked);
    expect(second.filter((r) => r.path === '/repos/acme/widgets/pulls/6/reviews')).toHaveLength(1);
    expect(
      second.filter(
        (r) => /\/pulls\/\d+\/reviews$/.test(r.path) && r.path !== '/repos/acme/widgets/pulls/6/reviews',
      ),
    ).toEqual([]);
    expect(summary.ingest.newRecords).toBe(2 + 1 + 1 + 1);
  });

  test('retries a 502 and a dropped connection, then goes on as if nothing happened', async () => {
    seedAcme();
    world.github.faults.push(
      {
        match: (path) => path === '/repos/acme/widgets/pulls/comments',
        fault: 'server_error',
        status: 502,
        times: 2,
      },
      { match: (path) => path === '/repos/acme/widgets/issues/events', fault: 'drop_connection', times: 1 },
    );
    const summary = await sync();

    expect(summary.stopped).toBeNull();
    const statuses = (path: string) =>
      world.github.requests.filter((r) => r.path === path).map((r) => r.status);
    expect(statuses('/repos/acme/widgets/pulls/comments')).toEqual([502, 502, 200]);
    expect(statuses('/repos/acme/widgets/issues/events')).toEqual([0, 200, 200, 200]);
    expect((await activities()).filter((row) => row.kind === 'review_comment')).toHaveLength(1);
  });

  test('waits out a secondary rate limit as retry-after says, then continues', async () => {
    seedAcme();
    world.github.faults.push({
      match: (path) => path === '/repos/acme/widgets/issues/comments',
      fault: 'secondary_rate_limit',
      retryAfter: 1,
      times: 1,
    });
    const started = performance.now();
    const summary = await sync({ client: { msPerSecond: 200 } });

    expect(summary.stopped).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    const statuses = world.github.requests
      .filter((r) => r.path === '/repos/acme/widgets/issues/comments')
      .map((r) => r.status);
    expect(statuses).toEqual([403, 200, 200, 200]);
    expect((await activities()).filter((row) => row.kind === 'issue_comment')).toHaveLength(23);
  });

  test('reads the rate-limit headers and waits for the reset when the budget is spent, showing the budget as it goes', async () => {
    world.github.addRepo('acme/widgets');
    world.github.addIssue('acme/widgets', { user: alice, createdAt: at(0) });
    world.github.setRateBudget(3, 100);
    const progress: SyncProgress[] = [];
    const started = performance.now();

    const summary = await sync({ client: { msPerSecond: 1000 }, onProgress: (p) => progress.push(p) });

    expect(summary.stopped).toBeNull();
    // The budget ran out after three requests; the client waited for the reset instead of being refused.
    expect(world.github.requests.map((r) => r.status)).not.toContain(403);
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    expect(progress.some((p) => p.stats.budget?.remaining === 0)).toBe(true);
    expect(progress.at(-1)?.stats.budget?.limit).toBe(5000);
    expect((await activities()).map((row) => row.key)).toEqual(['issue_opened:acme/widgets#1']);
  });

  test('stops with a clear message after a bounded number of retries, and the next run resumes where it stopped', async () => {
    seedAcme();
    // From the third page of the issue listing on, the server fails until it is repaired.
    const outage = {
      match: (path: string, query: Readonly<Record<string, string>>) =>
        path === '/repos/acme/widgets/issues' && query.since !== undefined && query.since > at(30),
      fault: 'server_error' as const,
      status: 502,
      times: 1000,
    };
    world.github.faults.push(outage);

    const cut = await sync();

    expect(cut.stopped).toBe(
      `acme/widgets issues: GET /repos/acme/widgets/issues?since=${at(39)}&page=1: 502 Server Error after 4 attempts`,
    );
    expect(world.github.requests.filter((r) => r.status === 502)).toHaveLength(4);
    expect(cut.repositories[0]).toMatchObject({ repo: 'acme/widgets', outcome: 'failed' });
    const stored = await activities();
    expect(stored.some((row) => row.key === 'pr_opened:acme/widgets#2')).toBe(true);
    expect(stored.some((row) => row.key === 'issue_opened:acme/widgets#25')).toBe(false);
    const status = await readSyncStatus(world.store, 'acme/widgets');
    expect(status[0]?.error).toContain('502 Server Error');
    expect(status[0]?.resources.find((r) => r.resource === 'issues')).toMatchObject({
      state: 'partial',
      upTo: at(39),
      detail: `resumes at page 1 from ${at(39)}`,
    });

    outage.times = 0;
    const asked = world.github.requests.length;
    const resumed = await sync();

    expect(resumed.stopped).toBeNull();
    const issueRequests = world.github.requests
      .slice(asked)
      .filter((r) => r.path === '/repos/acme/widgets/issues');
    expect(issueRequests.map((r) => r.query.since)).toEqual([at(39)]);
    const rows = await activities();
    expect(rows.filter((row) => row.kind === 'issue_opened' || row.kind === 'pr_opened')).toHaveLength(25);
    expect(rows.filter((row) => row.kind === 'pr_reviewed')).toHaveLength(12);
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
    expect((await readSyncStatus(world.store, 'acme/widgets'))[0]?.error).toBeNull();
  });

  test('gives up on a secondary rate limit that does not lift, saying so, without looping', async () => {
    seedAcme();
    world.github.faults.push({
      match: (path) => path === '/repos/acme/widgets/issues',
      fault: 'secondary_rate_limit',
      times: 1000,
    });
    const summary = await sync();
    expect(summary.stopped).toMatch(
      /^acme\/widgets issues: GET \/repos\/acme\/widgets\/issues\?since=&page=1: still rate limited after the allowed waits \(403 You have exceeded a secondary rate limit/,
    );
    expect(world.github.requests.filter((r) => r.path === '/repos/acme/widgets/issues')).toHaveLength(5);
  });

  test('a repository it cannot read is reported and the others are synced', async () => {
    seedAcme();
    const summary = await sync({ target: { kind: 'repos', repos: ['acme/gone', 'ACME/Widgets'] } });
    expect(summary.stopped).toBeNull();
    expect(summary.repositories.map((r) => [r.repo, r.outcome])).toEqual([
      ['acme/gone', 'failed'],
      ['acme/widgets', 'synced'],
    ]);
    expect(summary.repositories[0]?.error).toBe(
      'acme/gone issues: GET /repos/acme/gone/issues?since=&page=1: 404 Not Found - https://docs.github.com/rest',
    );
    expect((await counts()).activities).toBeGreaterThan(0);
  });

  test('checking open issues notices a transfer and a deletion, which change the stored items', async () => {
    seedAcme();
    world.github.addRepo('acme/gadgets');
    await sync();
    world.github.transferIssue('acme/widgets', 4, 'acme/gadgets', at(400));
    world.github.deleteIssue('acme/widgets', 5);

    const summary = await sync({ issueChecks: Number.POSITIVE_INFINITY });

    expect(summary.transferred).toBe(1);
    expect(summary.deleted).toBe(1);
    expect(await item('acme/widgets', 4)).toMatchObject({
      state: 'transferred',
      transferred_to: 'acme/gadgets#1',
    });
    expect(await item('acme/widgets', 5)).toMatchObject({ state: 'deleted' });
    expect(await item('acme/gadgets', 1)).toMatchObject({ state: 'open', type: 'issue', created_at: at(8) });

    // Once checked, an issue is asked for conditionally: unchanged, it answers 304.
    await sync({ issueChecks: Number.POSITIVE_INFINITY });
    const asked = world.github.requests.length;
    await sync({ issueChecks: Number.POSITIVE_INFINITY });
    const checks = world.github.requests
      .slice(asked)
      .filter((r) => /^\/repos\/acme\/widgets\/issues\/\d+$/.test(r.path));
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((r) => r.conditional && r.status === 304)).toBe(true);
  });

  test('checks a bounded number of open issues per run, taking turns across runs', async () => {
    seedAcme();
    await sync();
    const checked = async (): Promise<number[]> => {
      const asked = world.github.requests.length;
      await sync({ issueChecks: 5 });
      return world.github.requests
        .slice(asked)
        .map((r) => /^\/repos\/acme\/widgets\/issues\/(\d+)$/.exec(r.path)?.[1])
        .filter((n) => n !== undefined)
        .map(Number);
    };
    const first = await checked();
    const second = await checked();
    expect(first).toHaveLength(5);
    expect(second).toHaveLength(5);
    expect(Math.min(...second)).toBeGreaterThan(Math.max(...first));
  });

  test('the same act read from a webhook and from the API is stored once', async () => {
    const examples = webhookExamples as unknown as { name: string; examples: Record<string, unknown>[] }[];
    const opened = examples.find((e) => e.name === 'issues')!.examples.find((e) => e.action === 'opened')!;
    const commented = examples
      .find((e) => e.name === 'issue_comment')!
      .examples.find((e) => e.action === 'created')!;
    const records = [opened, commented].map((payload, index) => {
      const record = toWebhookSourceRecord({
        kind: 'delivery',
        file: 'deliveries.jsonl',
        line: index + 1,
        deliveryId: `delivery-${index}`,
        event: index === 0 ? 'issues' : 'issue_comment',
        payload,
      });
      if ('error' in record) throw new Error(record.error);
      return { kind: 'record' as const, record };
    });
    await ingest(records, world.store);
    const before = await activities();

    // The same issue and comment as GitHub's REST API lists them.
    const codertocat: FakeUser = { id: 21031067, login: 'Codertocat' };
    world.github.addRepo('Codertocat/Hello-World');
    world.github.addIssue('Codertocat/Hello-World', {
      number: 1,
      user: codertocat,
      createdAt: '2019-05-15T15:20:18Z',
      updatedAt: '2019-05-15T15:20:21Z',
    });
    world.github.addComment('Codertocat/Hello-World', {
      id: (commented.comment as { id: number }).id,
      issueNumber: 1,
      user: codertocat,
      createdAt: '2019-05-15T15:20:21Z',
    });
    const summary = await sync({ target: { kind: 'repos', repos: ['codertocat/hello-world'] } });

    expect(summary.ingest.newRecords).toBe(2);
    expect(summary.ingest.newActivities).toBe(0);
    expect(await activities()).toEqual(before);
    expect(before.map((row) => row.key)).toEqual([
      'issue_comment:492700400',
      'issue_opened:codertocat/hello-world#1',
    ]);
    const sources = await world.database.db.selectFrom('source_records').select('source').execute();
    expect(sources.map((row) => row.source).sort()).toEqual([
      'github_api',
      'github_api',
      'webhook',
      'webhook',
    ]);
  });

  test('authenticates as a GitHub App installation with a signed token request', async () => {
    await world.github.stop();
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const github = new FakeGitHub({ app: { id: '4242', publicKey: keys.publicKey, installationId: 77 } });
    await github.start();
    world = { ...world, github };
    github.addRepo('acme/widgets');
    github.addIssue('acme/widgets', { user: alice, createdAt: at(0) });

    const refused = await sync();
    expect(refused.stopped).toContain('the credentials were refused (401 Bad credentials');

    const summary = await sync({
      client: { auth: { kind: 'app', appId: '4242', privateKey: keys.privateKey, installationId: '77' } },
    });
    expect(summary.stopped).toBeNull();
    expect(github.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.status])).toEqual([
      ['/app/installations/77/access_tokens', 201],
    ]);
    const reads = github.requests.filter((r) => r.method === 'GET' && r.status === 200);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.authorization?.startsWith('token ghs_'))).toBe(true);
    expect((await activities()).map((row) => row.key)).toEqual(['issue_opened:acme/widgets#1']);
  });

  test('rebuilding from the kept API records gives back the same items and activities', async () => {
    seedAcme();
    await sync();
    const dump = async () => ({
      activities: await world.database.db.selectFrom('activities').selectAll().orderBy('key').execute(),
      items: await world.database.db
        .selectFrom('items')
        .selectAll()
        .orderBy('repo')
        .orderBy('number')
        .execute(),
    });
    const before = await dump();
    const ignoreOthers = () => ({ kind: 'ignored' as const, reason: 'not in this test' });
    const summary = await rebuild(world.store, {
      github_api: mapGithubApiRecord,
      webhook: ignoreOthers,
      gharchive: ignoreOthers,
      git: ignoreOthers,
      activities: ignoreOthers,
    });
    expect(summary.problemCount).toBe(0);
    expect(await dump()).toEqual(before);
  });

  test('sync status tells per repository how far each resource is and what is left to resume', async () => {
    expect(await readSyncStatus(world.store)).toEqual([]);
    seedAcme();
    await sync({ includeArchived: true });
    const statuses = await readSyncStatus(world.store);
    expect(statuses.map((s) => [s.repo, s.archived, s.error, s.finishedAt])).toEqual([
      ['acme/old-site', true, null, NOW],
      ['acme/widgets', false, null, NOW],
    ]);
    const widgets = statuses[1]!.resources;
    expect(widgets.map((r) => [r.resource, r.state, r.upTo])).toEqual([
      ['issues', 'complete', at(51)],
      ['reviews', 'complete', at(51)],
      ['issue_comments', 'complete', at(51)],
      ['review_comments', 'complete', at(2)],
      ['events', 'complete', at(51)],
      ['open_issues', 'never', null],
    ]);
    expect(widgets.find((r) => r.resource === 'open_issues')?.detail).toBe('15 open issues known');
  });
});
