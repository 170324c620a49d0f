import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ActivityKind, ActivityRecord, ActorRef } from '../../core/activity.ts';
import type { ItemSnapshot } from '../../core/item.ts';
import type { MapResult } from '../../core/source-record.ts';
import { mapGitHubEvent } from './map-github-event.ts';

type Json = Record<string, unknown>;
interface WebhookDefinition {
  readonly name: string;
  readonly examples: readonly Json[];
}

const MAPPED_EVENTS = [
  'issues',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'issue_comment',
  'push',
  'commit_comment',
] as const;

/** The actions whose activities the brief fixes; other actions may only yield what any sighting yields. */
const LISTED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  issues: ['opened', 'closed', 'reopened', 'labeled', 'unlabeled', 'transferred', 'deleted'],
  pull_request: ['opened', 'closed', 'reopened', 'labeled', 'unlabeled'],
  pull_request_review: ['submitted', 'dismissed', 'edited'],
  pull_request_review_comment: ['created'],
  issue_comment: ['created'],
  commit_comment: ['created'],
};

const examplesRoot = dirname(
  createRequire(import.meta.url).resolve('@octokit/webhooks-examples/package.json'),
);
/** Every example payload of the package, from api.github.com and each GHES version it ships. */
const allExamples: readonly { readonly source: string; readonly event: string; readonly payload: Json }[] =
  readdirSync(examplesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const definitions = JSON.parse(
        readFileSync(join(examplesRoot, entry.name, 'index.json'), 'utf8'),
      ) as WebhookDefinition[];
      return definitions
        .filter((definition) => (MAPPED_EVENTS as readonly string[]).includes(definition.name))
        .flatMap((definition) =>
          definition.examples.map((payload) => ({ source: entry.name, event: definition.name, payload })),
        );
    });

const dotcom = JSON.parse(
  readFileSync(join(examplesRoot, 'api.github.com', 'index.json'), 'utf8'),
) as WebhookDefinition[];

/** A deep copy of a real api.github.com example, to vary. */
function example(event: string, action?: string): Json {
  const found = dotcom
    .find((definition) => definition.name === event)
    ?.examples.find((payload) => action === undefined || payload.action === action);
  if (found === undefined) throw new Error(`no example ${event}.${action}`);
  return structuredClone(found);
}

function mapped(result: MapResult) {
  if (result.kind !== 'mapped') throw new Error(`expected mapped, got ignored: ${result.reason}`);
  return result.observations;
}
function activitiesOf(result: MapResult): ActivityRecord[] {
  return mapped(result).flatMap((o) => (o.kind === 'activity' ? [o.activity] : []));
}
function itemsOf(result: MapResult): ItemSnapshot[] {
  return mapped(result).flatMap((o) => (o.kind === 'item' ? [o.item] : []));
}
function actorsOf(result: MapResult): ActorRef[] {
  return mapped(result).flatMap((o) => (o.kind === 'actor' ? [o.actor] : []));
}
function activity(result: MapResult, kind: ActivityKind): ActivityRecord {
  const found = activitiesOf(result).filter((a) => a.kind === kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0]!;
}

function asJson(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null ? (value as Json) : undefined;
}

/** What any sighting of an item proves: its opening (author and creation known) and its merge. */
function sightingKinds(item: Json | undefined, isPullRequest: boolean): ActivityKind[] {
  if (item === undefined) return [];
  const kinds: ActivityKind[] = [];
  if (asJson(item.user) && typeof item.created_at === 'string') {
    kinds.push(isPullRequest ? 'pr_opened' : 'issue_opened');
  }
  const merge = asJson(item.pull_request) ?? item;
  if (isPullRequest && asJson(item.user) && typeof merge.merged_at === 'string') kinds.push('pr_merged');
  return kinds;
}

