import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ActivityKind, ActivityRecord } from '../../core/activity.ts';
import type { ItemSnapshot } from '../../core/item.ts';
import type { MapResult } from '../../core/source-record.ts';
import { mapGhArchiveEvent } from './map-gharchive-event.ts';

type Json = Record<string, unknown>;

/** Real events copied from GH Archive's 2015-02-01 00:00 hour (full historical shape). */
const full = readEvents('gharchive-2015-02-01-00-excerpt.jsonl');
/** Hand-built events in the trimmed shape GitHub has sent since October 2025. */
const trimmed = readEvents('gharchive-trimmed-2025.jsonl');

function readEvents(name: string): Json[] {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Json);
}

function event(events: readonly Json[], id: string): Json {
  const found = events.find((e) => e.id === id);
  if (found === undefined) throw new Error(`no event ${id}`);
  return found;
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
function activity(result: MapResult, kind: ActivityKind): ActivityRecord {
  const found = activitiesOf(result).filter((a) => a.kind === kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0]!;
}
function kindsOf(result: MapResult): ActivityKind[] {
  return activitiesOf(result).map((a) => a.kind);
}

describe('mapGhArchiveEvent on the full historical shape', () => {
  test('maps every kept 2015 event of a mapped type, and ignores the others by type', () => {
    const results = full.map((e) => [e.type, mapGhArchiveEvent(e)] as const);
    for (const [type, result] of results) {
      if (type === 'CreateEvent' || type === 'WatchEvent') {
        expect(result).toEqual({ kind: 'ignored', reason: `unused event type ${type}` });
      } else {
        expect(result.kind, String(type)).toBe('mapped');
      }
    }
  });

  test('credits a merged pull request to its author and its closing to the merger', () => {
    const result = mapGhArchiveEvent(event(full, '2549961107'));
    const author = { githubId: 6027187, login: 'chausitinh' };
    const repo = 'comp4560-4r-assignemnt-git-wrecked/git-wrecked';
    expect(activity(result, 'pr_opened')).toMatchObject({
      key: `pr_opened:${repo}#5`,
      actor: author,
      occurredAt: '2015-01-31T23:59:13Z',
    });
    expect(activity(result, 'pr_merged')).toMatchObject({
      key: `pr_merged:${repo}#5`,
      actor: author,
      occurredAt: '2015-02-01T00:00:03Z',
    });
    expect(activity(result, 'pr_closed')).toMatchObject({
      key: `pr_closed:${repo}#5@2015-02-01T00:00:03Z`,
      actor: { githubId: 5971621, login: 'hodgies' },
    });
    expect(itemsOf(result)[0]).toMatchObject({
      repo,
      number: 5,
      type: 'pr',
      state: 'closed',
      mergedBy: { githubId: 5971621, login: 'hodgies' },
      observedAt: '2015-02-01T00:00:06Z',
      labels: undefined,
    });
  });

  test('treats a comment on a pull request as a comment on a pr item, dated by the comment', () => {
    const result = mapGhArchiveEvent(event(full, '2549961030'));
    expect(itemsOf(result)[0]).toMatchObject({ repo: 'emberjs/ember-inspector', number: 290, type: 'pr' });
    expect(activity(result, 'pr_opened')).toMatchObject({
      actor: { githubId: 1061742, login: 'teddyzeenny' },
      occurredAt: '2015-01-31T23:51:16Z',
    });
    expect(activity(result, 'issue_comment')).toMatchObject({
      key: 'issue_comment:72343606',
      actor: { githubId: 3824616, login: 'joostdevries' },
      occurredAt: '2015-02-01T00:00:00Z',
      details: { itemType: 'pr' },
    });
  });

  test('treats a comment on an issue as a comment on an issue item', () => {
    const result = mapGhArchiveEvent(event(full, '2549961108'));
    expect(itemsOf(result)[0]).toMatchObject({ number: 230, type: 'issue' });
    expect(kindsOf(result).sort()).toEqual(['issue_comment', 'issue_opened']);
  });

  test('credits a closed issue to the actor, with the labels the issue lists', () => {
    const result = mapGhArchiveEvent(event(full, '2549961128'));
    expect(activity(result, 'issue_closed')).toMatchObject({
      key: 'issue_closed:teozfrank/duelme#14@2015-02-01T00:00:06Z',
      actor: { githubId: 3265598, login: 'teozfrank' },
    });
    expect(activity(result, 'issue_opened').actor).toEqual({ githubId: 6572001, login: 'theshadyonehd' });
    expect(itemsOf(result)[0]).toMatchObject({ labels: ['bug'], state: 'closed' });
  });

  test('credits a push to the actor and only the distinct commits to their authors', () => {
    const result = mapGhArchiveEvent(event(full, '2549961037'));
    expect(activity(result, 'push')).toMatchObject({
      actor: { githubId: 590575, login: 'vasilakisfil' },
      details: { commitCount: 1 },
    });
    expect(activity(result, 'commit')).toMatchObject({
      key: 'commit:kollegorna/active_hash_relation@d3382ad29629327e7dd41620c74d87a3965cea39',
      actor: { name: 'Filippos Vasilakis', email: 'fabd127a427000baf52355d1e30fbfa21826776c@gmail.com' },
      occurredAt: '2015-02-01T00:00:00Z',
    });
  });

  test('keeps the size of a push whose commit list GH Archive cut at 20', () => {
    const push = full.find((e) => e.type === 'PushEvent' && (e.payload as Json).size === 724)!;
    const result = mapGhArchiveEvent(push);
    expect(activity(result, 'push').details).toEqual({ commitCount: 724 });
    expect(kindsOf(result).filter((k) => k === 'commit')).toHaveLength(20);
  });

  test('normalizes GH Archive times that carry fractions of a second', () => {
    const result = mapGhArchiveEvent(event(full, '2549961022'));
    expect(activity(result, 'push').occurredAt).toBe('2015-02-01T00:00:00Z');
  });

  test('credits a commit comment to its author', () => {
    const result = mapGhArchiveEvent(full.find((e) => e.type === 'CommitCommentEvent')!);
    expect(activity(result, 'commit_comment')).toMatchObject({
      key: 'commit_comment:9531336',
      actor: { githubId: 4589807, login: 'Tsunamical' },
      repo: 'euphoria-g2/android_device_lge_g2-common',
    });
  });
});

describe('mapGhArchiveEvent on the trimmed shape sent since October 2025', () => {
  const repo = 'octo-org/hello-world';
  const octocat = { githubId: 583231, login: 'octocat' };
  const hubot = { githubId: 480938, login: 'hubot' };

  test('credits a push without a commit list to its pusher only', () => {
    const result = mapGhArchiveEvent(event(trimmed, '54000000001'));
    expect(activitiesOf(result)).toEqual([
      {
        key: `push:${repo}:refs/heads/main@${'2'.repeat(40)}`,
        kind: 'push',
        actor: octocat,
        occurredAt: '2025-11-03T10:00:00Z',
        repo,
        itemNumber: null,
        url: `https://github.com/${repo}/compare/${'1'.repeat(40)}...${'2'.repeat(40)}`,
        details: {},
      },
    ]);
  });

  test('credits an opened pull request to the actor, who is its author', () => {
    const result = mapGhArchiveEvent(event(trimmed, '54000000002'));
    expect(activity(result, 'pr_opened')).toMatchObject({
      key: `pr_opened:${repo}#42`,
      actor: octocat,
      occurredAt: '2025-11-03T10:05:00Z',
    });
    const item = itemsOf(result)[0]!;
    expect(item).toMatchObject({ repo, number: 42, type: 'pr', state: 'open', author: octocat });
    // Fields the trimmed payload does not carry stay unknown rather than emptied.
    expect(item.labels).toBeUndefined();
    expect(item.title).toBeUndefined();
    expect(item.mergedAt).toBeUndefined();
  });

  test('credits only the closing of a pull request whose merge state is not given', () => {
    const result = mapGhArchiveEvent(event(trimmed, '54000000003'));
    expect(kindsOf(result)).toEqual(['pr_closed']);
    expect(activity(result, 'pr_closed')).toMatchObject({
      key: `pr_closed:${repo}#42@2025-11-04T09:00:00Z`,
      actor: hubot,
    });
    const item = itemsOf(result)[0]!;
    expect(item).toMatchObject({ state: 'closed', closedAt: '2025-11-04T09:00:00Z' });
    expect(item.author).toBeUndefined();
    expect(item.mergedAt).toBeUndefined();
  });

  test('records who merged a pull request of unknown author without inventing its author', () => {
    const result = mapGhArchiveEvent(event(trimmed, '54000000004'));
    expect(kindsOf(result)).toEqual(['pr_closed']);
    const item = itemsOf(result)[0]!;
    expect(item).toMatchObject({ number: 43, mergedAt: '2025-11-04T09:30:00Z', mergedBy: hubot });
    expect(item.author).toBeUndefined();
  });

  test('credits an opened issue to the actor and its closing to whoever closed it', () => {
    const opened = mapGhArchiveEvent(event(trimmed, '54000000005'));
    expect(activity(opened, 'issue_opened')).toMatchObject({
      key: `issue_opened:${repo}#44`,
      actor: octocat,
      occurredAt: '2025-11-05T08:00:00Z',
    });
    const closed = mapGhArchiveEvent(event(trimmed, '54000000006'));
    expect(kindsOf(closed)).toEqual(['issue_closed']);
    expect(activity(closed, 'issue_closed')).toMatchObject({
      key: `issue_closed:${repo}#44@2025-11-05T12:00:00Z`,
      actor: hubot,
    });
  });

  test('credits a review, a review comment and a comment to the actor who wrote them', () => {
    const review = mapGhArchiveEvent(event(trimmed, '54000000007'));
    expect(activity(review, 'pr_reviewed')).toMatchObject({
      key: 'pr_reviewed:3100000001',
      actor: hubot,
      itemNumber: 42,
      details: { reviewState: 'approved' },
    });
    const reviewComment = mapGhArchiveEvent(event(trimmed, '54000000009'));
    expect(activity(reviewComment, 'review_comment')).toMatchObject({
      key: 'review_comment:2500000001',
      actor: hubot,
      itemNumber: 42,
    });
    const comment = mapGhArchiveEvent(event(trimmed, '54000000008'));
    expect(activity(comment, 'issue_comment')).toMatchObject({
      key: 'issue_comment:3300000001',
      actor: hubot,
      itemNumber: 42,
      occurredAt: '2025-11-04T08:58:00Z',
      details: {},
    });
    // An issue object this bare does not say whether #42 is an issue or a PR: no snapshot.
    expect(itemsOf(comment)).toEqual([]);
  });

  test('flags a bot actor by its [bot] login', () => {
    const result = mapGhArchiveEvent(event(trimmed, '54000000010'));
    expect(activity(result, 'pr_opened').actor).toEqual({
      githubId: 49699333,
      login: 'dependabot[bot]',
      isBot: true,
    });
  });
});

describe('mapGhArchiveEvent on input it cannot use', () => {
  const base = event(trimmed, '54000000005');

  test('ignores event types it does not map, naming the type', () => {
    expect(mapGhArchiveEvent({ ...base, type: 'GollumEvent' })).toEqual({
      kind: 'ignored',
      reason: 'unused event type GollumEvent',
    });
  });

  test('ignores malformed events with the JSON path that is missing', () => {
    const cases: readonly [unknown, string][] = [
      [null, 'event is not an object'],
      [[base], 'event is not an object'],
      [{ ...base, type: undefined }, 'type missing'],
      [{ ...base, created_at: 'yesterday' }, 'created_at missing'],
      [{ ...base, repo: { id: 1 } }, 'repo.name missing'],
      [{ ...base, payload: 'oops' }, 'payload is not an object'],
      [{ ...base, payload: { action: 'opened' } }, 'payload.issue missing'],
      [{ ...base, payload: { action: 'opened', issue: { id: 1 } } }, 'payload.issue.number missing'],
      [{ ...event(trimmed, '54000000001'), payload: { head: 'x' } }, 'payload.ref missing'],
      [{ ...event(trimmed, '54000000007'), payload: { review: { id: 'x' } } }, 'payload.review.id missing'],
    ];
    for (const [input, reason] of cases)
      expect(mapGhArchiveEvent(input), reason).toEqual({ kind: 'ignored', reason });
  });
});
