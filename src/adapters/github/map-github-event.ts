import type { ActivityKind, ActorRef } from '../../core/activity.ts';
import type { ItemSnapshot, ItemState, ItemType, StateReason } from '../../core/item.ts';
import type { MapResult, Observation } from '../../core/source-record.ts';
import { toGitHubEventTime } from './github-event-time.ts';
import { toActorRef, toGitAuthorRef } from './to-actor-ref.ts';
import { toUtcSecond } from './to-utc-second.ts';

/** One GitHub event to map: a webhook delivery, or a GH Archive event with its envelope. */
export interface GitHubEventInput {
  /**
   * Webhook event name: `issues`, `pull_request`, `pull_request_review`,
   * `pull_request_review_comment`, `issue_comment`, `push` or `commit_comment`; others are ignored.
   */
  readonly event: string;
  readonly payload: unknown;
  /** Event time when the envelope knows it (GH Archive `created_at`); else read from the payload. */
  readonly occurredAt?: string;
  /** Who did it, when the envelope says (GH Archive `actor`); else the payload's `sender`. */
  readonly actor?: ActorRef;
  /** Repository full name from the envelope (GH Archive `repo.name`), used when the payload has none. */
  readonly repo?: string;
}

/**
 * Maps one GitHub event to observations: every person seen, the issue or PR as the event shows it,
 * and the activities it proves. Pure and total: odd input is `ignored` with a reason naming the
 * missing JSON path (`payload.issue.number missing`), never thrown.
 *
 * Credit rules:
 * - Opening an issue or PR is credited to its author at its creation time, and merging a PR to its
 *   author at its merge time (who merged it is kept on the item). Any event that carries an issue or
 *   PR with its author and creation time yields its opening activity, and a PR carrying `merged_at`
 *   yields `pr_merged`, so missing the opening event itself loses nothing; keys make repeats no-ops.
 * - Reviews and comments are credited to whoever wrote them, closing and reopening to the actor.
 * - A push is credited to the pusher, each distinct commit it lists to the commit's author.
 * - When the author of an item is not in the payload (GH Archive's trimmed shape since October
 *   2025), no author is invented: `opened` proves the actor is the author, but a merge proves only
 *   who merged, so a merged PR of unknown author yields `pr_closed` for the actor and the item's
 *   `mergedAt`/`mergedBy`, and its `pr_merged` waits for a source that knows the author.
 *
 * Edited and deleted comments update nothing and credit nothing: an observation cannot withdraw an
 * activity, so a deleted comment keeps the credit it earned when it was written.
 */
export function mapGitHubEvent(input: GitHubEventInput): MapResult {
  const handler = HANDLERS.get(input.event);
  if (handler === undefined) return ignored(`unused event ${input.event}`);
  const payload = asObject(input.payload);
  if (payload === undefined) return ignored('payload is not an object');
  const repoName = asString(asObject(payload.repository)?.full_name) ?? asString(input.repo);
  if (repoName === undefined) return ignored('payload.repository.full_name missing');

  let time: string | null;
  if (input.occurredAt !== undefined) {
    time = toUtcSecond(input.occurredAt);
    if (time === null) return ignored('occurredAt is not a time');
  } else {
    const eventTime = toGitHubEventTime(input.event, payload);
    if (eventTime.kind === 'unknown') return ignored(`${eventTime.missing} missing`);
    if (eventTime.kind === 'invalid') return ignored(`${eventTime.path}: ${eventTime.message}`);
    time = eventTime.time;
  }

  const collector: Collector = {
    repo: repoName.toLowerCase(),
    time,
    actor: input.actor ?? toActorRef(payload.sender),
    actors: [],
    actorKeys: [],
    items: [],
    activities: [],
  };
  const problem = handler(collector, payload, asString(payload.action));
  if (problem !== undefined) return ignored(problem);
  if (collector.actor !== undefined) addActor(collector, collector.actor);

  const observations: Observation[] = [];
  for (const actor of collector.actors) observations.push({ kind: 'actor', actor });
  for (const observation of collector.items) observations.push(observation);
  for (const observation of collector.activities) observations.push(observation);
  if (observations.length === 0) return ignored('nothing to record');
  return { kind: 'mapped', observations };
}

type Json = Readonly<Record<string, unknown>>;

/** Maps one event's payload into the collector; returns why it cannot, if it cannot. */
type Handler = (collector: Collector, payload: Json, action: string | undefined) => string | undefined;

