/**
 * The progress sync keeps per repository and resource, as JSON in named cursors
 * (`sync:owner/name:issues`). Every state is written after the rows it covers are stored, so an
 * interrupted run resumes at the last page it acknowledged and re-reads at most that page.
 */

/** The resources sync keeps a cursor for, in the order a run visits them. */
export const SYNC_RESOURCES = [
  'issues',
  'reviews',
  'issue_comments',
  'review_comments',
  'events',
  'open_issues',
] as const;

/** One of {@link SYNC_RESOURCES}. */
export type SyncResource = (typeof SYNC_RESOURCES)[number];

/** Fields every cursor has, read by `rungs sync status`. */
export interface CursorProgress {
  /** Everything of the resource up to this ISO time is stored (null: nothing yet). */
  readonly upTo: string | null;
  /** The last pass reached the end of the resource; false while a pass is under way or was cut. */
  readonly complete: boolean;
  /** Entries read over all runs (re-reads included). */
  readonly seen: number;
  /** ISO time the cursor was last written. */
  readonly at: string | null;
}

/** A listing ordered by update time: resumes at entries updated at or after `since`, page `page`. */
export interface ListingCursor extends CursorProgress {
  readonly since: string | null;
  readonly page: number;
  /** Entity tag of the answer to (`since`, `page`), when that answer ended the listing. */
  readonly etag: string | null;
}

/**
 * Reviews of pull requests updated before `upTo` are stored, and of those updated at `upTo` whose
 * numbers are in `doneAt`: a pull request listed again without a newer update needs no new read.
 */
export interface ReviewsCursor extends CursorProgress {
  readonly doneAt: readonly number[];
  /** Pull requests whose reviews were read, over all runs. */
  readonly pulls: number;
}

/** A repository's issue events, read newest first down to the newest event already stored. */
export interface EventsCursor extends CursorProgress {
  /** Id of the newest event of the last complete pass; events up to it are stored. */
  readonly newest: number | null;
  /** A pass under way: the newest id it saw, and the page to read next. */
  readonly pending: { readonly top: number; readonly topAt: string | null; readonly page: number } | null;
  /** Entity tag of page 1 as the last complete pass saw it. */
  readonly etag: string | null;
}

/** The issues sync last saw open, for the transfer and deletion check. */
export interface OpenIssuesCursor extends CursorProgress {
  /** Open issue numbers, as `toNumberRanges` writes them. */
  readonly numbers: string;
  /** The number the last check stopped after, so checks of large repositories take turns. */
  readonly checkedThrough: number;
  /** Entity tags of issues checked before, by number. */
  readonly etags: Readonly<Record<string, string>>;
}

/** The repository as a whole: when a run last finished it, and why the last one stopped, if it did. */
export interface RepositoryCursor extends CursorProgress {
  readonly archived: boolean;
  /** ISO time a run last finished every resource of the repository. */
  readonly finishedAt: string | null;
  /** Why the last run stopped in this repository; null when it finished. */
  readonly error: string | null;
}

/** The org's repository list as last read, so an unchanged list costs a conditional request. */
export interface OrgCursor {
  readonly etag: string | null;
  readonly repositories: readonly { readonly name: string; readonly archived: boolean }[];
}

/** The cursor name of a repository's resource: `sync:owner/name:issues`. */
export function toSyncCursorName(repo: string, resource: SyncResource | 'repository'): string {
  return `sync:${repo}:${resource}`;
}

/** The cursor name of an org's repository list. */
export function toOrgCursorName(org: string): string {
  return `sync-org:${org.toLowerCase()}`;
}

/** Splits a cursor name written by {@link toSyncCursorName}; null for any other name. */
export function fromSyncCursorName(
  name: string,
): { readonly repo: string; readonly resource: SyncResource | 'repository' } | null {
  if (!name.startsWith('sync:')) return null;
  const rest = name.slice('sync:'.length);
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) return null;
  const resource = rest.slice(colon + 1);
  if (resource !== 'repository' && !(SYNC_RESOURCES as readonly string[]).includes(resource)) return null;
  return { repo: rest.slice(0, colon), resource: resource as SyncResource | 'repository' };
}

