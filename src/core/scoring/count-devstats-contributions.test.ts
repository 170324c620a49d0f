import { describe, expect, test } from 'vitest';
import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import { countDevStatsContributions, DEVSTATS_EVENT_OF_KIND } from './count-devstats-contributions.ts';

function act(personId: number, kind: ActivityKind, occurredAt = '2026-01-10T00:00:00Z'): ScoringFact {
  return {
    key: `${kind}:${personId}:${occurredAt}`,
    personId,
    kind,
    occurredAt,
    repo: 'o/r',
    itemNumber: 1,
    url: null,
    details: {},
    item: null,
  };
}

const people = new Map<number, PersonSummary>(
  [
    { id: 1, login: 'alice', name: null, githubId: 1, isBot: false },
    { id: 2, login: 'bob', name: null, githubId: 2, isBot: false },
    { id: 3, login: 'k8s-ci-robot', name: null, githubId: 3, isBot: true },
    { id: 4, login: 'dependabot[bot]', name: null, githubId: 4, isBot: false },
  ].map((person) => [person.id, person]),
);

describe('countDevStatsContributions', () => {
  test('counts one contribution per act standing for a DevStats event type, and nothing for the others', () => {
    const facts = ACTIVITY_KINDS.map((kind) => act(1, kind));
    const [alice] = countDevStatsContributions(facts, people);
    expect(alice?.contributions).toBe(11);
    expect(alice?.byEventType).toEqual({
      PushEvent: 1,
      PullRequestEvent: 3,
      IssuesEvent: 3,
      PullRequestReviewEvent: 1,
      CommitCommentEvent: 1,
      IssueCommentEvent: 1,
      PullRequestReviewCommentEvent: 1,
    });
    const counted = ACTIVITY_KINDS.filter((kind) => DEVSTATS_EVENT_OF_KIND[kind] !== undefined);
    expect(counted.sort()).toEqual(
      [
        'push',
        'pr_opened',
        'pr_closed',
        'pr_reopened',
        'issue_opened',
        'issue_closed',
        'issue_reopened',
        'pr_reviewed',
        'commit_comment',
        'issue_comment',
        'review_comment',
      ].sort(),
    );
  });

  test('leaves bots out, flagged or named [bot], and sorts by count then login', () => {
    const facts = [
      act(2, 'push'),
      act(1, 'push'),
      act(3, 'issue_comment'),
      act(3, 'issue_comment'),
      act(4, 'pr_opened'),
      act(2, 'pr_reviewed'),
    ];
    expect(countDevStatsContributions(facts, people).map((row) => [row.login, row.contributions])).toEqual([
      ['bob', 2],
      ['alice', 1],
    ]);
  });

  test('counts only inside the window when one is given', () => {
    const facts = [act(1, 'push', '2025-12-31T23:59:59Z'), act(1, 'push', '2026-01-01T00:00:00Z')];
    const window = { label: '2026', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    expect(countDevStatsContributions(facts, people, { window })[0]?.contributions).toBe(1);
    expect(countDevStatsContributions(facts, people)[0]?.contributions).toBe(2);
  });
});