/** What one mapping gathers. Arrays are mutated while mapping and handed out at the end. */
interface Collector {
  /** Lower-cased `owner/name` of the event's repository. */
  readonly repo: string;
  /** The event time, normalized. */
  readonly time: string;
  /** Who did the event (sender or envelope actor), when known. */
  readonly actor: ActorRef | undefined;
  readonly actors: ActorRef[];
  readonly actorKeys: string[];
  readonly items: Observation[];
  readonly activities: Observation[];
}

/** What later activities need to know about an item just observed. */
interface ItemFacts {
  readonly repo: string;
  readonly number: number;
  readonly type: ItemType | undefined;
  readonly url: string | null;
  readonly closedAt: string | null | undefined;
  readonly stateReason: StateReason | undefined;
}

/**
 * What the event tells about an item beyond the item object itself: facts implied by the action,
 * used only where the object is silent (the trimmed GH Archive shape leaves most fields out).
 */
interface ItemHints {
  readonly repo?: string;
  /** Where the number is when the object lacks it (`payload.number` of pull_request events). */
  readonly number?: unknown;
  /** Set regardless of the object (`deleted`, `transferred`). */
  readonly state?: ItemState;
  readonly stateIfUnknown?: ItemState;
  readonly authorIfUnknown?: ActorRef;
  readonly createdAtIfUnknown?: string;
  readonly closedAtIfUnknown?: string;
  /** The event proves the PR was merged, whatever the object says about `merged_at`. */
  readonly merged?: boolean;
  readonly mergedAtIfUnknown?: string;
  readonly mergedByIfUnknown?: ActorRef;
  readonly transferredTo?: string;
}

const NO_DETAILS: Readonly<Record<string, unknown>> = Object.freeze({});
const ZERO_SHA = '0000000000000000000000000000000000000000';

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['issues', mapIssues],
  ['pull_request', mapPullRequest],
  ['pull_request_review', mapPullRequestReview],
  ['pull_request_review_comment', mapPullRequestReviewComment],
  ['issue_comment', mapIssueComment],
  ['push', mapPush],
  ['commit_comment', mapCommitComment],
]);

function mapIssues(c: Collector, payload: Json, action: string | undefined): string | undefined {
  const issue = asObject(payload.issue);
  if (issue === undefined) return 'payload.issue missing';
  const type: ItemType = asObject(issue.pull_request) === undefined ? 'issue' : 'pr';

  let transferredTo: string | undefined;
  if (action === 'transferred') {
    const changes = asObject(payload.changes);
    const newIssue = asObject(changes?.new_issue);
    const newRepo = asString(asObject(changes?.new_repository)?.full_name)?.toLowerCase();
    if (newIssue !== undefined && newRepo !== undefined) {
      const moved = observeItem(c, newIssue, 'payload.changes.new_issue', 'issue', { repo: newRepo });
      if (typeof moved !== 'string') transferredTo = `${newRepo}#${moved.number}`;
    }
  }

  const opened = action === 'opened';
  const closed = action === 'closed';
  const facts = observeItem(c, issue, 'payload.issue', type, {
    state: action === 'deleted' ? 'deleted' : action === 'transferred' ? 'transferred' : undefined,
    stateIfUnknown: closed ? 'closed' : opened || action === 'reopened' ? 'open' : undefined,
    authorIfUnknown: opened ? c.actor : undefined,
    createdAtIfUnknown: opened ? c.time : undefined,
    closedAtIfUnknown: closed ? c.time : undefined,
    transferredTo,
  });
  if (typeof facts === 'string') return facts;

  if (closed) {
    const details = facts.stateReason === undefined ? NO_DETAILS : { stateReason: facts.stateReason };
    addStateChange(c, type === 'pr' ? 'pr_closed' : 'issue_closed', facts, facts.closedAt ?? c.time, details);
  } else if (action === 'reopened') {
    addStateChange(c, type === 'pr' ? 'pr_reopened' : 'issue_reopened', facts, c.time, NO_DETAILS);
  }
  return undefined;
}

function mapPullRequest(c: Collector, payload: Json, action: string | undefined): string | undefined {
  const pr = asObject(payload.pull_request);
  if (pr === undefined) return 'payload.pull_request missing';
  const opened = action === 'opened';
  // `merged` is not a webhook action; it is accepted in case an events feed reports merges so.
  const closing = action === 'closed' || action === 'merged';
  const merged = pr.merged === true || action === 'merged';
  const facts = observeItem(c, pr, 'payload.pull_request', 'pr', {
    number: payload.number,
    stateIfUnknown: closing ? 'closed' : opened || action === 'reopened' ? 'open' : undefined,
    authorIfUnknown: opened ? c.actor : undefined,
    createdAtIfUnknown: opened ? c.time : undefined,
    closedAtIfUnknown: closing ? c.time : undefined,
    merged,
    // The actor who closes a PR by merging it is its merger; the author stays unknown.
    mergedAtIfUnknown: closing && merged ? c.time : undefined,
    mergedByIfUnknown: closing && merged ? c.actor : undefined,
  });
  if (typeof facts === 'string') return facts;

  if (closing) addStateChange(c, 'pr_closed', facts, facts.closedAt ?? c.time, NO_DETAILS);
  else if (action === 'reopened') addStateChange(c, 'pr_reopened', facts, c.time, NO_DETAILS);
  return undefined;
}

