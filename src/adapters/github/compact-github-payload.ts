/**
 * How much of a JSON value to store: all of it (`keep`), or the listed parts of an object or of each
 * element of an array. A value of another type than the shape expects is kept as it is, so the
 * mapper still sees malformed input and ignores it for the same reason.
 */
type Shape = 'keep' | ObjectShape | ArrayShape;

/** The keys kept of an object, each projected by its own shape; every other key is dropped. */
interface ObjectShape {
  readonly kind: 'object';
  readonly keys: readonly string[];
  readonly shapes: readonly Shape[];
}

/** The shape every element of an array is projected by. */
interface ArrayShape {
  readonly kind: 'array';
  readonly element: Shape;
}

function objectOf(fields: Readonly<Record<string, Shape>>): ObjectShape {
  return { kind: 'object', keys: Object.keys(fields), shapes: Object.values(fields) };
}

function arrayOf(element: Shape): ArrayShape {
  return { kind: 'array', element };
}

// What the mapper (map-github-event.ts, map-gharchive-event.ts, to-actor-ref.ts,
// github-event-time.ts) reads, object kind by object kind. A key read only by presence
// (`'merged_by' in pr`, `'title' in issue`) is listed like any other: its presence is kept.

/** An account (`sender`, `user`, `merged_by`, a GH Archive `actor`), as `toActorRef` reads it. */
const USER = objectOf({ id: 'keep', login: 'keep', type: 'keep' });

const LABEL = objectOf({ name: 'keep' });

/** Where an issue that is a PR keeps its merge (`issue.pull_request`); also read on a PR object. */
const MERGE = objectOf({ merged_at: 'keep', merged_by: USER });

/**
 * An issue or a pull request: the mapper reads both through one function (`observeItem`) plus the
 * event-time and issue-or-PR checks, so one shape serves both.
 */
const ITEM = objectOf({
  number: 'keep',
  html_url: 'keep',
  title: 'keep',
  user: USER,
  labels: arrayOf(LABEL),
  state: 'keep',
  state_reason: 'keep',
  created_at: 'keep',
  updated_at: 'keep',
  closed_at: 'keep',
  merged: 'keep',
  merged_at: 'keep',
  merged_by: USER,
  pull_request: MERGE,
});

const REPOSITORY = objectOf({ full_name: 'keep' });

/** A push's repository also gives the push time, which webhook deliveries carry nowhere else. */
const PUSHED_REPOSITORY = objectOf({ full_name: 'keep', pushed_at: 'keep' });

const REVIEW = objectOf({
  id: 'keep',
  user: USER,
  state: 'keep',
  submitted_at: 'keep',
  html_url: 'keep',
});

/** An issue, review or commit comment. */
const COMMENT = objectOf({
  id: 'keep',
  user: USER,
  created_at: 'keep',
  updated_at: 'keep',
  html_url: 'keep',
  pull_request_url: 'keep',
  pull_request_review_id: 'keep',
  commit_id: 'keep',
});

/** A git identity as a push lists it, as `toGitAuthorRef` reads it. */
const GIT_AUTHOR = objectOf({ name: 'keep', email: 'keep', username: 'keep' });

/** A commit of a push: webhooks name its sha `id`, GH Archive `sha`. */
const COMMIT = objectOf({
  id: 'keep',
  sha: 'keep',
  distinct: 'keep',
  timestamp: 'keep',
  author: GIT_AUTHOR,
});

/** What the mapper reads of every event's payload. */
const COMMON_FIELDS: Readonly<Record<string, Shape>> = {
  action: 'keep',
  repository: REPOSITORY,
  sender: USER,
};

/** Payload of an event the mapper does not map: only what every event shares. */
const COMMON_PAYLOAD = objectOf(COMMON_FIELDS);

