import { readFileSync } from 'node:fs';
import examples from '@octokit/webhooks-examples';
import { describe, expect, test } from 'vitest';
import {
  buildGhArchiveEvent,
  type DemoAccount,
  type DemoAct,
  type DemoEventContext,
  type DemoIssue,
  type DemoPullRequest,
  type DemoRepo,
} from './build-gh-archive-event.ts';
import type { GhArchiveShape } from './gh-archive-event.ts';

type Json = Record<string, unknown>;

/** Real GH Archive lines of 2015-02-01 (a push, a pull request, an issue, a comment). */
const real = readFileSync(new URL('./fixtures/gharchive-2015-02-01-00-shapes.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as Json);
const realOf = (type: string) => real.find((e) => e.type === type) as Json;

/** GitHub's own webhook payload examples, which share their objects with the Events API. */
function example(name: string, action?: string): Json {
  const group = (examples as unknown as { name: string; examples: Json[] }[]).find((e) => e.name === name);
  const found = group?.examples.find((e) => action === undefined || e.action === action);
  if (found === undefined) throw new Error(`no example ${name}.${action}`);
  return found;
}

const obj = (value: unknown) => value as Json;
const keysOf = (value: unknown) => Object.keys(obj(value));

const org: DemoAccount = {
  login: 'demo-org',
  id: 900000001,
  type: 'Organization',
  name: 'Demo',
  email: 'o@example.org',
  association: 'NONE',
};
const maria: DemoAccount = {
  login: 'maria-lopez',
  id: 900000002,
  type: 'User',
  name: 'Maria Lopez',
  email: '900000002+maria-lopez@users.noreply.github.com',
  association: 'MEMBER',
};
const bot: DemoAccount = {
  login: 'dependabot[bot]',
  id: 49699333,
  type: 'Bot',
  name: 'dependabot[bot]',
  email: 'x@example.org',
  association: 'CONTRIBUTOR',
};
const repo: DemoRepo = {
  id: 900000003,
  owner: org,
  fullName: 'demo-org/core',
  name: 'core',
  description: 'Demo',
  language: 'Go',
  createdAt: '2023-01-01T00:00:00Z',
  defaultBranch: 'main',
  fork: false,
  topics: ['demo'],
};
const at = '2025-03-04T05:06:07Z';

function pullRequest(overrides: Partial<DemoPullRequest> = {}): DemoPullRequest {
  return {
    kind: 'pr',
    repo,
    number: 12,
    id: 1800000001,
    issueId: 2100000001,
    title: 'Fix the cache',
    body: 'Fixes it.',
    author: maria,
    createdAt: at,
    headRepo: repo,
    headRef: 'fix-cache',
    labels: ['kind/bug'],
    headSha: 'a'.repeat(40),
    baseSha: 'b'.repeat(40),
    state: 'open',
    updatedAt: at,
    closedAt: null,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    comments: 0,
    reviewComments: 0,
    commits: 1,
    additions: 3,
    deletions: 1,
    changedFiles: 1,
    ...overrides,
  };
}

function issue(overrides: Partial<DemoIssue> = {}): DemoIssue {
  return {
    kind: 'issue',
    repo,
    number: 13,
    id: 2100000002,
    title: 'Cache crashes',
    body: 'It crashes.',
    author: maria,
    createdAt: at,
    labels: ['bug'],
    state: 'open',
    stateReason: null,
    updatedAt: at,
    closedAt: null,
    comments: 0,
    ...overrides,
  };
}

function build(act: DemoAct, shape: GhArchiveShape, actor: DemoAccount = maria): Json {
  const context: DemoEventContext = { eventId: '40000000001', at, actor, repo, shape };
  return buildGhArchiveEvent(act, context) as unknown as Json;
}

function expectKeysInclude(ours: unknown, theirs: unknown, except: readonly string[] = []) {
  const missing = keysOf(theirs).filter((k) => !except.includes(k) && !(k in obj(ours)));
  expect(missing).toEqual([]);
}

describe('buildGhArchiveEvent in the full shape (until 2025-10-07)', () => {
  test('writes the envelope of a real GH Archive line, with the organization', () => {
    const event = build({ kind: 'issue_opened', issue: issue() }, 'full');
    expectKeysInclude(event, realOf('IssuesEvent'));
    expect(event).toMatchObject({
      id: '40000000001',
      type: 'IssuesEvent',
      actor: { id: maria.id, login: 'maria-lopez', display_login: 'maria-lopez', gravatar_id: '' },
      repo: { id: repo.id, name: 'demo-org/core', url: 'https://api.github.com/repos/demo-org/core' },
      public: true,
      created_at: at,
      org: { id: org.id, login: 'demo-org' },
    });
  });

  test('writes pull request objects with every field of GitHub’s own examples', () => {
    const merged = pullRequest({
      state: 'closed',
      merged: true,
      mergedAt: at,
      closedAt: at,
      mergedBy: maria,
    });
    const event = build({ kind: 'pr_merged', pr: merged }, 'full');
    const payload = obj(event.payload);
    expect(payload).toMatchObject({ action: 'closed', number: 12 });
    const pr = obj(payload.pull_request);
    const theirs = obj(example('pull_request', 'opened').pull_request);
    expectKeysInclude(pr, theirs);
    expectKeysInclude(obj(pr.base).repo, obj(theirs.base).repo);
    expectKeysInclude(pr.user, theirs.user);
    expectKeysInclude(pr, obj(realOf('PullRequestEvent').payload).pull_request);
    expect(pr).toMatchObject({ merged: true, merged_at: at, user: { login: 'maria-lopez', type: 'User' } });
    expect(obj(pr.merged_by).login).toBe('maria-lopez');
    expect((pr.labels as Json[]).map((l) => l.name)).toEqual(['kind/bug']);
  });

  test('writes issues, labels and comments with every field of GitHub’s own examples', () => {
    const labeled = build({ kind: 'issue_labeled', issue: issue(), label: 'help wanted' }, 'full');
    const theirs = example('issues', 'labeled');
    // `draft` appears on issues only in some webhook examples; the REST issue object has none.
    expectKeysInclude(obj(labeled.payload).issue, theirs.issue, ['draft']);
    expectKeysInclude(obj(labeled.payload).issue, obj(realOf('IssuesEvent').payload).issue);
    expectKeysInclude(obj(labeled.payload).label, theirs.label);
    const comment = build({ kind: 'issue_comment', item: issue(), comment: { id: 5, body: 'Hi' } }, 'full');
    expectKeysInclude(obj(comment.payload).comment, example('issue_comment').comment);
    expectKeysInclude(obj(comment.payload).comment, obj(realOf('IssueCommentEvent').payload).comment);
  });

  test('marks a comment on a pull request with the issue’s pull_request key', () => {
    const onPr = build(
      { kind: 'issue_comment', item: pullRequest(), comment: { id: 5, body: 'Hi' } },
      'full',
    );
    const issueObject = obj(obj(onPr.payload).issue);
    expect(obj(issueObject.pull_request)).toMatchObject({
      url: 'https://api.github.com/repos/demo-org/core/pulls/12',
    });
    expect(issueObject.id).toBe(2100000001);
    const onIssue = build({ kind: 'issue_comment', item: issue(), comment: { id: 6, body: 'Hi' } }, 'full');
    expect('pull_request' in obj(obj(onIssue.payload).issue)).toBe(false);
  });

  test('writes reviews and review comments with every field of GitHub’s own examples', () => {
    const review = build(
      {
        kind: 'pr_reviewed',
        pr: pullRequest(),
        review: { id: 7, state: 'changes_requested', body: 'No', commitId: 'a'.repeat(40) },
      },
      'full',
    );
    const reviewExample = example('pull_request_review');
    expect(obj(review.payload).action).toBe('created');
    expectKeysInclude(obj(review.payload).review, reviewExample.review);
    expectKeysInclude(obj(review.payload).pull_request, reviewExample.pull_request);
    expect(obj(obj(review.payload).review).state).toBe('changes_requested');
    const comment = build(
      {
        kind: 'review_comment',
        pr: pullRequest(),
        comment: { id: 8, reviewId: 7, body: 'nit', path: 'a.go', line: 3, commitId: 'a'.repeat(40) },
      },
      'full',
    );
    expectKeysInclude(obj(comment.payload).comment, example('pull_request_review_comment').comment);
  });

  test('lists the commits of a push like a real GH Archive push', () => {
    const event = build(
      {
        kind: 'push',
        push: {
          pushId: 1,
          ref: 'refs/heads/main',
          before: 'b'.repeat(40),
          head: 'c'.repeat(40),
          commits: [{ sha: 'c'.repeat(40), author: maria, message: 'Fix' }],
        },
      },
      'full',
    );
    const payload = obj(event.payload);
    const realPayload = obj(realOf('PushEvent').payload);
    expectKeysInclude(payload, realPayload);
    const commits = payload.commits as Json[];
    expect(keysOf(commits[0]).sort()).toEqual(keysOf((realPayload.commits as Json[])[0]).sort());
    expect(commits[0]).toMatchObject({ author: { name: 'Maria Lopez', email: maria.email } });
  });

  test('shows a bot as an app, its display login without the [bot] suffix', () => {
    const event = build({ kind: 'pr_opened', pr: pullRequest({ author: bot }) }, 'full', bot);
    expect(obj(event.actor).display_login).toBe('dependabot');
    expect(obj(obj(obj(event.payload).pull_request).user)).toMatchObject({
      login: 'dependabot[bot]',
      type: 'Bot',
      html_url: 'https://github.com/apps/dependabot',
    });
  });
});

describe('buildGhArchiveEvent in the trimmed shape (since 2025-10-07)', () => {
  test('writes a push without commits, counts or sizes', () => {
    const event = build(
      {
        kind: 'push',
        push: {
          pushId: 1,
          ref: 'refs/heads/main',
          before: 'b'.repeat(40),
          head: 'c'.repeat(40),
          commits: [{ sha: 'c'.repeat(40), author: maria, message: 'Fix' }],
        },
      },
      'trimmed',
    );
    expect(event.payload).toEqual({
      repository_id: repo.id,
      push_id: 1,
      ref: 'refs/heads/main',
      head: 'c'.repeat(40),
      before: 'b'.repeat(40),
    });
  });

  test('writes pull requests as a stub and reports a merge as its own action', () => {
    const merged = pullRequest({
      state: 'closed',
      merged: true,
      mergedAt: at,
      closedAt: at,
      mergedBy: maria,
    });
    const event = build({ kind: 'pr_merged', pr: merged }, 'trimmed');
    const payload = obj(event.payload);
    expect(payload.action).toBe('merged');
    expect(keysOf(payload.pull_request)).toEqual(['url', 'id', 'number', 'head', 'base']);
    expect(obj(obj(payload.pull_request).head)).toEqual({
      ref: 'fix-cache',
      sha: 'a'.repeat(40),
      repo: { id: repo.id, url: 'https://api.github.com/repos/demo-org/core', name: 'demo-org/core' },
    });
    const closed = build(
      { kind: 'pr_closed', pr: pullRequest({ state: 'closed', closedAt: at }) },
      'trimmed',
    );
    expect(obj(closed.payload).action).toBe('closed');
  });

  test('keeps issue, comment and review authors but drops author_association everywhere', () => {
    const acts: DemoAct[] = [
      { kind: 'issue_opened', issue: issue() },
      { kind: 'issue_comment', item: pullRequest(), comment: { id: 5, body: 'Hi' } },
      {
        kind: 'pr_reviewed',
        pr: pullRequest(),
        review: { id: 7, state: 'approved', body: '', commitId: 'a'.repeat(40) },
      },
      {
        kind: 'review_comment',
        pr: pullRequest(),
        comment: { id: 8, reviewId: 7, body: 'nit', path: 'a.go', line: 3, commitId: 'a'.repeat(40) },
      },
    ];
    for (const act of acts) {
      const full = JSON.stringify(build(act, 'full'));
      const trimmed = JSON.stringify(build(act, 'trimmed'));
      expect(full).toContain('"author_association"');
      expect(trimmed).not.toContain('"author_association"');
      expect(trimmed).toContain('"login":"maria-lopez"');
    }
    const comment = obj(build(acts[1] as DemoAct, 'trimmed').payload);
    expect(obj(obj(comment.issue).user).login).toBe('maria-lopez');
  });
});