/** The activity kinds the brief expects of a listed action, or the kinds any other action may yield. */
function expectedKinds(event: string, payload: Json): { exact: boolean; kinds: ActivityKind[] } {
  const action = payload.action as string | undefined;
  const exact = event === 'push' || (LISTED_ACTIONS[event]?.includes(action ?? '') ?? false);
  switch (event) {
    case 'issues': {
      const issue = asJson(payload.issue);
      const isPr = asJson(issue?.pull_request) !== undefined;
      const kinds = sightingKinds(issue, isPr);
      if (action === 'closed') kinds.push(isPr ? 'pr_closed' : 'issue_closed');
      if (action === 'reopened') kinds.push(isPr ? 'pr_reopened' : 'issue_reopened');
      if (action === 'transferred')
        kinds.push(...sightingKinds(asJson(asJson(payload.changes)?.new_issue), false));
      return { exact, kinds };
    }
    case 'pull_request': {
      const kinds = sightingKinds(asJson(payload.pull_request), true);
      if (action === 'closed') kinds.push('pr_closed');
      if (action === 'reopened') kinds.push('pr_reopened');
      return { exact, kinds };
    }
    case 'pull_request_review':
      return {
        exact,
        kinds: [
          ...sightingKinds(asJson(payload.pull_request), true),
          ...(exact ? ['pr_reviewed' as const] : []),
        ],
      };
    case 'pull_request_review_comment':
      return {
        exact,
        kinds: [
          ...sightingKinds(asJson(payload.pull_request), true),
          ...(exact ? ['review_comment' as const] : []),
        ],
      };
    case 'issue_comment': {
      const issue = asJson(payload.issue);
      const kinds = sightingKinds(issue, asJson(issue?.pull_request) !== undefined);
      if (exact) kinds.push('issue_comment');
      return { exact, kinds };
    }
    case 'commit_comment':
      return { exact, kinds: exact ? ['commit_comment'] : [] };
    case 'push': {
      if (payload.deleted === true) return { exact, kinds: [] };
      const commits = Array.isArray(payload.commits) ? (payload.commits as Json[]) : [];
      return { exact, kinds: commits.some((c) => c.distinct !== false) ? ['push', 'commit'] : ['push'] };
    }
    default:
      throw new Error(`unexpected event ${event}`);
  }
}

const ISO_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('mapGitHubEvent over @octokit/webhooks-examples', () => {
  test('finds examples of every mapped event in the package', () => {
    const events = new Set(allExamples.map((e) => e.event));
    expect([...events].sort()).toEqual([...MAPPED_EVENTS].sort());
    expect(allExamples.length).toBeGreaterThan(100);
  });

  test('maps every example of the listed actions to the activities the credit rules expect', () => {
    for (const { source, event, payload } of allExamples) {
      const where = `${source} ${event}.${String(payload.action)}`;
      const result = mapGitHubEvent({ event, payload });
      const { exact, kinds } = expectedKinds(event, payload);
      if (exact) expect(result.kind, where).toBe('mapped');
      if (result.kind === 'ignored') continue;
      const produced = [...new Set(activitiesOf(result).map((a) => a.kind))].sort();
      if (exact) expect(produced, where).toEqual([...new Set(kinds)].sort());
      else for (const kind of produced) expect(kinds, `${where} yields no ${kind}`).toContain(kind);
    }
  });

  test('gives every example well-formed activities whose actors are all observed', () => {
    for (const { source, event, payload } of allExamples) {
      const where = `${source} ${event}.${String(payload.action)}`;
      const result = mapGitHubEvent({ event, payload });
      if (result.kind === 'ignored') continue;
      const actorKeys = actorsOf(result).map((a) => JSON.stringify(a));
      const repos = [payload.repository, asJson(payload.changes)?.new_repository].map((r) =>
        String(asJson(r)?.full_name).toLowerCase(),
      );
      for (const a of activitiesOf(result)) {
        expect(a.key.startsWith(`${a.kind}:`), where).toBe(true);
        expect(a.occurredAt, where).toMatch(ISO_SECOND);
        expect(repos, where).toContain(a.repo);
        expect(actorKeys, where).toContain(JSON.stringify(a.actor));
      }
      for (const item of itemsOf(result)) expect(item.observedAt, where).toMatch(ISO_SECOND);
    }
  });

  test('never throws when any field of an example is missing or of the wrong type', () => {
    for (const { event, payload } of allExamples.filter((e) => e.source === 'api.github.com')) {
      const nested = ['issue', 'pull_request', 'review', 'comment', 'repository', 'changes'];
      for (const key of Object.keys(payload)) {
        for (const value of [undefined, null, 7, 'x', []]) {
          const result = mapGitHubEvent({ event, payload: { ...payload, [key]: value } });
          expect(['mapped', 'ignored']).toContain(result.kind);
        }
        const inner = asJson(payload[key]);
        if (!nested.includes(key) || inner === undefined) continue;
        for (const innerKey of Object.keys(inner)) {
          for (const value of [undefined, -1.5, {}]) {
            const result = mapGitHubEvent({
              event,
              payload: { ...payload, [key]: { ...inner, [innerKey]: value } },
            });
            expect(['mapped', 'ignored']).toContain(result.kind);
          }
        }
      }
    }
  });
});