function mapPullRequestReview(c: Collector, payload: Json, action: string | undefined): string | undefined {
  const review = asObject(payload.review);
  if (review === undefined) return 'payload.review missing';
  const reviewId = asInteger(review.id);
  if (reviewId === undefined) return 'payload.review.id missing';
  const pr = asObject(payload.pull_request);
  if (pr === undefined) return 'payload.pull_request missing';
  const facts = observeItem(c, pr, 'payload.pull_request', 'pr', {});
  if (typeof facts === 'string') return facts;

  // GH Archive names the webhook's `submitted` action `created`.
  const submitted = action === 'submitted' || action === 'created' || action === undefined;
  if (!submitted && action !== 'edited' && action !== 'dismissed') return undefined;
  // Only the submitting actor is the reviewer; whoever dismisses a review is not.
  const reviewer = toActorRef(review.user) ?? (submitted ? c.actor : undefined);
  if (reviewer === undefined) return undefined;
  const state = action === 'dismissed' ? 'dismissed' : asString(review.state)?.toLowerCase();
  addActivity(
    c,
    'pr_reviewed',
    `pr_reviewed:${reviewId}`,
    reviewer,
    toUtcSecond(review.submitted_at) ?? c.time,
    facts.repo,
    facts.number,
    asString(review.html_url) ?? facts.url,
    state === undefined ? NO_DETAILS : { reviewState: state },
  );
  return undefined;
}

function mapPullRequestReviewComment(
  c: Collector,
  payload: Json,
  action: string | undefined,
): string | undefined {
  const comment = asObject(payload.comment);
  if (comment === undefined) return 'payload.comment missing';
  const commentId = asInteger(comment.id);
  if (commentId === undefined) return 'payload.comment.id missing';
  const pr = asObject(payload.pull_request);
  let number: number | undefined;
  if (pr !== undefined) {
    const facts = observeItem(c, pr, 'payload.pull_request', 'pr', {});
    if (typeof facts === 'string') return facts;
    number = facts.number;
  } else {
    number = numberAtEndOf(comment.pull_request_url);
    if (number === undefined) return 'payload.pull_request missing';
  }

  if (action !== 'created' && action !== undefined) return undefined;
  const author = toActorRef(comment.user) ?? c.actor;
  if (author === undefined) return undefined;
  const reviewId = asInteger(comment.pull_request_review_id);
  addActivity(
    c,
    'review_comment',
    `review_comment:${commentId}`,
    author,
    toUtcSecond(comment.created_at) ?? c.time,
    c.repo,
    number,
    asString(comment.html_url) ?? null,
    reviewId === undefined ? NO_DETAILS : { reviewId },
  );
  return undefined;
}

function mapIssueComment(c: Collector, payload: Json, action: string | undefined): string | undefined {
  const issue = asObject(payload.issue);
  if (issue === undefined) return 'payload.issue missing';
  const comment = asObject(payload.comment);
  if (comment === undefined) return 'payload.comment missing';
  const commentId = asInteger(comment.id);
  if (commentId === undefined) return 'payload.comment.id missing';
  const facts = observeItem(c, issue, 'payload.issue', issueOrPullRequest(issue), {});
  if (typeof facts === 'string') return facts;

  if (action !== 'created' && action !== undefined) return undefined;
  const author = toActorRef(comment.user) ?? c.actor;
  if (author === undefined) return undefined;
  addActivity(
    c,
    'issue_comment',
    `issue_comment:${commentId}`,
    author,
    toUtcSecond(comment.created_at) ?? c.time,
    facts.repo,
    facts.number,
    asString(comment.html_url) ?? null,
    facts.type === undefined ? NO_DETAILS : { itemType: facts.type },
  );
  return undefined;
}

