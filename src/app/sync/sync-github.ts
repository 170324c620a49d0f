import { type IngestItem, type IngestSummary, ingest } from '../ingest.ts';
import type { CursorStore, IngestStore } from '../ports.ts';
import {
  type GitHubSyncSource,
  type SourceStats,
  type SyncRepository,
  SyncSourceError,
  type SyncTarget,
  type UpdatedEntry,
  type UpdatedResource,
} from './github-sync-source.ts';
import { mapConcurrently } from './map-concurrently.ts';
import { fromNumberRanges, toNumberRanges } from './number-ranges.ts';
import {
  type EventsCursor,
  type ListingCursor,
  type OpenIssuesCursor,
  parseEventsCursor,
  parseListingCursor,
  parseOpenIssuesCursor,
  parseOrgCursor,
  parseRepositoryCursor,
  parseReviewsCursor,
  type RepositoryCursor,
  type ReviewsCursor,
  type SyncResource,
  toCursorValue,
  toOrgCursorName,
  toSyncCursorName,
} from './sync-cursor.ts';

/** Where sync writes: the records, and its cursors. */
export interface SyncStores {
  readonly ingest: IngestStore;
  readonly cursors: CursorStore;
}

/** What one sync run does. */
export interface SyncOptions {
  readonly target: SyncTarget;
  /** Sync an org's archived repositories too (named repositories are always synced). */
  readonly includeArchived?: boolean;
  /** ISO time: a first sync reads nothing updated before it, and a later `since` moves cursors forward. */
  readonly since?: string | null;
  /**
   * How many open issues not updated in this run to look at per repository, to notice transfers
   * and deletions (which no listing shows); the next run continues where this one stopped.
   * 0 (the default) looks at none, `Infinity` at all.
   */
  readonly issueChecks?: number;
  /**
   * Repositories synced at once, and per-item reads (each updated pull request's reviews, issue
   * checks) under way at once within each. 1, the default, follows GitHub's advice to send
   * requests one at a time; the client never has more than 10 requests in flight.
   */
  readonly concurrency?: number;
  /** The current time, ISO UTC; stamps cursors and deletions. */
  readonly now: () => string;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/** Where a run is, for a progress display. */
export interface SyncProgress {
  readonly repo: string | null;
  readonly resource: SyncResource | null;
  /** Repositories started so far, and in all. */
  readonly repoIndex: number;
  readonly repoCount: number;
  /** API entries read in this run. */
  readonly entries: number;
  readonly stats: SourceStats;
}

/** How one repository went. */
export interface RepositorySyncResult {
  readonly repo: string;
  readonly outcome: 'synced' | 'skipped_archived' | 'failed';
  /** API entries read from it in this run. */
  readonly entries: number;
  readonly error: string | null;
}

/** What a run did. `stopped` says why it ended early; its cursors keep what it stored. */
export interface SyncSummary {
  readonly repositories: readonly RepositorySyncResult[];
  readonly ingest: IngestSummary;
  /** API entries read (issues, comments, reviews, events, checked issues). */
  readonly entries: number;
  readonly requests: number;
  /** Issues found moved to another repository, and found deleted, by the issue checks. */
  readonly transferred: number;
  readonly deleted: number;
  readonly stopped: string | null;
}

/**
 * Syncs repositories from a GitHub-compatible API into the store, incrementally and resumably:
 * per repository it reads issues and pull requests (with each updated pull request's reviews),
 * issue comments, review comments and issue events (closings and reopenings, with who did them),
 * each from its cursor, storing page by page and moving the cursor only after the page is stored.
 * Re-running changes nothing that did not change upstream.
 *
 * A repository the source cannot read (gone, no access) is reported and skipped; a failure that
 * stops every read (retries or rate-limit waits exhausted, bad credentials) ends the run with
 * `stopped` set. Storage failures reject.
 */
export async function syncGitHub(
  source: GitHubSyncSource,
  stores: SyncStores,
  options: SyncOptions,
): Promise<SyncSummary> {
  const run: Run = {
    source,
    stores,
    options,
    totals: emptyTotals(),
    entries: 0,
    transferred: 0,
    deleted: 0,
    repoIndex: 0,
    repoCount: 0,
  };
  let stopped: string | null = null;

  let repositories: readonly SyncRepository[] = [];
  try {
    repositories = await listRepositories(run);
  } catch (error) {
    if (!(error instanceof SyncSourceError)) throw error;
    stopped = error.message;
  }
  const explicit = options.target.kind === 'repos';
  run.repoCount = repositories.length;

  const outcomes = await mapConcurrently(
    repositories,
    options.concurrency ?? 1,
    async (repository): Promise<RepositorySyncResult | null> => {
      // A run-wide failure elsewhere: start nothing new.
      if (stopped !== null) return null;
      run.repoIndex += 1;
      if (repository.archived && !explicit && options.includeArchived !== true) {
        await writeRepositoryCursor(run, repository, { error: null });
        return { repo: repository.name, outcome: 'skipped_archived', entries: 0, error: null };
      }
      const step: Step = { run, repo: repository.name, resource: null, entries: 0 };
      try {
        await syncRepository(step, repository);
        return { repo: repository.name, outcome: 'synced', entries: step.entries, error: null };
      } catch (error) {
        if (!(error instanceof SyncSourceError)) throw error;
        const where = step.resource === null ? repository.name : `${repository.name} ${step.resource}`;
        const message = `${where}: ${error.message}`;
        await writeRepositoryCursor(run, repository, { error: message });
        if (error.scope === 'run') stopped ??= message;
        return { repo: repository.name, outcome: 'failed', entries: step.entries, error: message };
      }
    },
  );
  const results = outcomes.filter((outcome) => outcome !== null);
  report(run, null);

  return {
    repositories: results,
    ingest: toIngestSummary(run.totals),
    entries: run.entries,
    requests: source.stats().requests,
    transferred: run.transferred,
    deleted: run.deleted,
    stopped,
  };
}

/** What a run shares across its repositories. */
interface Run {
  readonly source: GitHubSyncSource;
  readonly stores: SyncStores;
  readonly options: SyncOptions;
  readonly totals: Totals;
  entries: number;
  transferred: number;
  deleted: number;
  repoIndex: number;
  repoCount: number;
}

/** One repository being synced: where it is, for messages and progress. */
interface Step {
  readonly run: Run;
  readonly repo: string;
  resource: SyncResource | null;
  /** API entries read from this repository. */
  entries: number;
}

function addEntries(step: Step, count: number): void {
  step.entries += count;
  step.run.entries += count;
}

async function listRepositories(run: Run): Promise<readonly SyncRepository[]> {
  const target = run.options.target;
  if (target.kind === 'repos') {
    return [...new Set(target.repos.map((repo) => repo.toLowerCase()))].map((name) => ({
      name,
      archived: false,
    }));
  }
  const cursorName = toOrgCursorName(target.org);
  const known = parseOrgCursor(await run.stores.cursors.readCursor(cursorName));
  const listing = await run.source.readOrgRepositories(target.org, known?.etag ?? null);
  if (listing.kind === 'not_modified') {
    if (known !== null) return known.repositories;
    throw new SyncSourceError(
      'the repository list answered "not modified" to an unconditional request',
      'run',
    );
  }
  await run.stores.cursors.writeCursor(
    cursorName,
    toCursorValue({ etag: listing.etag, repositories: listing.repositories }),
  );
  return listing.repositories;
}

async function syncRepository(step: Step, repository: SyncRepository): Promise<void> {
  const openIssues = await readOpenIssues(step.run, step.repo);
  await syncIssuesAndReviews(step, openIssues);
  await syncListing(step, 'issue_comments', async () => {});
  await syncListing(step, 'review_comments', async () => {});
  await syncEvents(step);
  await checkOpenIssues(step, openIssues);
  step.resource = null;
  await writeRepositoryCursor(step.run, repository, { finishedAt: step.run.options.now(), error: null });
}

/** Open issues as the last run left them, and what this run learns. */
interface OpenIssues {
  readonly cursor: OpenIssuesCursor;
  readonly numbers: Set<number>;
  /** Issues this run saw in a listing: they need no check. */
  readonly seen: Set<number>;
}

async function readOpenIssues(run: Run, repo: string): Promise<OpenIssues> {
  const cursor = parseOpenIssuesCursor(
    await run.stores.cursors.readCursor(toSyncCursorName(repo, 'open_issues')),
  );
  return { cursor, numbers: new Set(fromNumberRanges(cursor.numbers)), seen: new Set() };
}

/**
 * Issues and pull requests, one listing; after each page, the reviews of the page's pull requests
 * updated since their reviews were last read. The reviews cursor is written before the issues
 * cursor, so it never lags behind it.
 */
async function syncIssuesAndReviews(step: Step, open: OpenIssues): Promise<void> {
  const { run, repo } = step;
  const reviewsName = toSyncCursorName(repo, 'reviews');
  let reviews: ReviewsCursor = parseReviewsCursor(await run.stores.cursors.readCursor(reviewsName));

  await syncListing(
    step,
    'issues',
    async (entries, position) => {
      let doneThrough = reviews.upTo;
      const doneAt = new Set(reviews.doneAt);
      const pulls: number[] = [];
      for (const entry of entries) {
        const issue = entry.issue;
        if (issue === undefined) continue;
        if (!issue.pullRequest) {
          open.seen.add(issue.number);
          if (issue.open) open.numbers.add(issue.number);
          else open.numbers.delete(issue.number);
          continue;
        }
        const updatedAt = entry.updatedAt;
        if (updatedAt !== null && doneThrough !== null) {
          if (updatedAt < doneThrough || (updatedAt === doneThrough && doneAt.has(issue.number))) continue;
        }
        pulls.push(issue.number);
        if (updatedAt === null) continue;
        if (doneThrough === null || updatedAt > doneThrough) {
          doneThrough = updatedAt;
          doneAt.clear();
        }
        if (updatedAt === doneThrough) doneAt.add(issue.number);
      }
      step.resource = 'reviews';
      const items: IngestItem[] = [];
      const reads = await mapConcurrently(pulls, run.options.concurrency ?? 1, async (number) => {
        const read = await run.source.readReviews(repo, number);
        addEntries(step, read.length);
        report(run, step);
        return read;
      });
      for (const read of reads) for (const item of read) items.push(item);
      await store(run, items);
      // Pull requests are listed in update order, so every one updated before the page's newest is
      // done; those at the newest time are named, for the next page may hold more of them.
      const upTo = maxTime(doneThrough, position.upTo);
      reviews = {
        upTo,
        doneAt: upTo === doneThrough ? [...doneAt] : [],
        complete: position.complete,
        seen: reviews.seen + items.length,
        at: run.options.now(),
        pulls: reviews.pulls + pulls.length,
      };
      await run.stores.cursors.writeCursor(reviewsName, toCursorValue(reviews));
      step.resource = 'issues';
    },
    reviews.upTo,
  );

  const cursor: OpenIssuesCursor = {
    ...open.cursor,
    numbers: toNumberRanges(open.numbers),
    etags: keepTagsOf(open.cursor.etags, open.numbers),
    at: run.options.now(),
  };
  await run.stores.cursors.writeCursor(toSyncCursorName(repo, 'open_issues'), toCursorValue(cursor));
}

/** Where a listing stands after a page: what the cursor will say. */
interface ListingPosition {
  readonly upTo: string | null;
  readonly complete: boolean;
}

/**
 * Pages through a listing ordered by update time. Positions are keyset-like: after a page the
 * listing continues at the page's newest update time (page 1 again), so entries updated while the
 * run pages cannot shift past it; only a page whose entries all share one time moves to the next
 * page number. Each step moves `since` or `page` forward, so the loop ends.
 */
async function syncListing(
  step: Step,
  resource: UpdatedResource,
  afterPage: (entries: readonly UpdatedEntry[], position: ListingPosition) => Promise<void>,
  startNoLaterThan?: string | null,
): Promise<void> {
  const { run, repo } = step;
  step.resource = resource;
  const name = toSyncCursorName(repo, resource);
  const stored = parseListingCursor(await run.stores.cursors.readCursor(name));
  let since = stored.since;
  let page = stored.page;
  let etag = stored.etag;
  // A dependent cursor behind this one (reviews behind issues) makes the listing start earlier.
  if (
    startNoLaterThan !== undefined &&
    since !== null &&
    (startNoLaterThan === null || startNoLaterThan < since)
  ) {
    since = startNoLaterThan;
    page = 1;
    etag = null;
  }
  const backfillFrom = run.options.since ?? null;
  if (backfillFrom !== null && (since === null || since < backfillFrom)) {
    since = backfillFrom;
    page = 1;
    etag = null;
  }
  let seen = stored.seen;

  for (;;) {
    const result = await run.source.readUpdatedPage(repo, resource, { since, page, etag });
    if (result.kind === 'not_modified') {
      const position = { upTo: stored.upTo ?? since, complete: true };
      await afterPage([], position);
      await writeListing(run, name, { ...stored, since, page, etag, ...position, seen });
      return;
    }
    const entries = result.entries;
    let newest: string | null = null;
    for (const entry of entries) {
      if (entry.updatedAt !== null && (newest === null || entry.updatedAt > newest)) newest = entry.updatedAt;
    }
    seen += entries.length;
    addEntries(step, entries.length);

    // An empty page ends the listing whatever its links say, so a confused server cannot loop us.
    if (!result.hasNext || entries.length === 0) {
      const position = { upTo: maxTime(newest, since), complete: true };
      await store(run, entries.map(toIngestItem));
      await afterPage(entries, position);
      await writeListing(run, name, { since, page, etag: result.etag, ...position, seen });
      report(run, step);
      return;
    }
    if (newest !== null && (since === null || newest > since)) {
      since = newest;
      page = 1;
    } else {
      page += 1;
    }
    etag = null;
    const position = { upTo: since, complete: false };
    await store(run, entries.map(toIngestItem));
    await afterPage(entries, position);
    await writeListing(run, name, { since, page, etag, ...position, seen });
    report(run, step);
  }
}

async function writeListing(run: Run, name: string, cursor: Omit<ListingCursor, 'at'>): Promise<void> {
  await run.stores.cursors.writeCursor(name, toCursorValue({ ...cursor, at: run.options.now() }));
}

/**
 * Issue events, newest first, down to the newest event a previous pass stored. A pass under way
 * keeps the page it reached; events added meanwhile only push older ones to later pages, so
 * continuing there re-reads some and skips none.
 */
async function syncEvents(step: Step): Promise<void> {
  const { run, repo } = step;
  step.resource = 'events';
  const name = toSyncCursorName(repo, 'events');
  const stored: EventsCursor = parseEventsCursor(await run.stores.cursors.readCursor(name));
  const backfillFrom = run.options.since ?? null;
  let top = stored.pending?.top ?? null;
  let topAt = stored.pending?.topAt ?? null;
  let page = stored.pending?.page ?? 1;
  const fromStart = stored.pending === null;
  let firstEtag: string | null = null;
  let seen = stored.seen;

  for (;;) {
    const result = await run.source.readIssueEventPage(
      repo,
      page,
      fromStart && page === 1 ? stored.etag : null,
    );
    if (result.kind === 'not_modified') {
      await run.stores.cursors.writeCursor(
        name,
        toCursorValue({ ...stored, complete: true, at: run.options.now() }),
      );
      return;
    }
    if (page === 1 && fromStart) firstEtag = result.etag;
    const fresh: IngestItem[] = [];
    let reachedStored = false;
    for (const entry of result.entries) {
      if (top === null || entry.id > top) {
        top = entry.id;
        topAt = entry.createdAt;
      }
      const old = stored.newest !== null && entry.id <= stored.newest;
      const early = backfillFrom !== null && entry.createdAt !== null && entry.createdAt < backfillFrom;
      if (old || early) reachedStored = true;
      else fresh.push(entry.ingest);
    }
    seen += fresh.length;
    addEntries(step, fresh.length);
    await store(run, fresh);

    if (!result.hasNext || reachedStored || result.entries.length === 0) {
      const advanced = top !== null && (stored.newest === null || top > stored.newest);
      const newest = advanced ? top : stored.newest;
      const upTo = advanced ? (topAt ?? stored.upTo) : stored.upTo;
      const cursor: EventsCursor = {
        newest,
        pending: null,
        etag: firstEtag,
        upTo,
        complete: true,
        seen,
        at: run.options.now(),
      };
      await run.stores.cursors.writeCursor(name, toCursorValue(cursor));
      report(run, step);
      return;
    }
    page += 1;
    const cursor: EventsCursor = {
      newest: stored.newest,
      pending: top === null ? null : { top, topAt, page },
      etag: null,
      upTo: stored.upTo,
      complete: false,
      seen,
      at: run.options.now(),
    };
    await run.stores.cursors.writeCursor(name, toCursorValue(cursor));
    report(run, step);
  }
}

/** How many checks are stored at a time; the cursor moves after each group. */
const CHECK_GROUP = 50;

/**
 * Looks at open issues no listing of this run showed, a bounded number per run, taking turns in
 * number order from where the last run stopped: a transfer or a deletion shows only there.
 */
async function checkOpenIssues(step: Step, open: OpenIssues): Promise<void> {
  const { run, repo } = step;
  const limit = run.options.issueChecks ?? 0;
  if (limit <= 0) return;
  step.resource = 'open_issues';
  const candidates = [...open.numbers].filter((number) => !open.seen.has(number)).sort((a, b) => a - b);
  const after = open.cursor.checkedThrough;
  const ordered = [...candidates.filter((n) => n > after), ...candidates.filter((n) => n <= after)];
  const chosen = ordered.slice(0, Number.isFinite(limit) ? limit : ordered.length);
  const etags: Record<string, string> = { ...open.cursor.etags };
  let checkedThrough = after;
  let seen = open.cursor.seen;

  const write = async (complete: boolean): Promise<void> => {
    const cursor: OpenIssuesCursor = {
      numbers: toNumberRanges(open.numbers),
      checkedThrough: complete && chosen.length === candidates.length ? 0 : checkedThrough,
      etags: keepTagsOf(etags, open.numbers),
      upTo: run.options.now(),
      complete,
      seen,
      at: run.options.now(),
    };
    await run.stores.cursors.writeCursor(toSyncCursorName(repo, 'open_issues'), toCursorValue(cursor));
  };

  for (let start = 0; start < chosen.length; start += CHECK_GROUP) {
    const items: IngestItem[] = [];
    const group = chosen.slice(start, start + CHECK_GROUP);
    const probes = await mapConcurrently(group, run.options.concurrency ?? 1, (number) =>
      run.source.probeIssue(repo, number, etags[String(number)] ?? null),
    );
    for (const [index, probe] of probes.entries()) {
      const number = group[index]!;
      addEntries(step, 1);
      seen += 1;
      checkedThrough = number;
      switch (probe.kind) {
        case 'not_modified':
          break;
        case 'present':
          items.push(probe.ingest);
          if (probe.etag !== null) etags[String(number)] = probe.etag;
          if (!probe.open) open.numbers.delete(number);
          break;
        case 'moved':
          items.push(probe.ingest);
          open.numbers.delete(number);
          run.transferred += 1;
          break;
        case 'gone':
          items.push(probe.ingest);
          open.numbers.delete(number);
          run.deleted += 1;
          break;
      }
    }
    await store(run, items);
    await write(false);
    report(run, step);
  }
  await write(true);
}

async function writeRepositoryCursor(
  run: Run,
  repository: SyncRepository,
  change: { readonly finishedAt?: string; readonly error: string | null },
): Promise<void> {
  const name = toSyncCursorName(repository.name, 'repository');
  const stored: RepositoryCursor = parseRepositoryCursor(await run.stores.cursors.readCursor(name));
  const now = run.options.now();
  const finishedAt = change.finishedAt ?? stored.finishedAt;
  const cursor: RepositoryCursor = {
    archived: repository.archived,
    finishedAt,
    error: change.error,
    upTo: finishedAt,
    complete: change.error === null,
    seen: stored.seen + 1,
    at: now,
  };
  await run.stores.cursors.writeCursor(name, toCursorValue(cursor));
}

function keepTagsOf(
  etags: Readonly<Record<string, string>>,
  numbers: ReadonlySet<number>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [number, tag] of Object.entries(etags)) if (numbers.has(Number(number))) kept[number] = tag;
  return kept;
}

