import type { IngestItem } from '../ingest.ts';

/** What to sync: every repository of an organization, or named repositories. */
export type SyncTarget =
  | { readonly kind: 'org'; readonly org: string }
  | { readonly kind: 'repos'; readonly repos: readonly string[] };

/** A repository as the source lists it. */
export interface SyncRepository {
  /** Lower-cased `owner/name`. */
  readonly name: string;
  readonly archived: boolean;
}

/**
 * The listings that sync pages through as the repository's `updated_at` order allows: issues and
 * pull requests (one listing, as GitHub's issues API returns both), issue comments, review comments.
 */
export type UpdatedResource = 'issues' | 'issue_comments' | 'review_comments';

/** Where a listing ordered by update time resumes: entries updated at or after `since`, one page. */
export interface UpdatedPageRequest {
  /** ISO time; null lists from the beginning. */
  readonly since: string | null;
  /** 1-based page among the entries updated at or after `since`. */
  readonly page: number;
  /** The entity tag of the same request's last answer: an unchanged answer costs no rate limit. */
  readonly etag: string | null;
}

/** One entry of a listing ordered by update time, mapped for ingestion. */
export interface UpdatedEntry {
  /** The entry's `updated_at`, normalized; null when the entry had none (then it is a problem). */
  readonly updatedAt: string | null;
  readonly ingest: IngestItem;
  /** Set on entries of the issues listing. */
  readonly issue?: {
    readonly number: number;
    readonly pullRequest: boolean;
    readonly open: boolean;
  };
}

/** One entry of a repository's issue events, newest first. */
export interface IssueEventEntry {
  readonly id: number;
  /** The event's `created_at`, normalized; null when missing. */
  readonly createdAt: string | null;
  readonly ingest: IngestItem;
}

/** One page of a listing, or word that it did not change since the entity tag was given. */
export type PageResult<Entry> =
  | { readonly kind: 'not_modified' }
  | {
      readonly kind: 'page';
      readonly entries: readonly Entry[];
      readonly etag: string | null;
      readonly hasNext: boolean;
    };

/** The repositories of a target, or word that the org's listing did not change. */
export type RepositoryListing =
  | { readonly kind: 'not_modified' }
  | {
      readonly kind: 'listed';
      readonly repositories: readonly SyncRepository[];
      readonly etag: string | null;
    };

/** What a look at one issue found: unchanged, still here, moved to another repository, or gone. */
export type IssueProbe =
  | { readonly kind: 'not_modified' }
  | {
      readonly kind: 'present';
      readonly open: boolean;
      readonly etag: string | null;
      readonly ingest: IngestItem;
    }
  | { readonly kind: 'moved'; readonly ingest: IngestItem }
  | { readonly kind: 'gone'; readonly ingest: IngestItem };

/** The API's rate-limit budget as its last answer announced it. */
export interface RateBudget {
  readonly limit: number;
  readonly remaining: number;
  /** ISO time the budget refills. */
  readonly resetAt: string;
}

/** What the source has done so far, for progress displays and measurements. */
export interface SourceStats {
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  readonly budget: RateBudget | null;
  /** ISO time the source waits until before its next request (a rate limit), or null. */
  readonly waitingUntil: string | null;
}

/**
 * Reads a GitHub-compatible REST API for sync. Every read is bounded: transient failures are
 * retried a bounded number of times and then rejected with a {@link SyncSourceError}; entries the
 * mapping cannot use come back as `ignored` or `problem` ingest items, never thrown.
 */
export interface GitHubSyncSource {
  /** The org's repositories, conditional on `etag`. */
  readOrgRepositories(org: string, etag: string | null): Promise<RepositoryListing>;
  /** One page of a repository's listing, oldest update first. */
  readUpdatedPage(
    repo: string,
    resource: UpdatedResource,
    request: UpdatedPageRequest,
  ): Promise<PageResult<UpdatedEntry>>;
  /** Every review of one pull request, mapped. */
  readReviews(repo: string, pullNumber: number): Promise<readonly IngestItem[]>;
  /** One page of the repository's issue events, newest first. */
  readIssueEventPage(repo: string, page: number, etag: string | null): Promise<PageResult<IssueEventEntry>>;
  /** Looks at one issue (conditional on `etag`): a transfer or a deletion shows here. */
  probeIssue(repo: string, number: number, etag: string | null): Promise<IssueProbe>;
  stats(): SourceStats;
}

/**
 * A read the source gave up on. `scope` says how far the failure reaches: `repository` when only
 * this repository cannot be read (not found, no access), `run` when nothing more can be read now
 * (retries exhausted, rate limit too far away, bad credentials).
 */
export class SyncSourceError extends Error {
  override readonly name = 'SyncSourceError';
  readonly scope: 'repository' | 'run';

  constructor(message: string, scope: 'repository' | 'run') {
    super(message);
    this.scope = scope;
  }
}
