import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { MapResult } from '../../core/source-record.ts';
import { generateCommunity } from '../demo/generate-community.ts';
import { compactGhArchiveEvent, compactWebhookPayload } from './compact-github-payload.ts';
import { mapGhArchiveEvent } from './map-gharchive-event.ts';
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

const GH_ARCHIVE_TYPES = [
  'PullRequestEvent',
  'PullRequestReviewEvent',
  'PullRequestReviewCommentEvent',
  'IssuesEvent',
  'IssueCommentEvent',
  'PushEvent',
  'CommitCommentEvent',
] as const;

/** Freezes a value and everything in it, so any mutation by the code under test throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const examplesRoot = dirname(
  createRequire(import.meta.url).resolve('@octokit/webhooks-examples/package.json'),
);
/** Every example payload of the package, of every event, from api.github.com and each GHES version. */
const allExamples: readonly { readonly source: string; readonly event: string; readonly payload: Json }[] =
  deepFreeze(
    readdirSync(examplesRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) =>
        (
          JSON.parse(
            readFileSync(join(examplesRoot, entry.name, 'index.json'), 'utf8'),
          ) as WebhookDefinition[]
        ).flatMap((definition) =>
          definition.examples.map((payload) => ({ source: entry.name, event: definition.name, payload })),
        ),
      ),
  );
const mappedExamples = allExamples.filter((e) => (MAPPED_EVENTS as readonly string[]).includes(e.event));

function readJsonLines(path: string): Json[] {
  return readFileSync(new URL(path, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Json);
}

/** Every line of the GH Archive fixtures of the github, gharchive and demo adapters. */
const ghArchiveFixtures: readonly { readonly file: string; readonly events: readonly Json[] }[] = deepFreeze(
  [
    './fixtures/gharchive-2015-02-01-00-excerpt.jsonl',
    './fixtures/gharchive-trimmed-2025.jsonl',
    '../gharchive/fixtures/gharchive-2015-02-01-00-five-events.jsonl',
    '../demo/fixtures/gharchive-2015-02-01-00-shapes.jsonl',
  ].map((file) => ({ file, events: readJsonLines(file) })),
);
const fixtureEvents = ghArchiveFixtures.flatMap((f) => f.events);

function demoEvents(payloadShapes: 'as-published' | 'full'): Json[] {
  const community = generateCommunity({ seed: 1, end: '2026-05-31', years: 1, people: 60, payloadShapes });
  return [...community.events] as unknown as Json[];
}

/**
 * Asserts two map results are the same. Both come from the same mapper code, so their JSON texts
 * are equal exactly when they are; the full comparison runs only to show a difference.
 */
function expectSameResult(actual: MapResult, expected: MapResult, where: () => string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, where()).toStrictEqual(expected);
}

function mapWebhook(event: string, payload: unknown): MapResult {
  return mapGitHubEvent({ event, payload });
}

/** Asserts a webhook payload compacts to one that maps the same and compacts to itself. */
function expectWebhookCompactionLossless(event: string, payload: unknown, where: () => string): void {
  const compacted = compactWebhookPayload(event, payload);
  expectSameResult(mapWebhook(event, compacted), mapWebhook(event, payload), where);
  const again = compactWebhookPayload(event, compacted);
  if (JSON.stringify(again) !== JSON.stringify(compacted)) expect(again, where()).toStrictEqual(compacted);
}

/** Asserts a GH Archive event compacts to one that maps the same and compacts to itself. */
function expectGhArchiveCompactionLossless(event: Json, where: () => string): void {
  const compacted = compactGhArchiveEvent(event);
  expectSameResult(mapGhArchiveEvent(compacted), mapGhArchiveEvent(event), where);
  const again = compactGhArchiveEvent(compacted);
  if (JSON.stringify(again) !== JSON.stringify(compacted)) expect(again, where()).toStrictEqual(compacted);
}

function jsonBytes(values: readonly unknown[]): number {
  let bytes = 0;
  for (const value of values) bytes += Buffer.byteLength(JSON.stringify(value));
  return bytes;
}