function toIngestItem(entry: UpdatedEntry): IngestItem {
  return entry.ingest;
}

function maxTime(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function report(run: Run, step: Step | null): void {
  run.options.onProgress?.({
    repo: step?.repo ?? null,
    resource: step?.resource ?? null,
    repoIndex: run.repoIndex,
    repoCount: run.repoCount,
    entries: run.entries,
    stats: run.source.stats(),
  });
}

/** Running sums of every page's ingest summary. */
interface Totals {
  records: number;
  newRecords: number;
  newActivities: number;
  itemsTouched: number;
  ignored: number;
  readonly ignoredByReason: Map<string, number>;
  problemCount: number;
  readonly problems: { location: string; message: string }[];
  rejected: number;
  warningCount: number;
  readonly warnings: { location: string; message: string }[];
}

function emptyTotals(): Totals {
  return {
    records: 0,
    newRecords: 0,
    newActivities: 0,
    itemsTouched: 0,
    ignored: 0,
    ignoredByReason: new Map(),
    problemCount: 0,
    problems: [],
    rejected: 0,
    warningCount: 0,
    warnings: [],
  };
}

const KEEP_PROBLEMS = 50;

async function store(run: Run, items: readonly IngestItem[]): Promise<void> {
  if (items.length === 0) return;
  const summary = await ingest(items, run.stores.ingest, { now: run.options.now() });
  const totals = run.totals;
  totals.records += summary.records;
  totals.newRecords += summary.newRecords;
  totals.newActivities += summary.newActivities;
  totals.itemsTouched += summary.itemsTouched;
  totals.ignored += summary.ignored;
  for (const [reason, count] of summary.ignoredByReason) {
    totals.ignoredByReason.set(reason, (totals.ignoredByReason.get(reason) ?? 0) + count);
  }
  totals.problemCount += summary.problemCount;
  for (const problem of summary.problems) {
    if (totals.problems.length < KEEP_PROBLEMS) totals.problems.push(problem);
  }
  totals.rejected += summary.rejected;
  totals.warningCount += summary.warningCount;
  for (const warning of summary.warnings) {
    if (totals.warnings.length < KEEP_PROBLEMS) totals.warnings.push(warning);
  }
}

function toIngestSummary(totals: Totals): IngestSummary {
  return {
    records: totals.records,
    newRecords: totals.newRecords,
    newActivities: totals.newActivities,
    itemsTouched: totals.itemsTouched,
    ignored: totals.ignored,
    ignoredByReason: [...totals.ignoredByReason.entries()].sort((a, b) => b[1] - a[1]),
    problemCount: totals.problemCount,
    problems: totals.problems,
    rejected: totals.rejected,
    warningCount: totals.warningCount,
    warnings: totals.warnings,
  };
}