function mapCommitComment(c: Collector, payload: Json, action: string | undefined): string | undefined {
  const comment = asObject(payload.comment);
  if (comment === undefined) return 'payload.comment missing';
  const commentId = asInteger(comment.id);
  if (commentId === undefined) return 'payload.comment.id missing';
  if (action !== 'created' && action !== undefined) return undefined;
  const author = toActorRef(comment.user) ?? c.actor;
  if (author === undefined) return undefined;
  const commitId = asString(comment.commit_id);
  addActivity(
    c,
    'commit_comment',
    `commit_comment:${commentId}`,
    author,
    toUtcSecond(comment.created_at) ?? c.time,
    c.repo,
    null,
    asString(comment.html_url) ?? null,
    commitId === undefined ? NO_DETAILS : { commitId },
  );
  return undefined;
}

function mapPush(c: Collector, payload: Json): string | undefined {
  const ref = asString(payload.ref);
  if (ref === undefined) return 'payload.ref missing';
  // Webhooks name the new head `after`; GH Archive names it `head`.
  const head = asString(payload.after) ?? asString(payload.head);
  if (head === undefined) return 'payload.after missing';

  const pusherFields = asObject(payload.pusher);
  const pusherEmail = asString(pusherFields?.email);
  let pusher = c.actor;
  if (pusher === undefined) {
    // Webhooks' `pusher.name` is the account's login.
    pusher = toGitAuthorRef({ username: pusherFields?.name, email: pusherEmail });
  } else if (pusherEmail !== undefined && pusher.email === undefined) {
    pusher = { ...pusher, email: pusherEmail };
  }

  const commits = Array.isArray(payload.commits) ? payload.commits : undefined;
  // Deleting a branch or tag pushes no work (GH Archive records it as a DeleteEvent, not a push).
  const deleted = payload.deleted === true || head === ZERO_SHA;
  if (!deleted && pusher !== undefined) {
    const before = asString(payload.before);
    const url =
      asString(payload.compare) ??
      (before === undefined || before === ZERO_SHA
        ? `https://github.com/${c.repo}/commit/${head}`
        : `https://github.com/${c.repo}/compare/${before}...${head}`);
    const commitCount =
      asInteger(payload.distinct_size) ?? asInteger(payload.size) ?? countDistinctCommits(commits);
    addActivity(
      c,
      'push',
      `push:${c.repo}:${ref}@${head}`,
      pusher,
      c.time,
      c.repo,
      null,
      url,
      commitCount === undefined ? NO_DETAILS : { commitCount },
    );
  } else if (pusher !== undefined) {
    addActor(c, pusher);
  }

  if (commits === undefined) return undefined;
  for (const entry of commits) {
    const commit = asObject(entry);
    // A commit that is not distinct was pushed before, to another ref; it was credited then.
    if (commit === undefined || commit.distinct === false) continue;
    const sha = asString(commit.id) ?? asString(commit.sha);
    const author = toGitAuthorRef(commit.author);
    if (sha === undefined || author === undefined) continue;
    addActivity(
      c,
      'commit',
      `commit:${c.repo}@${sha}`,
      author,
      // The author date when the push lists it (webhooks), else the push time (GH Archive).
      toUtcSecond(commit.timestamp) ?? c.time,
      c.repo,
      null,
      `https://github.com/${c.repo}/commit/${sha}`,
      NO_DETAILS,
    );
  }
  return undefined;
}

/**
 * Records an item snapshot and the activities any sighting of an item proves (its opening, its
 * merge). Returns the reason when the object has no number.
 */