const DELETE = Symbol('delete');

/** Values a mutation puts at a path: wrong types, empties, and values the mapper gives meaning to. */
const REPLACEMENTS: readonly unknown[] = [
  DELETE,
  undefined,
  null,
  7,
  -1.5,
  1_422_748_800,
  '',
  'x',
  '2015-02-01T00:00:00+02:00',
  'https://github.com/o/r/pull/3',
  true,
  [],
  {},
  // An account that is a bot only by its type, and a git author known only by a noreply address.
  { id: 5, login: 'robot', type: 'Bot' },
  { name: 'n', email: '5+someone@users.noreply.github.com' },
];

/** A copy of `root` with the value at `path` replaced (or deleted), sharing everything off the path. */
function withValueAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) {
    const copy = root.slice();
    const inner = withValueAt(root[head as number], rest, value);
    if (inner === DELETE) copy.splice(head as number, 1);
    else copy[head as number] = inner;
    return copy;
  }
  const copy: Json = { ...(root as Json) };
  const inner = withValueAt((root as Json)[head as string], rest, value);
  if (inner === DELETE) delete copy[head as string];
  else copy[head as string] = inner;
  return copy;
}

/** Every path of objects and arrays up to `maxDepth` keys deep (the first two elements of arrays). */
function pathsOf(value: unknown, maxDepth: number, prefix: (string | number)[] = []): (string | number)[][] {
  if (prefix.length >= maxDepth || typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value)
    ? [0, 1].filter((i) => i < value.length)
    : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[key], maxDepth, path)];
  });
}

/**
 * Fewer values for the many paths whose key the mapper never reads (a repository's hundred fields,
 * twice per pull request): there only the key's presence and type can matter.
 */
const FEW_REPLACEMENTS: readonly unknown[] = [DELETE, undefined, null, 'x', {}];

/** One mutated copy of a value, and a description of the change for a failure message. */
interface Mutation {
  readonly value: unknown;
  readonly where: () => string;
}

/**
 * `root` with each path up to `maxDepth` keys replaced by each of {@link REPLACEMENTS} in turn, or
 * by {@link FEW_REPLACEMENTS} below `fullDepth` keys where the key is none of {@link READ_WORDS}.
 */
function* mutationsOf(root: unknown, maxDepth: number, fullDepth: number): Iterable<Mutation> {
  for (const path of pathsOf(root, maxDepth)) {
    const last = path[path.length - 1];
    const full = path.length <= fullDepth || typeof last === 'number' || WORD_SET.has(last as string);
    for (const replacement of full ? REPLACEMENTS : FEW_REPLACEMENTS) {
      yield {
        value: withValueAt(root, path, replacement),
        where: () => `${path.join('.')} = ${String(replacement)}`,
      };
    }
  }
}

/** Every key the mapper reads somewhere (listed from the mapper's code, not from the allow-list). */
const READ_WORDS = [
  'action',
  'after',
  'author',
  'before',
  'changes',
  'closed_at',
  'comment',
  'commit_id',
  'commits',
  'compare',
  'created_at',
  'deleted',
  'distinct',
  'distinct_size',
  'email',
  'full_name',
  'head',
  'head_commit',
  'html_url',
  'id',
  'issue',
  'labels',
  'login',
  'merged',
  'merged_at',
  'merged_by',
  'name',
  'new_issue',
  'new_repository',
  'number',
  'pull_request',
  'pull_request_review_id',
  'pull_request_url',
  'pushed_at',
  'pusher',
  'ref',
  'repository',
  'review',
  'sender',
  'sha',
  'size',
  'state',
  'state_reason',
  'submitted_at',
  'timestamp',
  'title',
  'type',
  'updated_at',
  'user',
  'username',
];

/** The keys random payloads are made of: those the mapper reads, and a few it never reads. */
const WORDS = [...READ_WORDS, 'body', 'node_id', 'url'];

const WORD_SET: ReadonlySet<string> = new Set(READ_WORDS);

