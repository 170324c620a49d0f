import { readFileSync } from 'node:fs';
import webhookExamples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import { describe, expect, test } from 'vitest';
import type { ActivityRecord } from '../../core/activity.ts';
import type { ItemSnapshot } from '../../core/item.ts';
import type { MapResult } from '../../core/source-record.ts';
import { mapWebhookPayload } from '../webhook-files/map-webhook-payload.ts';
import { mapGithubApiRecord } from './map-github-api-record.ts';
import { toStoredApiObject } from './to-github-api-ingest-item.ts';

type Json = Record<string, unknown>;

/** The examples file: one entry of each REST answer sync reads. */
interface RestExamples {
  readonly repository: Json;
  readonly issue: Json;
  readonly issueComment: Json;
  readonly reviewComment: Json;
  readonly review: Json;
  readonly issueEvent: Json;
}

/** One entry of each REST answer sync reads, from GitHub's own API description. */
const rest = JSON.parse(
  readFileSync(new URL('./fixtures/github-rest-examples.json', import.meta.url), 'utf8'),
) as RestExamples;

function webhook(event: string, action: string): Json {
  const group = (webhookExamples as unknown as { name: string; examples: Json[] }[]).find(
    (entry) => entry.name === event,
  );
  const example = group?.examples.find((candidate) => candidate.action === action);
  if (example === undefined) throw new Error(`no ${event}.${action} example`);
  return example;
}

function activities(result: MapResult): ActivityRecord[] {
  if (result.kind !== 'mapped') throw new Error(`expected mapped, got ${result.reason}`);
  return result.observations.flatMap((observation) =>
    observation.kind === 'activity' ? [observation.activity] : [],
  );
}

function items(result: MapResult): ItemSnapshot[] {
  if (result.kind !== 'mapped') throw new Error(`expected mapped, got ${result.reason}`);
  return result.observations.flatMap((observation) =>
    observation.kind === 'item' ? [observation.item] : [],
  );
}

const REPO = 'octocat/hello-world';