function observeItem(
  c: Collector,
  raw: Json,
  path: string,
  type: ItemType | undefined,
  hints: ItemHints,
): ItemFacts | string {
  const number = asInteger(raw.number) ?? asInteger(hints.number);
  if (number === undefined) return `${path}.number missing`;
  const repo = hints.repo ?? c.repo;
  const url = asString(raw.html_url) ?? null;
  const closedAt =
    toUtcSecond(raw.closed_at) ?? hints.closedAtIfUnknown ?? (raw.closed_at === null ? null : undefined);
  const stateReason = 'state_reason' in raw ? toStateReason(raw.state_reason) : undefined;
  const facts: ItemFacts = { repo, number, type, url, closedAt, stateReason };
  // Without a type (a trimmed comment event's issue) a snapshot could mislabel a PR as an issue.
  if (type === undefined) return facts;

  const author = toActorRef(raw.user) ?? hints.authorIfUnknown;
  const createdAt = toUtcSecond(raw.created_at) ?? hints.createdAtIfUnknown;

  let mergedAt: string | null | undefined;
  let mergedBy: ActorRef | null | undefined;
  if (type === 'pr') {
    // An issue object that is a PR keeps its merge time under `pull_request`.
    const merge = asObject(raw.pull_request) ?? raw;
    mergedAt = toUtcSecond(merge.merged_at) ?? undefined;
    if (mergedAt === undefined) {
      mergedAt = merge.merged_at === null && hints.merged !== true ? null : hints.mergedAtIfUnknown;
    }
    if ('merged_by' in merge) mergedBy = toActorRef(merge.merged_by) ?? null;
    else mergedBy = hints.mergedByIfUnknown;
    if (mergedBy) addActor(c, mergedBy);
  }

  const state =
    hints.state ?? (raw.state === 'open' || raw.state === 'closed' ? raw.state : hints.stateIfUnknown);
  const item: ItemSnapshot = {
    repo,
    number,
    type,
    observedAt: c.time,
    title: typeof raw.title === 'string' ? raw.title : undefined,
    author,
    labels: Array.isArray(raw.labels) ? toLabelNames(raw.labels) : undefined,
    state,
    stateReason,
    createdAt,
    closedAt,
    mergedAt,
    mergedBy,
    url: url ?? undefined,
    transferredTo: hints.transferredTo,
  };
  c.items.push({ kind: 'item', item });

  if (author !== undefined) {
    if (createdAt !== undefined) {
      const kind = type === 'pr' ? 'pr_opened' : 'issue_opened';
      addActivity(c, kind, `${kind}:${repo}#${number}`, author, createdAt, repo, number, url, NO_DETAILS);
    }
    if (typeof mergedAt === 'string') {
      addActivity(
        c,
        'pr_merged',
        `pr_merged:${repo}#${number}`,
        author,
        mergedAt,
        repo,
        number,
        url,
        NO_DETAILS,
      );
    }
  }
  return facts;
}

/** Closing or reopening, credited to the event's actor; the time makes each one distinct. */
function addStateChange(
  c: Collector,
  kind: ActivityKind,
  facts: ItemFacts,
  time: string,
  details: Readonly<Record<string, unknown>>,
): void {
  if (c.actor === undefined) return;
  const key = `${kind}:${facts.repo}#${facts.number}@${time}`;
  addActivity(c, kind, key, c.actor, time, facts.repo, facts.number, facts.url, details);
}

function addActivity(
  c: Collector,
  kind: ActivityKind,
  key: string,
  actor: ActorRef,
  occurredAt: string,
  repo: string,
  itemNumber: number | null,
  url: string | null,
  details: Readonly<Record<string, unknown>>,
): void {
  addActor(c, actor);
  c.activities.push({
    kind: 'activity',
    activity: { key, kind, actor, occurredAt, repo, itemNumber, url, details },
  });
}

/**
 * Adds a person's identity once per event (the same account often appears as sender, author and
 * merger). Refs that tell different things (a commit author's email beside the account) are kept
 * apart so no identity fact is lost; the store joins them.
 */
function addActor(c: Collector, actor: ActorRef): void {
  const key = `${actor.githubId}\n${actor.login}\n${actor.email}\n${actor.name}\n${actor.isBot}`;
  if (c.actorKeys.includes(key)) return;
  c.actorKeys.push(key);
  c.actors.push(actor);
}

/**
 * Whether an `issue` object of a comment event is an issue or a PR. Full payloads always carry
 * `pull_request` on PRs; an object too trimmed to show any of its usual fields decides nothing.
 */
function issueOrPullRequest(issue: Json): ItemType | undefined {
  if (asObject(issue.pull_request) !== undefined) return 'pr';
  const url = asString(issue.html_url);
  if (url !== undefined) return url.includes('/pull/') ? 'pr' : 'issue';
  return 'title' in issue || 'user' in issue ? 'issue' : undefined;
}

function toStateReason(value: unknown): StateReason | undefined {
  switch (value) {
    case null:
    case 'completed':
    case 'not_planned':
    case 'duplicate':
    case 'reopened':
      return value;
    default:
      return undefined;
  }
}

function toLabelNames(labels: readonly unknown[]): string[] {
  const names: string[] = [];
  for (const label of labels) {
    if (typeof label === 'string') names.push(label);
    else {
      const name = asObject(label)?.name;
      if (typeof name === 'string') names.push(name);
    }
  }
  return names;
}

function countDistinctCommits(commits: readonly unknown[] | undefined): number | undefined {
  if (commits === undefined) return undefined;
  let count = 0;
  for (const commit of commits) if (asObject(commit)?.distinct !== false) count += 1;
  return count;
}

/** The number ending an API URL such as `.../pulls/12`. */
function numberAtEndOf(url: unknown): number | undefined {
  if (typeof url !== 'string') return undefined;
  const tail = url.slice(url.lastIndexOf('/') + 1);
  return tail === '' ? undefined : asInteger(Number(tail));
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

function ignored(reason: string): MapResult {
  return { kind: 'ignored', reason };
}