const leafArbitrary = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    7,
    -1.5,
    1_422_748_800,
    '',
    'x',
    'Bot',
    'opened',
    'closed',
    'reopened',
    'merged',
    'created',
    'submitted',
    'edited',
    'dismissed',
    'transferred',
    'deleted',
    'APPROVED',
    'open',
    'completed',
    'not_planned',
    '2015-02-01T00:00:00Z',
    '2015-02-01T00:00:00.123+01:00',
    'https://github.com/o/r/pull/4',
    'https://github.com/o/r/issues/4',
    'https://api.github.com/repos/o/r/pulls/9',
    'o/R',
    'refs/heads/main',
    '0000000000000000000000000000000000000000',
    '42+a@users.noreply.github.com',
    'dependabot[bot]',
  ),
  fc.integer(),
  fc.string({ maxLength: 5 }),
);

const { value: valueArbitrary, object: objectArbitrary } = fc.letrec<{
  value: unknown;
  object: Json;
  array: unknown[];
}>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leafArbitrary, tie('object'), tie('array')),
  object: fc.dictionary(fc.constantFrom(...WORDS), tie('value'), { maxKeys: 10 }),
  array: fc.array(tie('value'), { maxLength: 3 }),
}));

/** Objects made of the keys the mapper reads (and a few others), nested to any depth. */
const wordsPayloadArbitrary = objectArbitrary;

/** Usually a value of the type the mapper expects, sometimes anything. */
function usually<T>(typed: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 9, arbitrary: typed }, { weight: 1, arbitrary: valueArbitrary });
}

/** A record whose keys may be left out, but for `required`; each value usually well typed. */
function someOf(
  fields: Record<string, fc.Arbitrary<unknown>>,
  required: readonly string[] = [],
): fc.Arbitrary<Json> {
  const typed: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, arbitrary] of Object.entries(fields)) typed[key] = usually(arbitrary);
  return fc.record(typed, { requiredKeys: [...required] });
}

/** `value` four times in five, else one of `others`. */
function mostly<T>(value: T, ...others: T[]): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(value) },
    { weight: 1, arbitrary: fc.constantFrom(...others) },
  );
}

