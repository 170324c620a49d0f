import type { CursorStore } from '../ports.ts';
import { fromNumberRanges } from './number-ranges.ts';
import {
  fromSyncCursorName,
  parseCursorProgress,
  parseEventsCursor,
  parseListingCursor,
  parseOpenIssuesCursor,
  parseRepositoryCursor,
  parseReviewsCursor,
  SYNC_RESOURCES,
  type SyncResource,
} from './sync-cursor.ts';

/** How far one resource of a repository is synced. */
export interface ResourceSyncStatus {
  readonly resource: SyncResource;
  /** Everything up to this ISO time is stored; null when nothing is yet. */
  readonly upTo: string | null;
  /** `complete`: the last pass reached the end; `partial`: a pass was cut and will resume; `never`: not synced. */
  readonly state: 'complete' | 'partial' | 'never';
  /** Entries read over all runs. */
  readonly seen: number;
  /** ISO time the cursor last moved. */
  readonly at: string | null;
  /** What else the cursor tells: where a cut pass resumes, how many pull requests or open issues. */
  readonly detail: string | null;
}

/** How far one repository is synced. */
export interface RepositorySyncStatus {
  readonly repo: string;
  readonly archived: boolean;
  /** ISO time a run last finished every resource. */
  readonly finishedAt: string | null;
  /** Why the last run stopped in this repository, if it did. */
  readonly error: string | null;
  /** Every resource, in the order a run visits them. */
  readonly resources: readonly ResourceSyncStatus[];
}

/**
 * Reads every sync cursor (optionally of one repository) into a per-repository report, repositories
 * in name order. Reads only; damaged cursor values read as no progress.
 */
export async function readSyncStatus(
  cursors: Pick<CursorStore, 'listCursors'>,
  repo: string | null = null,
): Promise<readonly RepositorySyncStatus[]> {
  const prefix = repo === null ? 'sync:' : `sync:${repo.toLowerCase()}:`;
  const byRepo = new Map<string, Map<string, string>>();
  for (const cursor of await cursors.listCursors(prefix)) {
    const name = fromSyncCursorName(cursor.name);
    if (name === null) continue;
    let values = byRepo.get(name.repo);
    if (values === undefined) {
      values = new Map();
      byRepo.set(name.repo, values);
    }
    values.set(name.resource, cursor.value);
  }

  const statuses: RepositorySyncStatus[] = [];
  for (const name of [...byRepo.keys()].sort()) {
    const values = byRepo.get(name)!;
    const repository = parseRepositoryCursor(values.get('repository') ?? null);
    statuses.push({
      repo: name,
      archived: repository.archived,
      finishedAt: repository.finishedAt,
      error: repository.error,
      resources: SYNC_RESOURCES.map((resource) => toResourceStatus(resource, values.get(resource) ?? null)),
    });
  }
  return statuses;
}

function toResourceStatus(resource: SyncResource, value: string | null): ResourceSyncStatus {
  const progress = parseCursorProgress(value);
  // Open issues are known from the issues listing; they count as synced once a check looked at them.
  const checked = resource !== 'open_issues' || progress.upTo !== null;
  const state = value === null || !checked ? 'never' : progress.complete ? 'complete' : 'partial';
  return {
    resource,
    upTo: progress.upTo,
    state,
    seen: progress.seen,
    at: progress.at,
    detail: value === null ? null : describe(resource, value, state),
  };
}

function describe(resource: SyncResource, value: string, state: ResourceSyncStatus['state']): string | null {
  switch (resource) {
    case 'issues':
    case 'issue_comments':
    case 'review_comments': {
      const cursor = parseListingCursor(value);
      return state === 'partial'
        ? `resumes at page ${cursor.page} from ${cursor.since ?? 'the start'}`
        : null;
    }
    case 'reviews':
      return plural(parseReviewsCursor(value).pulls, 'pull request read', 'pull requests read');
    case 'events': {
      const cursor = parseEventsCursor(value);
      if (cursor.pending !== null) return `resumes at page ${cursor.pending.page}`;
      return cursor.newest === null ? null : `newest event ${cursor.newest}`;
    }
    case 'open_issues': {
      const cursor = parseOpenIssuesCursor(value);
      return plural(fromNumberRanges(cursor.numbers).length, 'open issue known', 'open issues known');
    }
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
