import type { MapResult } from '../../core/source-record.ts';
import { mapGitHubEvent } from '../github/map-github-event.ts';
import { toUtcSecond } from '../github/to-utc-second.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * What sync keeps of one REST API entry (the `payload` of a `github_api` source record): the
 * entry as the API returned it (see `toStoredApiObject` for what is dropped), the repository it
 * was read from, and what the request itself told (which pull request a review belongs to, what a
 * look at a vanished issue found).
 */
export type GitHubApiPayload =
  /** An issue or pull request from `GET /repos/{owner}/{repo}/issues`. */
  | { readonly resource: 'issue'; readonly repo: string; readonly issue: Json }
  /** From `GET /repos/{owner}/{repo}/issues/comments`. */
  | { readonly resource: 'issue_comment'; readonly repo: string; readonly comment: Json }
  /** From `GET /repos/{owner}/{repo}/pulls/comments`. */
  | { readonly resource: 'review_comment'; readonly repo: string; readonly comment: Json }
  /** From `GET /repos/{owner}/{repo}/pulls/{pullNumber}/reviews`. */
  | { readonly resource: 'review'; readonly repo: string; readonly pullNumber: number; readonly review: Json }
  /** From `GET /repos/{owner}/{repo}/issues/events`. */
  | { readonly resource: 'issue_event'; readonly repo: string; readonly event: Json }
  /**
   * `GET /repos/{owner}/{repo}/issues/{number}` answered with the issue in another repository
   * (a 301 followed), or 404 for an issue sync saw before in a repository it can read: moved to a
   * repository it cannot. `to` and `newIssue` are set in the first case.
   */
  | {
      readonly resource: 'issue_transferred';
      readonly repo: string;
      readonly number: number;
      readonly to: string | null;
      readonly newIssue: Json | null;
      readonly detectedAt: string;
    }
  /** `GET /repos/{owner}/{repo}/issues/{number}` answered 410 Gone. */
  | {
      readonly resource: 'issue_deleted';
      readonly repo: string;
      readonly number: number;
      readonly detectedAt: string;
    };

/**
 * Maps a kept `github_api` payload to observations through the same mapping as webhooks and GH
 * Archive ({@link mapGitHubEvent}), so an act seen by two sources has one key and is stored once:
 * an issue or pull request becomes an `issues` event without action (its state as listed, its
 * opening, its merge), a comment or review the `created`/`submitted` event that wrote it, an issue
 * event `closed` or `reopened` the `issues` event of that action by its actor at its time, a found
 * transfer or deletion the `transferred` or `deleted` action. Pending reviews and other issue
 * events are `ignored` with the reason; never throws.
 */
