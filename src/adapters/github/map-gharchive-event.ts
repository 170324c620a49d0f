import type { MapResult } from '../../core/source-record.ts';
import { mapGitHubEvent } from './map-github-event.ts';
import { toActorRef } from './to-actor-ref.ts';
import { toUtcSecond } from './to-utc-second.ts';

/** GH Archive event types rungs maps, with the webhook event each one mirrors. */
const WEBHOOK_EVENT_BY_TYPE: ReadonlyMap<string, string> = new Map([
  ['PullRequestEvent', 'pull_request'],
  ['PullRequestReviewEvent', 'pull_request_review'],
  ['PullRequestReviewCommentEvent', 'pull_request_review_comment'],
  ['IssuesEvent', 'issues'],
  ['IssueCommentEvent', 'issue_comment'],
  ['PushEvent', 'push'],
  ['CommitCommentEvent', 'commit_comment'],
]);

/**
 * Maps one GH Archive event (`{id, type, actor, repo, payload, created_at}`) to observations, in
 * both the full historical shape and the trimmed shape GitHub has sent since October 2025 (pushes
 * without commits, pull requests without author, title or merge state, issues and comments with
 * few fields): the envelope's actor, repo and time fill what the payload leaves out, and nothing
 * the payload does not prove is credited (see {@link mapGitHubEvent}). Other event types and
 * malformed events are `ignored` with a reason (`unused event type WatchEvent`,
 * `payload.issue.number missing`); never throws.
 */
export function mapGhArchiveEvent(event: unknown): MapResult {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { kind: 'ignored', reason: 'event is not an object' };
  }
  const fields = event as Readonly<Record<string, unknown>>;
  const type = fields.type;
  if (typeof type !== 'string') return { kind: 'ignored', reason: 'type missing' };
  const webhookEvent = WEBHOOK_EVENT_BY_TYPE.get(type);
  if (webhookEvent === undefined) return { kind: 'ignored', reason: `unused event type ${type}` };
  const occurredAt = toUtcSecond(fields.created_at);
  if (occurredAt === null) return { kind: 'ignored', reason: 'created_at missing' };
  const repo = fields.repo;
  const repoName =
    typeof repo === 'object' && repo !== null ? (repo as Record<string, unknown>).name : undefined;
  if (typeof repoName !== 'string' || repoName === '')
    return { kind: 'ignored', reason: 'repo.name missing' };
  return mapGitHubEvent({
    event: webhookEvent,
    payload: fields.payload,
    occurredAt,
    actor: toActorRef(fields.actor),
    repo: repoName,
  });
}