/** Payload shapes by webhook event name, for the events the mapper maps. */
const PAYLOAD_BY_EVENT: ReadonlyMap<string, ObjectShape> = new Map([
  [
    'issues',
    objectOf({
      ...COMMON_FIELDS,
      issue: ITEM,
      changes: objectOf({ new_issue: ITEM, new_repository: REPOSITORY }),
    }),
  ],
  ['pull_request', objectOf({ ...COMMON_FIELDS, number: 'keep', pull_request: ITEM })],
  ['pull_request_review', objectOf({ ...COMMON_FIELDS, review: REVIEW, pull_request: ITEM })],
  ['pull_request_review_comment', objectOf({ ...COMMON_FIELDS, comment: COMMENT, pull_request: ITEM })],
  ['issue_comment', objectOf({ ...COMMON_FIELDS, issue: ITEM, comment: COMMENT })],
  ['commit_comment', objectOf({ ...COMMON_FIELDS, comment: COMMENT })],
  [
    'push',
    objectOf({
      ...COMMON_FIELDS,
      repository: PUSHED_REPOSITORY,
      ref: 'keep',
      before: 'keep',
      // Webhooks name the new head `after`, GH Archive `head`.
      after: 'keep',
      head: 'keep',
      compare: 'keep',
      deleted: 'keep',
      size: 'keep',
      distinct_size: 'keep',
      pusher: objectOf({ name: 'keep', email: 'keep' }),
      commits: arrayOf(COMMIT),
      head_commit: objectOf({ timestamp: 'keep' }),
    }),
  ],
]);

/** GH Archive event types and the webhook event each mirrors (as map-gharchive-event.ts maps them). */
const WEBHOOK_EVENT_BY_GH_ARCHIVE_TYPE: ReadonlyMap<string, string> = new Map([
  ['PullRequestEvent', 'pull_request'],
  ['PullRequestReviewEvent', 'pull_request_review'],
  ['PullRequestReviewCommentEvent', 'pull_request_review_comment'],
  ['IssuesEvent', 'issues'],
  ['IssueCommentEvent', 'issue_comment'],
  ['PushEvent', 'push'],
  ['CommitCommentEvent', 'commit_comment'],
]);

/** The GH Archive envelope without its payload; `id` is kept as the record's natural key. */
const ENVELOPE_FIELDS: Readonly<Record<string, Shape>> = {
  id: 'keep',
  type: 'keep',
  actor: USER,
  repo: objectOf({ name: 'keep' }),
  created_at: 'keep',
};

const ENVELOPE_BY_TYPE: ReadonlyMap<string, ObjectShape> = new Map(
  [...WEBHOOK_EVENT_BY_GH_ARCHIVE_TYPE].map(([type, event]) => [
    type,
    objectOf({ ...ENVELOPE_FIELDS, payload: PAYLOAD_BY_EVENT.get(event) ?? COMMON_PAYLOAD }),
  ]),
);

const UNMAPPED_ENVELOPE = objectOf({ ...ENVELOPE_FIELDS, payload: COMMON_PAYLOAD });

/**
 * A GH Archive event cut down to what `mapGhArchiveEvent` reads, to store as the raw record of a
 * rebuild: the envelope's `id`, `type`, `created_at`, `repo.name` and actor identity, and the
 * payload projected by an allow-list of kept keys per object kind, so a field GitHub adds later is
 * dropped by default. Values of an unexpected type at kept paths are kept as they are, so the
 * compacted event maps to exactly the same observations, or the same `ignored` reason, as the
 * original. Events of types rungs does not map keep the envelope and only `action`, `repository`
 * and `sender` of the payload. Idempotent; never mutates the input; the result shares kept leaf
 * values with it and never copies a dropped subtree.
 */
export function compactGhArchiveEvent(event: Record<string, unknown>): Record<string, unknown> {
  const type = event.type;
  const shape = (typeof type === 'string' ? ENVELOPE_BY_TYPE.get(type) : undefined) ?? UNMAPPED_ENVELOPE;
  return projectObject(event, shape);
}

/**
 * A webhook payload cut down to what `mapGitHubEvent` (and `toGitHubEventTime`) read for `event`,
 * by the same allow-list as {@link compactGhArchiveEvent}: the compacted payload maps to exactly
 * the same result. Payloads of events rungs does not map keep only `action`, `repository.full_name`
 * and `sender`; a payload that is not an object is returned as it is. Idempotent; never mutates the
 * input.
 */
export function compactWebhookPayload(event: string, payload: unknown): unknown {
  return project(payload, PAYLOAD_BY_EVENT.get(event) ?? COMMON_PAYLOAD);
}

function project(value: unknown, shape: Shape): unknown {
  if (shape === 'keep') return value;
  if (shape.kind === 'array') {
    if (!Array.isArray(value)) return value;
    const elements: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) elements[index] = project(value[index], shape.element);
    return elements;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return projectObject(value as Record<string, unknown>, shape);
}

function projectObject(value: Record<string, unknown>, shape: ObjectShape): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const { keys, shapes } = shape;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    // `in`, not a value test: the mapper reads some keys by presence (`'merged_by' in pr`).
    if (key in value) kept[key] = project(value[key], shapes[index] as Shape);
  }
  return kept;
}