export function mapGithubApiRecord(payload: unknown): MapResult {
  const record = asObject(payload);
  if (record === undefined) return ignored('github_api record is not an object');
  const repo = asString(record.repo);
  if (repo === undefined) return ignored('repo missing');
  const repository = { full_name: repo };

  switch (record.resource) {
    case 'issue': {
      const issue = asObject(record.issue);
      if (issue === undefined) return ignored('issue missing');
      return mapGitHubEvent({ event: 'issues', payload: { issue, repository } });
    }
    case 'issue_comment': {
      const comment = asObject(record.comment);
      if (comment === undefined) return ignored('comment missing');
      const number = numberAtEndOf(comment.issue_url);
      if (number === undefined) return ignored('comment.issue_url missing');
      const issue: Record<string, unknown> = { number };
      const page = pageOf(comment.html_url);
      // The comment's own link tells an issue (`/issues/12#...`) from a pull request (`/pull/12#...`).
      if (page !== undefined) issue.html_url = page;
      return mapGitHubEvent({
        event: 'issue_comment',
        payload: { action: 'created', comment, issue, repository },
      });
    }
    case 'review_comment': {
      const comment = asObject(record.comment);
      if (comment === undefined) return ignored('comment missing');
      return mapGitHubEvent({
        event: 'pull_request_review_comment',
        payload: { action: 'created', comment, repository },
      });
    }
    case 'review': {
      const review = asObject(record.review);
      if (review === undefined) return ignored('review missing');
      if (review.state === 'PENDING' || review.submitted_at === null) return ignored('review is pending');
      const number = asInteger(record.pullNumber);
      if (number === undefined) return ignored('pullNumber missing');
      const pullRequest: Record<string, unknown> = { number };
      const page = pageOf(review.html_url);
      if (page !== undefined) pullRequest.html_url = page;
      return mapGitHubEvent({
        event: 'pull_request_review',
        payload: { action: 'submitted', review, pull_request: pullRequest, repository },
      });
    }
    case 'issue_event':
      return mapIssueEvent(asObject(record.event), repository);
    case 'issue_transferred': {
      const number = asInteger(record.number);
      if (number === undefined) return ignored('number missing');
      const newIssue = asObject(record.newIssue);
      const to = asString(record.to);
      const changes =
        newIssue !== undefined && to !== undefined
          ? { new_issue: newIssue, new_repository: { full_name: to } }
          : undefined;
      const at = toUtcSecond(newIssue?.updated_at) ?? toUtcSecond(record.detectedAt);
      if (at === null) return ignored('detectedAt missing');
      return mapGitHubEvent({
        event: 'issues',
        payload: { action: 'transferred', issue: { number }, changes, repository },
        occurredAt: at,
      });
    }
    case 'issue_deleted': {
      const number = asInteger(record.number);
      if (number === undefined) return ignored('number missing');
      const at = toUtcSecond(record.detectedAt);
      if (at === null) return ignored('detectedAt missing');
      return mapGitHubEvent({
        event: 'issues',
        payload: { action: 'deleted', issue: { number }, repository },
        occurredAt: at,
      });
    }
    default:
      return ignored(`unknown github_api resource ${String(record.resource)}`);
  }
}

/** Issue events sync maps: the state changes webhooks credit to whoever made them. */
const STATE_CHANGE_EVENTS: ReadonlySet<string> = new Set(['closed', 'reopened']);

function mapIssueEvent(event: Json | undefined, repository: Json): MapResult {
  if (event === undefined) return ignored('event missing');
  const kind = asString(event.event);
  if (kind === undefined) return ignored('event.event missing');
  if (!STATE_CHANGE_EVENTS.has(kind)) return ignored(`unused issue event ${kind}`);
  const at = toUtcSecond(event.created_at);
  if (at === null) return ignored('event.created_at missing');
  const embedded = asObject(event.issue);
  if (embedded === undefined) return ignored('event.issue missing');
  // The embedded issue is as it is now, not as it was at the event: keep what does not change
  // (number, author, creation, kind and link) and let the action and time tell the state.
  const issue: Record<string, unknown> = {};
  for (const field of ['number', 'user', 'created_at', 'html_url']) {
    if (field in embedded) issue[field] = embedded[field];
  }
  const pull = asObject(embedded.pull_request);
  if (pull !== undefined) issue.pull_request = { html_url: pull.html_url ?? null };
  if (kind === 'closed' && 'state_reason' in event) issue.state_reason = event.state_reason;
  return mapGitHubEvent({
    event: 'issues',
    payload: { action: kind, issue, sender: event.actor, repository },
    occurredAt: at,
  });
}

/** The page a link to a comment or review is on: the link without its `#fragment`. */
function pageOf(url: unknown): string | undefined {
  const text = asString(url);
  if (text === undefined) return undefined;
  const hash = text.indexOf('#');
  return hash < 0 ? text : text.slice(0, hash);
}

/** The number ending an API URL such as `.../issues/12`. */
function numberAtEndOf(url: unknown): number | undefined {
  const text = asString(url);
  if (text === undefined) return undefined;
  return asInteger(Number(text.slice(text.lastIndexOf('/') + 1)));
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function ignored(reason: string): MapResult {
  return { kind: 'ignored', reason };
}
