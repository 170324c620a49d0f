import type { IngestItem } from '../../app/ingest.ts';
import { toUtcSecond } from '../github/to-utc-second.ts';
import { type GitHubApiPayload, mapGithubApiRecord } from './map-github-api-record.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * The ingestion item of one API entry: a `github_api` source record keyed by what identifies the
 * entry in the state it was read (`{repo}:issue:{number}@{updated_at}`,
 * `{repo}:issue_comment:{id}@{updated_at}`, `{repo}:review:{id}:{state}`,
 * `{repo}:issue_event:{id}`, `{repo}:issue:{number}:transferred`), so reading an unchanged entry
 * again stores nothing and a changed one (relabelled, closed as not planned) is a new record.
 * An entry without the fields its key needs is a `problem` at `location`; one the mapping does not
 * use is `ignored` with the mapping's reason.
 */
export function toGitHubApiIngestItem(payload: GitHubApiPayload, location: string): IngestItem {
  const identity = identify(payload);
  if ('missing' in identity) {
    return { kind: 'problem', location, message: `${identity.missing} missing` };
  }
  const mapped = mapGithubApiRecord(payload);
  if (mapped.kind === 'ignored') return { kind: 'ignored', location, reason: mapped.reason };
  return {
    kind: 'record',
    record: {
      source: 'github_api',
      key: identity.key,
      occurredAt: identity.occurredAt,
      payload,
      observations: mapped.observations,
    },
  };
}

type Identity = { readonly key: string; readonly occurredAt: string } | { readonly missing: string };

function identify(payload: GitHubApiPayload): Identity {
  const repo = payload.repo;
  switch (payload.resource) {
    case 'issue': {
      const number = positiveInteger(payload.issue.number);
      if (number === null) return { missing: 'issue.number' };
      const updatedAt = toUtcSecond(payload.issue.updated_at);
      if (updatedAt === null) return { missing: 'issue.updated_at' };
      return { key: `${repo}:issue:${number}@${updatedAt}`, occurredAt: updatedAt };
    }
    case 'issue_comment':
    case 'review_comment': {
      const id = positiveInteger(payload.comment.id);
      if (id === null) return { missing: 'comment.id' };
      const updatedAt = toUtcSecond(payload.comment.updated_at) ?? toUtcSecond(payload.comment.created_at);
      if (updatedAt === null) return { missing: 'comment.updated_at' };
      return { key: `${repo}:${payload.resource}:${id}@${updatedAt}`, occurredAt: updatedAt };
    }
    case 'review': {
      const id = positiveInteger(payload.review.id);
      if (id === null) return { missing: 'review.id' };
      const state = typeof payload.review.state === 'string' ? payload.review.state.toLowerCase() : 'unknown';
      const submittedAt = toUtcSecond(payload.review.submitted_at);
      if (submittedAt === null && state !== 'pending') return { missing: 'review.submitted_at' };
      return { key: `${repo}:review:${id}:${state}`, occurredAt: submittedAt ?? '' };
    }
    case 'issue_event': {
      const id = positiveInteger(payload.event.id);
      if (id === null) return { missing: 'event.id' };
      const createdAt = toUtcSecond(payload.event.created_at);
      if (createdAt === null) return { missing: 'event.created_at' };
      return { key: `${repo}:issue_event:${id}`, occurredAt: createdAt };
    }
    case 'issue_transferred':
    case 'issue_deleted': {
      const state = payload.resource === 'issue_transferred' ? 'transferred' : 'deleted';
      const at =
        payload.resource === 'issue_transferred'
          ? (toUtcSecond(payload.newIssue?.updated_at) ?? toUtcSecond(payload.detectedAt))
          : toUtcSecond(payload.detectedAt);
      if (at === null) return { missing: 'detectedAt' };
      return { key: `${repo}:issue:${payload.number}:${state}`, occurredAt: at };
    }
  }
}

/** Fields whose name ends so but which rungs reads; every other `*_url` is an API link template. */
const KEPT_URL_FIELDS: ReadonlySet<string> = new Set([
  'html_url',
  'issue_url',
  'pull_request_url',
  'repository_url',
]);

/** Free text and counters rungs never reads, and the bulk of an entry's bytes. */
const DROPPED_FIELDS: ReadonlySet<string> = new Set([
  'body',
  'body_html',
  'body_text',
  'reactions',
  '_links',
  'diff_hunk',
  'gravatar_id',
]);

/**
 * An API entry as sync keeps it: as returned, minus the API's hypermedia links (`*_url` fields
 * other than `html_url`, `issue_url`, `pull_request_url`, `repository_url`, and `_links`), free
 * text bodies, diff hunks and reaction counters, at every depth. Everything the mapping reads, and
 * every identity, state and time field, stays.
 */
export function toStoredApiObject(value: Json): Json {
  return stripObject(value);
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value === 'object' && value !== null) return stripObject(value as Json);
  return value;
}

function stripObject(value: Json): Json {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (DROPPED_FIELDS.has(key)) continue;
    if (key.endsWith('_url') && !KEPT_URL_FIELDS.has(key)) continue;
    kept[key] = strip(value[key]);
  }
  return kept;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}
