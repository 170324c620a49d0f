import { parseUtcTime } from '../../core/time/parse-utc-time.ts';
import { toUtcSecond } from './to-utc-second.ts';

/**
 * When a webhook event happened; or the JSON path that would have said so; or the path of a time
 * that is there but cannot be read (February 30), which is the payload's fault, not a gap to fill.
 */
export type GitHubEventTime =
  | { readonly kind: 'known'; readonly time: string }
  | { readonly kind: 'unknown'; readonly missing: string }
  | { readonly kind: 'invalid'; readonly path: string; readonly message: string };

/**
 * The time a webhook payload describes, read from the payload itself because webhook deliveries
 * carry no event time: the item's `created_at` when it was opened, `closed_at`/`merged_at` when it
 * was closed, a comment's `created_at` when it was written, a review's `submitted_at`, a push's
 * `repository.pushed_at`; otherwise the object's `updated_at`. Deterministic, so re-mapping a
 * stored delivery gives the same time. A time field that is present but unreadable is `invalid`
 * rather than passed over for the next one.
 */
export function toGitHubEventTime(
  event: string,
  payload: Readonly<Record<string, unknown>>,
): GitHubEventTime {
  const action = payload.action;
  switch (event) {
    case 'issues':
      return itemTime(payload.issue, 'payload.issue', action);
    case 'pull_request':
      return itemTime(payload.pull_request, 'payload.pull_request', action);
    case 'pull_request_review': {
      const review = field(payload.review);
      if (action === 'submitted' || action === 'created' || action === undefined) {
        return first(
          review?.submitted_at,
          'payload.review.submitted_at',
          field(payload.pull_request)?.updated_at,
        );
      }
      return first(
        field(payload.pull_request)?.updated_at,
        'payload.pull_request.updated_at',
        review?.submitted_at,
      );
    }
    case 'pull_request_review_comment':
    case 'issue_comment':
    case 'commit_comment': {
      const comment = field(payload.comment);
      if (action === 'created' || action === undefined) {
        return first(comment?.created_at, 'payload.comment.created_at', comment?.updated_at);
      }
      return first(comment?.updated_at, 'payload.comment.updated_at', comment?.created_at);
    }
    case 'push':
      return first(
        field(payload.repository)?.pushed_at,
        'payload.repository.pushed_at',
        field(payload.head_commit)?.timestamp,
      );
    default:
      return { kind: 'unknown', missing: 'event time' };
  }
}

function itemTime(raw: unknown, path: string, action: unknown): GitHubEventTime {
  const item = field(raw);
  if (action === 'opened') return first(item?.created_at, `${path}.created_at`, item?.updated_at);
  if (action === 'closed') {
    const bad =
      invalidTime(item?.merged_at, `${path}.merged_at`) ?? invalidTime(item?.closed_at, `${path}.closed_at`);
    if (bad !== null) return bad;
    const closedAt = toUtcSecond(item?.merged_at) ?? toUtcSecond(item?.closed_at);
    if (closedAt !== null) return { kind: 'known', time: closedAt };
  }
  return first(item?.updated_at, `${path}.updated_at`, item?.created_at);
}

function first(preferred: unknown, path: string, fallback: unknown): GitHubEventTime {
  const bad = invalidTime(preferred, path);
  if (bad !== null) return bad;
  const time = toUtcSecond(preferred) ?? toUtcSecond(fallback);
  return time === null ? { kind: 'unknown', missing: path } : { kind: 'known', time };
}

/** The problem of a time that is there (not null or absent) but cannot be read, else null. */
function invalidTime(value: unknown, path: string): GitHubEventTime | null {
  if (value === undefined || value === null || toUtcSecond(value) !== null) return null;
  const parsed = typeof value === 'string' ? parseUtcTime(value) : null;
  const message =
    parsed?.kind === 'invalid'
      ? parsed.message
      : `expected a time like 2024-05-01T12:00:00Z, got ${typeof value}`;
  return { kind: 'invalid', path, message };
}

function field(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
