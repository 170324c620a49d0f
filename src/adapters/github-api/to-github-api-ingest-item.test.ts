import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { toGitHubApiIngestItem, toStoredApiObject } from './to-github-api-ingest-item.ts';

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

const rest = JSON.parse(
  readFileSync(new URL('./fixtures/github-rest-examples.json', import.meta.url), 'utf8'),
) as RestExamples;

describe('GitHub API ingest items', () => {
  test('keys an issue by number and update time, so only a changed issue is a new record', () => {
    const item = toGitHubApiIngestItem(
      { resource: 'issue', repo: 'octocat/hello-world', issue: rest.issue },
      'here',
    );
    expect(item).toMatchObject({
      kind: 'record',
      record: {
        source: 'github_api',
        key: 'octocat/hello-world:issue:1347@2011-04-22T13:33:48Z',
        occurredAt: '2011-04-22T13:33:48Z',
      },
    });
  });

  test('keys comments by id and update time, reviews by id and state, events by id', () => {
    const key = (item: ReturnType<typeof toGitHubApiIngestItem>) =>
      item.kind === 'record' ? item.record.key : item;
    expect(
      key(toGitHubApiIngestItem({ resource: 'issue_comment', repo: 'o/r', comment: rest.issueComment }, 'x')),
    ).toBe('o/r:issue_comment:1@2011-04-14T16:00:49Z');
    expect(
      key(
        toGitHubApiIngestItem({ resource: 'review_comment', repo: 'o/r', comment: rest.reviewComment }, 'x'),
      ),
    ).toBe('o/r:review_comment:10@2011-04-14T16:00:49Z');
    expect(
      key(
        toGitHubApiIngestItem({ resource: 'review', repo: 'o/r', pullNumber: 12, review: rest.review }, 'x'),
      ),
    ).toBe('o/r:review:80:approved');
    expect(
      key(toGitHubApiIngestItem({ resource: 'issue_event', repo: 'o/r', event: rest.issueEvent }, 'x')),
    ).toBe('o/r:issue_event:1');
  });

  test('an entry without the fields its key needs is a located problem; one the mapping skips is ignored', () => {
    const { updated_at: _, ...undated } = rest.issue;
    expect(
      toGitHubApiIngestItem({ resource: 'issue', repo: 'o/r', issue: undated }, 'GET /repos/o/r/issues [3]'),
    ).toEqual({
      kind: 'problem',
      location: 'GET /repos/o/r/issues [3]',
      message: 'issue.updated_at missing',
    });
    expect(
      toGitHubApiIngestItem(
        { resource: 'issue_event', repo: 'o/r', event: { ...rest.issueEvent, event: 'subscribed' } },
        'e',
      ),
    ).toEqual({ kind: 'ignored', location: 'e', reason: 'unused issue event subscribed' });
  });

  test('keeps what rungs reads and drops API links, bodies and reactions at every depth', () => {
    const stored = toStoredApiObject(rest.issue);
    expect(stored).not.toHaveProperty('body');
    expect(stored).not.toHaveProperty('labels_url');
    expect(stored).toMatchObject({
      number: 1347,
      html_url: 'https://github.com/octocat/Hello-World/issues/1347',
      repository_url: 'https://api.github.com/repos/octocat/Hello-World',
      updated_at: '2011-04-22T13:33:48Z',
      state_reason: 'completed',
      user: { login: 'octocat', id: 1, type: 'User', html_url: 'https://github.com/octocat' },
      labels: [{ name: 'bug' }],
    });
    expect(stored.user).not.toHaveProperty('followers_url');
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(rest.issue).length / 2);
  });
});