const timeArbitrary = fc.constantFrom(
  '2015-02-01T00:00:00Z',
  '2015-02-01T00:00:00.123+01:00',
  '2016-03-04T05:06:07Z',
  1_422_748_800,
  null,
  'soon',
);
const urlArbitrary = fc.constantFrom(
  'https://github.com/o/r/pull/4',
  'https://github.com/o/r/issues/4',
  'https://api.github.com/repos/o/r/pulls/9',
  '',
);
const userArbitrary = someOf({
  id: fc.constantFrom(1, 2, 1.5),
  login: fc.constantFrom('ann', 'bob', 'renovate[bot]', ''),
  type: fc.constantFrom('User', 'Bot', 'Organization'),
  avatar_url: fc.string(),
});
const gitAuthorArbitrary = someOf({
  name: fc.constantFrom('Ann', 'ci[bot]', ''),
  email: fc.constantFrom(
    'ann@example.org',
    '42+ann@users.noreply.github.com',
    'bob@users.noreply.github.com',
  ),
  username: fc.constantFrom('ann', ''),
  date: fc.string(),
});
const labelArbitrary = fc.oneof(
  fc.constant('bug'),
  someOf({ name: fc.constantFrom('bug', ''), color: fc.string() }),
);
const itemArbitrary = someOf(
  {
    number: fc.constantFrom(4, 5, 4.5),
    html_url: urlArbitrary,
    title: fc.constantFrom('Fix it', ''),
    user: userArbitrary,
    labels: fc.array(labelArbitrary, { maxLength: 2 }),
    state: fc.constantFrom('open', 'closed', 'merged'),
    state_reason: fc.constantFrom(null, 'completed', 'not_planned', 'stale'),
    created_at: timeArbitrary,
    updated_at: timeArbitrary,
    closed_at: timeArbitrary,
    merged: fc.boolean(),
    merged_at: timeArbitrary,
    merged_by: userArbitrary,
    pull_request: someOf({ merged_at: timeArbitrary, merged_by: userArbitrary, url: urlArbitrary }),
    body: fc.string(),
    head: someOf({ ref: fc.string(), repo: someOf({ full_name: fc.constant('o/r') }) }),
  },
  ['number', 'user', 'created_at'],
);
const commentArbitrary = someOf(
  {
    id: fc.constantFrom(11, 12),
    user: userArbitrary,
    created_at: timeArbitrary,
    updated_at: timeArbitrary,
    html_url: urlArbitrary,
    pull_request_url: urlArbitrary,
    pull_request_review_id: fc.constantFrom(7, null),
    commit_id: fc.constantFrom('abc', ''),
    body: fc.string(),
  },
  ['id', 'created_at'],
);
const shaArbitrary = fc.constantFrom('a1', 'b2', '0000000000000000000000000000000000000000', '');
const payloadArbitrary = someOf(
  {
    action: fc.constantFrom(
      'opened',
      'closed',
      'reopened',
      'merged',
      'labeled',
      'edited',
      'deleted',
      'transferred',
      'created',
      'submitted',
      'dismissed',
    ),
    number: fc.constantFrom(4, 6),
    repository: someOf(
      { full_name: mostly('o/R', 'O/r', ''), pushed_at: timeArbitrary, owner: userArbitrary },
      ['full_name'],
    ),
    sender: userArbitrary,
    issue: itemArbitrary,
    pull_request: itemArbitrary,
    review: someOf(
      {
        id: fc.constantFrom(21, 22),
        user: userArbitrary,
        state: fc.constantFrom('APPROVED', 'commented', ''),
        submitted_at: timeArbitrary,
        html_url: urlArbitrary,
        body: fc.string(),
      },
      ['id'],
    ),
    comment: commentArbitrary,
    changes: someOf({
      new_issue: itemArbitrary,
      new_repository: someOf({ full_name: fc.constantFrom('p/Q', '') }),
    }),
    ref: fc.constantFrom('refs/heads/main', ''),
    before: shaArbitrary,
    after: shaArbitrary,
    head: shaArbitrary,
    compare: urlArbitrary,
    deleted: fc.boolean(),
    size: fc.constantFrom(0, 2),
    distinct_size: fc.constantFrom(1, 2),
    pusher: someOf({ name: fc.constantFrom('ann', ''), email: gitAuthorArbitrary.map((a) => a.email) }),
    commits: fc.array(
      someOf({
        id: shaArbitrary,
        sha: shaArbitrary,
        distinct: fc.boolean(),
        timestamp: timeArbitrary,
        author: gitAuthorArbitrary,
        message: fc.string(),
      }),
      { maxLength: 3 },
    ),
    head_commit: someOf({ timestamp: timeArbitrary, id: shaArbitrary }),
    installation: someOf({ id: fc.nat() }),
  },
  ['action', 'repository', 'sender', 'issue', 'pull_request', 'review', 'comment', 'ref', 'after'],
);
const envelopeArbitrary = fc.record(
  {
    id: fc.string(),
    type: fc.constantFrom(...GH_ARCHIVE_TYPES, 'WatchEvent', 7),
    actor: usually(userArbitrary),
    repo: usually(someOf({ name: mostly('o/R', ''), url: fc.string() }, ['name'])),
    payload: fc.oneof({ weight: 4, arbitrary: payloadArbitrary }, { weight: 1, arbitrary: valueArbitrary }),
    created_at: mostly<string | number>(
      '2015-02-01T00:00:00Z',
      '2015-02-01T00:00:00.00001Z',
      'soon',
      1_422_748_800,
    ),
    org: usually(userArbitrary),
  },
  { requiredKeys: ['type', 'actor', 'repo', 'payload', 'created_at'] },
);