describe('mapping GitHub REST API entries', () => {
  test('an issue from the issues listing gives its state, labels, reason and its opening by its author', () => {
    const issue = {
      ...rest.issue,
      pull_request: undefined,
      state: 'closed',
      closed_at: '2011-04-23T10:00:00Z',
    };
    const result = mapGithubApiRecord({ resource: 'issue', repo: REPO, issue });
    expect(items(result)).toEqual([
      expect.objectContaining({
        repo: REPO,
        number: 1347,
        type: 'issue',
        observedAt: '2011-04-22T13:33:48Z',
        labels: ['bug'],
        state: 'closed',
        stateReason: 'completed',
        closedAt: '2011-04-23T10:00:00Z',
        author: { githubId: 1, login: 'octocat' },
      }),
    ]);
    expect(
      activities(result).map((activity) => [activity.key, activity.actor.login, activity.occurredAt]),
    ).toEqual([['issue_opened:octocat/hello-world#1347', 'octocat', '2011-04-22T13:33:48Z']]);
  });

  test('a pull request in the issues listing is merged by its author at pull_request.merged_at', () => {
    const pullRequest = { ...(rest.issue.pull_request as Json), merged_at: '2011-04-25T09:00:00Z' };
    const result = mapGithubApiRecord({
      resource: 'issue',
      repo: REPO,
      issue: { ...rest.issue, pull_request: pullRequest },
    });
    expect(items(result)[0]).toMatchObject({ type: 'pr', mergedAt: '2011-04-25T09:00:00Z' });
    // The listing does not say who merged: the stored merger is left as it was.
    expect(items(result)[0]?.mergedBy).toBeUndefined();
    expect(activities(result).map((activity) => activity.key)).toEqual([
      'pr_opened:octocat/hello-world#1347',
      'pr_merged:octocat/hello-world#1347',
    ]);
  });

  test('comments, review comments and reviews are credited to their authors at the time they were written', () => {
    const comment = mapGithubApiRecord({ resource: 'issue_comment', repo: REPO, comment: rest.issueComment });
    expect(activities(comment)).toEqual([
      expect.objectContaining({
        key: 'issue_comment:1',
        kind: 'issue_comment',
        occurredAt: '2011-04-14T16:00:49Z',
        itemNumber: 1347,
        details: { itemType: 'issue' },
      }),
    ]);
    const reviewComment = mapGithubApiRecord({
      resource: 'review_comment',
      repo: REPO,
      comment: rest.reviewComment,
    });
    expect(activities(reviewComment)).toEqual([
      expect.objectContaining({ key: 'review_comment:10', itemNumber: 1, details: { reviewId: 42 } }),
    ]);
    const review = mapGithubApiRecord({
      resource: 'review',
      repo: REPO,
      pullNumber: 12,
      review: rest.review,
    });
    expect(activities(review)).toEqual([
      expect.objectContaining({
        key: 'pr_reviewed:80',
        occurredAt: '2019-11-17T17:43:43Z',
        itemNumber: 12,
        details: { reviewState: 'approved' },
      }),
    ]);
  });

  test('a comment on a pull request says so, from the page its link points to', () => {
    const comment = {
      ...rest.issueComment,
      html_url: 'https://github.com/octocat/Hello-World/pull/7#issuecomment-1',
    };
    const result = mapGithubApiRecord({ resource: 'issue_comment', repo: REPO, comment });
    expect(activities(result)[0]?.details).toEqual({ itemType: 'pr' });
    expect(items(result)[0]).toMatchObject({ number: 1347, type: 'pr' });
  });

  test('a closed issue event credits whoever closed it, at the event time, whatever the issue looks like now', () => {
    const event = { ...rest.issueEvent, actor: { login: 'hubot', id: 2, type: 'User' } };
    const result = mapGithubApiRecord({ resource: 'issue_event', repo: REPO, event });
    const closing = activities(result).find((activity) => activity.kind === 'pr_closed');
    // The example's issue is a pull request, so closing it is `pr_closed`.
    expect(closing).toEqual(
      expect.objectContaining({
        key: 'pr_closed:octocat/hello-world#1347@2011-04-14T16:00:49Z',
        actor: { githubId: 2, login: 'hubot' },
        occurredAt: '2011-04-14T16:00:49Z',
      }),
    );
    // The embedded issue is today's: its labels, title and state are not taken as the event's.
    expect(items(result)[0]).toMatchObject({ state: 'closed', observedAt: '2011-04-14T16:00:49Z' });
    expect(items(result)[0]?.labels).toBeUndefined();
  });

  test('issue events other than closings and reopenings, and pending reviews, are ignored with the reason', () => {
    expect(
      mapGithubApiRecord({
        resource: 'issue_event',
        repo: REPO,
        event: { ...rest.issueEvent, event: 'labeled' },
      }),
    ).toEqual({
      kind: 'ignored',
      reason: 'unused issue event labeled',
    });
    const pending = { ...rest.review, state: 'PENDING', submitted_at: undefined };
    expect(mapGithubApiRecord({ resource: 'review', repo: REPO, pullNumber: 12, review: pending })).toEqual({
      kind: 'ignored',
      reason: 'review is pending',
    });
    expect(mapGithubApiRecord({ resource: 'stars', repo: REPO })).toEqual({
      kind: 'ignored',
      reason: 'unknown github_api resource stars',
    });
    expect(mapGithubApiRecord(null)).toEqual({
      kind: 'ignored',
      reason: 'github_api record is not an object',
    });
  });

  test('a found transfer marks the old issue transferred to its new place and records the new one', () => {
    const newIssue = {
      ...rest.issue,
      pull_request: undefined,
      number: 5,
      html_url: 'https://github.com/octocat/Spoon-Knife/issues/5',
      updated_at: '2012-01-01T00:00:00Z',
    };
    const result = mapGithubApiRecord({
      resource: 'issue_transferred',
      repo: REPO,
      number: 1347,
      to: 'octocat/spoon-knife',
      newIssue,
      detectedAt: '2012-02-01T00:00:00Z',
    });
    expect(items(result)).toEqual([
      expect.objectContaining({
        repo: 'octocat/spoon-knife',
        number: 5,
        state: 'open',
        observedAt: '2012-01-01T00:00:00Z',
      }),
      expect.objectContaining({
        repo: REPO,
        number: 1347,
        state: 'transferred',
        transferredTo: 'octocat/spoon-knife#5',
      }),
    ]);
    const gone = mapGithubApiRecord({
      resource: 'issue_deleted',
      repo: REPO,
      number: 9,
      detectedAt: '2012-02-01T00:00:00Z',
    });
    expect(items(gone)).toEqual([
      expect.objectContaining({ number: 9, state: 'deleted', observedAt: '2012-02-01T00:00:00Z' }),
    ]);
  });

  test('an act read from the API has the key, actor and time the same act has from a webhook', () => {
    const pairs: [MapResult, MapResult][] = [];
    const opened = webhook('issues', 'opened');
    const apiIssue = { ...(opened.issue as Json), updated_at: '2019-05-15T15:30:00Z' };
    pairs.push([
      mapWebhookPayload({ event: 'issues', payload: opened }),
      mapGithubApiRecord({
        resource: 'issue',
        repo: 'codertocat/hello-world',
        issue: toStoredApiObject(apiIssue),
      }),
    ]);
    const commented = webhook('issue_comment', 'created');
    pairs.push([
      mapWebhookPayload({ event: 'issue_comment', payload: commented }),
      mapGithubApiRecord({
        resource: 'issue_comment',
        repo: 'codertocat/hello-world',
        comment: toStoredApiObject(commented.comment as Json),
      }),
    ]);
    const reviewed = webhook('pull_request_review', 'submitted');
    pairs.push([
      mapWebhookPayload({ event: 'pull_request_review', payload: reviewed }),
      mapGithubApiRecord({
        resource: 'review',
        repo: 'codertocat/hello-world',
        pullNumber: 2,
        review: toStoredApiObject(reviewed.review as Json),
      }),
    ]);
    const reviewComment = webhook('pull_request_review_comment', 'created');
    pairs.push([
      mapWebhookPayload({ event: 'pull_request_review_comment', payload: reviewComment }),
      mapGithubApiRecord({
        resource: 'review_comment',
        repo: 'codertocat/hello-world',
        comment: toStoredApiObject(reviewComment.comment as Json),
      }),
    ]);
    const credited = (activity: ActivityRecord) => ({
      key: activity.key,
      login: activity.actor.login,
      at: activity.occurredAt,
      details: activity.details,
    });
    for (const [fromWebhook, fromApi] of pairs) {
      const apiActs = activities(fromApi).map(credited);
      // The webhook also carries the issue or pull request (hence its opening): every act the API
      // entry proves is there, identical.
      const webhookActs = activities(fromWebhook).map(credited);
      expect(apiActs.length).toBeGreaterThan(0);
      for (const act of apiActs) expect(webhookActs).toContainEqual(act);
    }
  });
});