describe('mapGitHubEvent credit rules', () => {
  const maintainer = { login: 'maintainer', id: 99, type: 'User' };

  test('credits a merged pull request to its author at creation and merge, and its closing to the merger', () => {
    const payload = example('pull_request', 'closed');
    const pr = payload.pull_request as Json;
    Object.assign(pr, { merged: true, merged_at: '2019-05-15T15:21:18Z', merged_by: maintainer });
    payload.sender = maintainer;
    const result = mapGitHubEvent({ event: 'pull_request', payload });

    const author = { githubId: 21031067, login: 'Codertocat' };
    expect(activity(result, 'pr_opened')).toMatchObject({
      key: 'pr_opened:codertocat/hello-world#2',
      actor: author,
      occurredAt: '2019-05-15T15:20:33Z',
      itemNumber: 2,
      url: 'https://github.com/Codertocat/Hello-World/pull/2',
    });
    expect(activity(result, 'pr_merged')).toMatchObject({
      key: 'pr_merged:codertocat/hello-world#2',
      actor: author,
      occurredAt: '2019-05-15T15:21:18Z',
    });
    expect(activity(result, 'pr_closed')).toMatchObject({
      key: 'pr_closed:codertocat/hello-world#2@2019-05-15T15:21:18Z',
      actor: { githubId: 99, login: 'maintainer' },
    });
    expect(itemsOf(result)).toEqual([
      expect.objectContaining({
        repo: 'codertocat/hello-world',
        number: 2,
        type: 'pr',
        state: 'closed',
        author,
        mergedAt: '2019-05-15T15:21:18Z',
        mergedBy: { githubId: 99, login: 'maintainer' },
        observedAt: '2019-05-15T15:21:18Z',
      }),
    ]);
  });

  test('credits a closed unmerged pull request only with its opening and its closing', () => {
    const result = mapGitHubEvent({ event: 'pull_request', payload: example('pull_request', 'closed') });
    expect(activitiesOf(result).map((a) => a.kind)).toEqual(['pr_opened', 'pr_closed']);
    expect(itemsOf(result)[0]).toMatchObject({ state: 'closed', mergedAt: null, mergedBy: null });
  });

  test('records a comment on a pull request as a comment on a pr item', () => {
    const payload = example('issue_comment', 'created');
    const issue = payload.issue as Json;
    issue.pull_request = {
      url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
      html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
      merged_at: '2019-05-16T10:00:00Z',
    };
    const result = mapGitHubEvent({ event: 'issue_comment', payload });
    expect(itemsOf(result)).toEqual([expect.objectContaining({ type: 'pr', number: 1 })]);
    expect(activity(result, 'issue_comment')).toMatchObject({
      key: 'issue_comment:492700400',
      actor: { githubId: 21031067, login: 'Codertocat' },
      occurredAt: '2019-05-15T15:20:21Z',
      itemNumber: 1,
      details: { itemType: 'pr' },
    });
    expect(activity(result, 'pr_opened').key).toBe('pr_opened:codertocat/hello-world#1');
    expect(activity(result, 'pr_merged').occurredAt).toBe('2019-05-16T10:00:00Z');
  });

  test('keeps state_reason not_planned on a closed issue and credits the close to the sender', () => {
    const payload = example('issues', 'reopened');
    payload.action = 'closed';
    Object.assign(payload.issue as Json, {
      state: 'closed',
      state_reason: 'not_planned',
      closed_at: '2021-10-11T16:41:00Z',
    });
    payload.sender = maintainer;
    const result = mapGitHubEvent({ event: 'issues', payload });
    expect(itemsOf(result)[0]).toMatchObject({
      type: 'issue',
      state: 'closed',
      stateReason: 'not_planned',
      closedAt: '2021-10-11T16:41:00Z',
    });
    expect(activity(result, 'issue_closed')).toMatchObject({
      key: 'issue_closed:codertocat/hello-world#1@2021-10-11T16:41:00Z',
      actor: { githubId: 99, login: 'maintainer' },
      details: { stateReason: 'not_planned' },
    });
    expect(activity(result, 'issue_opened')).toMatchObject({
      actor: { githubId: 21031067, login: 'Codertocat' },
      occurredAt: '2021-07-05T18:05:24Z',
    });
  });

  test('credits a reopening to the sender at the event time', () => {
    const result = mapGitHubEvent({ event: 'issues', payload: example('issues', 'reopened') });
    expect(activity(result, 'issue_reopened')).toMatchObject({
      key: 'issue_reopened:codertocat/hello-world#1@2021-10-11T16:40:56Z',
      actor: { githubId: 21031067, login: 'Codertocat' },
    });
  });

  test('yields the opening of an item from an event that is not its opening', () => {
    const result = mapGitHubEvent({ event: 'issues', payload: example('issues', 'labeled') });
    expect(activitiesOf(result).map((a) => a.kind)).toEqual(['issue_opened']);
    expect(activity(result, 'issue_opened')).toMatchObject({
      key: 'issue_opened:codertocat/hello-world#1',
      occurredAt: '2019-05-15T15:20:18Z',
    });
    expect(itemsOf(result)[0]).toMatchObject({ labels: ['bug'], observedAt: '2019-05-15T15:20:18Z' });
  });

  test('flags bots by account type, by a [bot] login and by a commit author', () => {
    const payload = example('pull_request', 'opened');
    (payload.pull_request as Json).user = { login: 'renovate', id: 29139614, type: 'Bot' };
    payload.sender = { login: 'dependabot[bot]', id: 49699333, type: 'User' };
    payload.action = 'labeled';
    const result = mapGitHubEvent({ event: 'pull_request', payload });
    expect(actorsOf(result)).toEqual([
      { githubId: 29139614, login: 'renovate', isBot: true },
      { githubId: 49699333, login: 'dependabot[bot]', isBot: true },
    ]);

    const push = example('push');
    Object.assign(push, {
      after: 'a'.repeat(40),
      deleted: false,
      commits: [
        {
          id: 'b'.repeat(40),
          distinct: true,
          timestamp: '2024-01-02T03:04:05+01:00',
          author: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
        },
      ],
    });
    expect(activity(mapGitHubEvent({ event: 'push', payload: push }), 'commit')).toMatchObject({
      actor: {
        githubId: 49699333,
        login: 'dependabot[bot]',
        name: 'dependabot[bot]',
        email: '49699333+dependabot[bot]@users.noreply.github.com',
        isBot: true,
      },
      occurredAt: '2024-01-02T02:04:05Z',
    });
  });

  test('marks a deleted issue deleted', () => {
    const result = mapGitHubEvent({ event: 'issues', payload: example('issues', 'deleted') });
    expect(itemsOf(result)).toEqual([expect.objectContaining({ number: 1, state: 'deleted' })]);
  });

  test('marks a transferred issue transferred and records the issue it became', () => {
    const result = mapGitHubEvent({ event: 'issues', payload: example('issues', 'transferred') });
    const items = itemsOf(result);
    expect(items).toHaveLength(2);
    expect(items).toContainEqual(
      expect.objectContaining({
        repo: 'octo-org/octo-repo',
        number: 1,
        state: 'transferred',
        transferredTo: 'codertocat/hello-world#1',
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({ repo: 'codertocat/hello-world', number: 1, type: 'issue', state: 'open' }),
    );
    expect(
      activitiesOf(result)
        .map((a) => a.key)
        .sort(),
    ).toEqual(['issue_opened:codertocat/hello-world#1', 'issue_opened:octo-org/octo-repo#1']);
  });

  test('credits a push to the pusher and each distinct commit to its author, at the push time', () => {
    const payload = example('push');
    Object.assign(payload, {
      after: 'c'.repeat(40),
      before: 'd'.repeat(40),
      deleted: false,
      compare: undefined,
      commits: [
        {
          id: 'e'.repeat(40),
          distinct: true,
          author: { name: 'Ann', email: 'ann@example.com', username: 'ann' },
        },
        { id: 'f'.repeat(40), distinct: false, author: { name: 'Bob', email: 'bob@example.com' } },
      ],
    });
    const result = mapGitHubEvent({ event: 'push', payload });
    expect(activity(result, 'push')).toMatchObject({
      key: `push:codertocat/hello-world:refs/tags/simple-tag@${'c'.repeat(40)}`,
      actor: {
        githubId: 21031067,
        login: 'Codertocat',
        email: '21031067+Codertocat@users.noreply.github.com',
      },
      occurredAt: '2019-05-15T15:20:57Z',
      url: `https://github.com/codertocat/hello-world/compare/${'d'.repeat(40)}...${'c'.repeat(40)}`,
      details: { commitCount: 1 },
    });
    expect(activitiesOf(result).filter((a) => a.kind === 'commit')).toEqual([
      expect.objectContaining({
        key: `commit:codertocat/hello-world@${'e'.repeat(40)}`,
        actor: { login: 'ann', name: 'Ann', email: 'ann@example.com' },
        occurredAt: '2019-05-15T15:20:57Z',
      }),
    ]);
  });

  test('maps a push that lists no commits', () => {
    const payload = example('push');
    Object.assign(payload, { after: 'c'.repeat(40), deleted: false, commits: undefined });
    const result = mapGitHubEvent({ event: 'push', payload });
    expect(activitiesOf(result).map((a) => a.kind)).toEqual(['push']);
  });

  test('records no push for a branch or tag deletion', () => {
    const deletion = dotcom.find((d) => d.name === 'push')!.examples.find((p) => p.deleted === true)!;
    const result = mapGitHubEvent({ event: 'push', payload: deletion });
    expect(activitiesOf(result)).toEqual([]);
    expect(actorsOf(result)).toContainEqual({
      githubId: 21031067,
      login: 'Codertocat',
      email: '21031067+Codertocat@users.noreply.github.com',
    });
  });

  test('keeps the review state, and records a dismissed review as dismissed', () => {
    const submitted = mapGitHubEvent({
      event: 'pull_request_review',
      payload: example('pull_request_review', 'submitted'),
    });
    expect(activity(submitted, 'pr_reviewed')).toMatchObject({
      key: 'pr_reviewed:237895671',
      actor: { githubId: 21031067, login: 'Codertocat' },
      occurredAt: '2019-05-15T15:20:38Z',
      itemNumber: 2,
      details: { reviewState: 'commented' },
    });
    const approved = example('pull_request_review', 'submitted');
    (approved.review as Json).state = 'APPROVED';
    expect(
      activity(mapGitHubEvent({ event: 'pull_request_review', payload: approved }), 'pr_reviewed').details,
    ).toEqual({
      reviewState: 'approved',
    });
    const dismissed = mapGitHubEvent({
      event: 'pull_request_review',
      payload: example('pull_request_review', 'dismissed'),
    });
    expect(activity(dismissed, 'pr_reviewed').details).toEqual({ reviewState: 'dismissed' });
  });

  test('credits a review comment to its author with the review it belongs to', () => {
    const result = mapGitHubEvent({
      event: 'pull_request_review_comment',
      payload: example('pull_request_review_comment', 'created'),
    });
    expect(activity(result, 'review_comment')).toMatchObject({
      key: 'review_comment:284312630',
      actor: { githubId: 21031067, login: 'Codertocat' },
      occurredAt: '2019-05-15T15:20:37Z',
      itemNumber: 2,
      details: { reviewId: 237895671 },
    });
  });

  test('credits nothing for an edited or deleted comment but still records the item', () => {
    for (const [event, action] of [
      ['pull_request_review_comment', 'edited'],
      ['pull_request_review_comment', 'deleted'],
      ['issue_comment', 'edited'],
      ['issue_comment', 'deleted'],
    ] as const) {
      const result = mapGitHubEvent({ event, payload: example(event, action) });
      const kinds = activitiesOf(result).map((a) => a.kind);
      expect(kinds, `${event}.${action}`).not.toContain('review_comment');
      expect(kinds, `${event}.${action}`).not.toContain('issue_comment');
      expect(itemsOf(result), `${event}.${action}`).toHaveLength(1);
    }
  });

  test('credits a commit comment to its author with the commit it is on', () => {
    const result = mapGitHubEvent({ event: 'commit_comment', payload: example('commit_comment', 'created') });
    expect(activity(result, 'commit_comment')).toMatchObject({
      key: 'commit_comment:33548674',
      itemNumber: null,
      details: { commitId: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' },
    });
  });

  test('uses the envelope time, actor and repo when the caller gives them', () => {
    const payload = example('issues', 'labeled');
    delete payload.repository;
    delete payload.sender;
    const result = mapGitHubEvent({
      event: 'issues',
      payload,
      occurredAt: '2020-01-01T00:00:00.123Z',
      actor: { githubId: 5, login: 'someone' },
      repo: 'Some/Repo',
    });
    expect(itemsOf(result)[0]).toMatchObject({ repo: 'some/repo', observedAt: '2020-01-01T00:00:00Z' });
    expect(actorsOf(result)).toContainEqual({ githubId: 5, login: 'someone' });
  });
});

describe('mapGitHubEvent on input it cannot use', () => {
  test('ignores events it does not map, naming the event', () => {
    expect(mapGitHubEvent({ event: 'star', payload: {} })).toEqual({
      kind: 'ignored',
      reason: 'unused event star',
    });
  });

  test('names the JSON path a malformed payload is missing', () => {
    const noNumber = example('issues', 'opened');
    delete (noNumber.issue as Json).number;
    expect(mapGitHubEvent({ event: 'issues', payload: noNumber })).toEqual({
      kind: 'ignored',
      reason: 'payload.issue.number missing',
    });
    const noRepo = example('issues', 'opened');
    delete noRepo.repository;
    expect(mapGitHubEvent({ event: 'issues', payload: noRepo })).toEqual({
      kind: 'ignored',
      reason: 'payload.repository.full_name missing',
    });
    const noTime = example('issue_comment', 'created');
    delete (noTime.comment as Json).created_at;
    delete (noTime.comment as Json).updated_at;
    expect(mapGitHubEvent({ event: 'issue_comment', payload: noTime })).toEqual({
      kind: 'ignored',
      reason: 'payload.comment.created_at missing',
    });
    const noRef = example('push');
    delete noRef.ref;
    expect(mapGitHubEvent({ event: 'push', payload: noRef })).toEqual({
      kind: 'ignored',
      reason: 'payload.ref missing',
    });
    expect(mapGitHubEvent({ event: 'issues', payload: null })).toEqual({
      kind: 'ignored',
      reason: 'payload is not an object',
    });
  });

  test('never throws, whatever the payload', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MAPPED_EVENTS), fc.jsonValue(), fc.string(), (event, payload, repo) => {
        const result = mapGitHubEvent({ event, payload, repo, occurredAt: '2020-01-01T00:00:00Z' });
        expect(['mapped', 'ignored']).toContain(result.kind);
      }),
      { numRuns: 2000 },
    );
  });
});