describe('compactWebhookPayload', () => {
  test('maps every example payload of @octokit/webhooks-examples exactly as the full payload does', () => {
    expect(allExamples.length).toBeGreaterThan(700);
    expect(mappedExamples.length).toBeGreaterThan(150);
    for (const { source, event, payload } of allExamples) {
      expectWebhookCompactionLossless(event, payload, () => `${source} ${event}.${String(payload.action)}`);
    }
  });

  test('maps every example the same after any value down to four keys deep is mutated', () => {
    let mutations = 0;
    for (const { event, payload } of mappedExamples.filter((e) => e.source === 'api.github.com')) {
      for (const { where, value } of mutationsOf(payload, 4, 1)) {
        expectWebhookCompactionLossless(event, value, () => `${event}.${String(payload.action)} ${where()}`);
        mutations++;
      }
    }
    expect(mutations).toBeGreaterThan(50_000);
  });

  test('drops every field the mapper does not read, including ones GitHub may add later', () => {
    const payload = mappedExamples.find((e) => e.event === 'issue_comment')?.payload as Json;
    const future = {
      ...payload,
      future_bulk: { a: 1 },
      issue: {
        ...(payload.issue as Json),
        future_bulk: 'x'.repeat(1000),
        user: { id: 1, login: 'a', future: 1 },
      },
    };
    const compacted = compactWebhookPayload('issue_comment', future) as Json;
    expect(compacted).not.toHaveProperty('future_bulk');
    expect(compacted.issue).not.toHaveProperty('future_bulk');
    expect((compacted.issue as Json).user).toStrictEqual({ id: 1, login: 'a' });
    expect(compacted).not.toHaveProperty('installation');
    expect(compacted.comment).not.toHaveProperty('body');
    expect(compacted.repository).toStrictEqual({ full_name: (payload.repository as Json).full_name });
  });

  test('keeps only the action, repository name and sender of an event it does not map', () => {
    const star = allExamples.find((e) => e.event === 'star')?.payload as Json;
    const sender = star.sender as Json;
    expect(compactWebhookPayload('star', star)).toStrictEqual({
      action: star.action,
      repository: { full_name: (star.repository as Json).full_name },
      sender: { id: sender.id, login: sender.login, type: sender.type },
    });
  });

  test('keeps a value of an unexpected type at a kept path as it is', () => {
    const odd = { action: 'opened', issue: ['not', 'an', 'object'], repository: 'o/r', sender: 7 };
    expect(compactWebhookPayload('issues', odd)).toStrictEqual(odd);
    expect(compactWebhookPayload('issues', 'not an object')).toBe('not an object');
    expect(compactWebhookPayload('push', { commits: { 0: { id: 'a' } } })).toStrictEqual({
      commits: { 0: { id: 'a' } },
    });
  });

  test('keeps a key the mapper reads by presence even when its value is undefined', () => {
    const compacted = compactWebhookPayload('pull_request', {
      pull_request: { number: 1, merged_by: undefined, extra: undefined },
    }) as Json;
    expect(compacted.pull_request).toHaveProperty('merged_by');
    expect(compacted.pull_request).not.toHaveProperty('extra');
  });

  test('keeps the fields the mapper falls back on when the usual ones are missing', () => {
    // A push without sender is credited by `pusher.name`; an issue that is a merged PR by its
    // `pull_request.merged_by`; a push without `repository.pushed_at` is timed by its head commit.
    const push = mappedExamples.find((e) => e.event === 'push' && e.payload.deleted === false)
      ?.payload as Json;
    const { sender: _sender, ...withoutSender } = push;
    const repository = push.repository as Json;
    const pushes = [
      { ...withoutSender, pusher: { name: 'ann', email: 'ann@example.org' } },
      {
        ...push,
        repository: { ...repository, pushed_at: undefined },
        head_commit: { timestamp: '2020-01-02T03:04:05Z' },
      },
    ];
    const comment = mappedExamples.find((e) => e.event === 'issue_comment')?.payload as Json;
    const mergedPr = {
      ...comment,
      issue: {
        ...(comment.issue as Json),
        pull_request: {
          merged_at: '2020-01-02T03:04:05Z',
          merged_by: { id: 9, login: 'merger', type: 'Bot' },
        },
      },
    };
    for (const payload of pushes) {
      expect(mapWebhook('push', payload).kind).toBe('mapped');
      expectWebhookCompactionLossless('push', payload, () => 'push');
    }
    expect(mapWebhook('issue_comment', mergedPr).kind).toBe('mapped');
    expectWebhookCompactionLossless('issue_comment', mergedPr, () => 'issue_comment');
  });

  test('maps random payloads made of the words the mapper reads exactly as before compacting', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MAPPED_EVENTS, 'star'), wordsPayloadArbitrary, (event, payload) => {
        expectWebhookCompactionLossless(event, payload, () => event);
      }),
      { numRuns: 1000 },
    );
  });

  test('maps random payloads of the shapes the mapper reads exactly as before compacting', () => {
    let mappedCount = 0;
    fc.assert(
      fc.property(fc.constantFrom(...MAPPED_EVENTS), payloadArbitrary, (event, payload) => {
        expectWebhookCompactionLossless(event, payload, () => event);
        if (mapWebhook(event, payload).kind === 'mapped') mappedCount++;
      }),
      { numRuns: 2000 },
    );
    // The generator reaches past the mapper's first checks often enough to test the deep paths.
    expect(mappedCount).toBeGreaterThan(250);
  });
});