const NO_PROGRESS: CursorProgress = { upTo: null, complete: false, seen: 0, at: null };

/** Reads the common fields of any sync cursor value; damaged or missing values read as no progress. */
export function parseCursorProgress(value: string | null): CursorProgress {
  const json = parseObject(value);
  if (json === undefined) return NO_PROGRESS;
  return {
    upTo: stringOrNull(json.upTo),
    complete: json.complete === true,
    seen: count(json.seen),
    at: stringOrNull(json.at),
  };
}

/** Reads a listing cursor; a damaged or missing value starts the listing from the beginning. */
export function parseListingCursor(value: string | null): ListingCursor {
  const json = parseObject(value) ?? {};
  const page = count(json.page);
  return {
    ...parseCursorProgress(value),
    since: stringOrNull(json.since),
    page: Math.max(page, 1),
    etag: stringOrNull(json.etag),
  };
}

/** Reads a reviews cursor. */
export function parseReviewsCursor(value: string | null): ReviewsCursor {
  const json = parseObject(value) ?? {};
  const doneAt = Array.isArray(json.doneAt) ? json.doneAt.filter((n): n is number => count(n) > 0) : [];
  return { ...parseCursorProgress(value), doneAt, pulls: count(json.pulls) };
}

/** Reads an events cursor. */
export function parseEventsCursor(value: string | null): EventsCursor {
  const json = parseObject(value) ?? {};
  const pending = asObject(json.pending);
  const top = pending === undefined ? 0 : count(pending.top);
  const page = pending === undefined ? 0 : count(pending.page);
  return {
    ...parseCursorProgress(value),
    newest: typeof json.newest === 'number' && Number.isSafeInteger(json.newest) ? json.newest : null,
    pending: top > 0 && page >= 1 ? { top, topAt: stringOrNull(pending?.topAt), page } : null,
    etag: stringOrNull(json.etag),
  };
}

/** Reads an open-issues cursor. */
export function parseOpenIssuesCursor(value: string | null): OpenIssuesCursor {
  const json = parseObject(value) ?? {};
  const etags: Record<string, string> = {};
  const rawTags = asObject(json.etags);
  if (rawTags !== undefined) {
    for (const [number, tag] of Object.entries(rawTags)) if (typeof tag === 'string') etags[number] = tag;
  }
  return {
    ...parseCursorProgress(value),
    numbers: typeof json.numbers === 'string' ? json.numbers : '',
    checkedThrough: count(json.checkedThrough),
    etags,
  };
}

/** Reads a repository cursor. */
export function parseRepositoryCursor(value: string | null): RepositoryCursor {
  const json = parseObject(value) ?? {};
  return {
    ...parseCursorProgress(value),
    archived: json.archived === true,
    finishedAt: stringOrNull(json.finishedAt),
    error: stringOrNull(json.error),
  };
}

/** Reads an org cursor; a damaged value reads as never listed. */
export function parseOrgCursor(value: string | null): OrgCursor | null {
  const json = parseObject(value);
  if (json === undefined || !Array.isArray(json.repositories)) return null;
  const repositories: { name: string; archived: boolean }[] = [];
  for (const entry of json.repositories) {
    const repo = asObject(entry);
    if (repo !== undefined && typeof repo.name === 'string') {
      repositories.push({ name: repo.name, archived: repo.archived === true });
    }
  }
  return { etag: stringOrNull(json.etag), repositories };
}

/** Any cursor state as the JSON text stored. */
export function toCursorValue(state: object): string {
  return JSON.stringify(state);
}

type Json = Readonly<Record<string, unknown>>;

function parseObject(value: string | null): Json | undefined {
  if (value === null) return undefined;
  try {
    return asObject(JSON.parse(value));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}