describe('compactGhArchiveEvent', () => {
  test('maps every line of the GH Archive fixtures exactly as the full event does', () => {
    expect(fixtureEvents.length).toBeGreaterThan(25);
    for (const { file, events } of ghArchiveFixtures) {
      for (const event of events)
        expectGhArchiveCompactionLossless(event, () => `${file} ${String(event.id)}`);
    }
  });

  test('maps every fixture event the same after any value down to five keys deep is mutated', () => {
    let mutations = 0;
    for (const event of fixtureEvents) {
      for (const { where, value } of mutationsOf(event, 5, 3)) {
        expectGhArchiveCompactionLossless(value as Json, () => `${String(event.id)} ${where()}`);
        mutations++;
      }
    }
    expect(mutations).toBeGreaterThan(20_000);
  });

  test.each(['as-published', 'full'] as const)(
    'maps every event of the demo community (%s shapes) exactly as before, in a fifth of the bytes at most',
    (payloadShapes) => {
      const events = deepFreeze(demoEvents(payloadShapes));
      const compacted = events.map((event) => compactGhArchiveEvent(event));
      for (let index = 0; index < events.length; index++) {
        const event = events[index] as Json;
        const compact = compacted[index] as Json;
        expectSameResult(
          mapGhArchiveEvent(compact),
          mapGhArchiveEvent(event),
          () => `demo ${String(event.id)}`,
        );
        expect(compactGhArchiveEvent(compact)).toStrictEqual(compact);
      }
      // Measured: 14% of the bytes as published (trimmed payloads from October 2025), 6% in full shape.
      expect(jsonBytes(compacted) / jsonBytes(events)).toBeLessThan(payloadShapes === 'full' ? 0.1 : 0.2);
    },
  );

  test('keeps only the id, type, time, repo name and actor identity of an event it does not map', () => {
    const watch = fixtureEvents.find((e) => e.type === 'WatchEvent') as Json;
    const actor = watch.actor as Json;
    expect(compactGhArchiveEvent(watch)).toStrictEqual({
      id: watch.id,
      type: 'WatchEvent',
      actor: { id: actor.id, login: actor.login },
      repo: { name: (watch.repo as Json).name },
      created_at: watch.created_at,
      payload: { action: (watch.payload as Json).action },
    });
  });

  test('maps random events of the shapes the mapper reads exactly as before compacting', () => {
    let mappedCount = 0;
    fc.assert(
      fc.property(envelopeArbitrary, (event) => {
        expectGhArchiveCompactionLossless(event, () => String(event.type));
        if (mapGhArchiveEvent(event).kind === 'mapped') mappedCount++;
      }),
      { numRuns: 2000 },
    );
    expect(mappedCount).toBeGreaterThan(250);
  });
});
