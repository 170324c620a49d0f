import { locateRepoName } from './locate-repo-name.ts';

/**
 * Which GH Archive events to keep, by the event's `repo.name`: an event is kept when its owner is one
 * of `orgs` or its full `owner/name` is one of `repos`, compared case-insensitively. Both lists empty
 * means keep every event.
 */
export interface GhArchiveFilter {
  readonly orgs: readonly string[];
  readonly repos: readonly string[];
}

/**
 * A filter made fast: `isKept` is the exact test on a parsed event's `repo.name`; `mayKeepLine` reads
 * the raw bytes of a line just far enough to find its top-level `repo.name`, so most lines are
 * skipped without being decoded or parsed.
 */
export interface GhArchiveFilterMatcher {
  /** Whether an event with this `repo.name` is kept. */
  isKept(repoName: string): boolean;
  /**
   * Whether the JSON line `bytes[start, end)` must be parsed: false only when its top-level
   * `repo.name` is written plainly (no escapes) and is not kept, so a kept line is never missed.
   * Lines whose repo name cannot be read from the bytes (broken JSON, an escaped name, no repo)
   * are to be parsed, so they are reported or decided by `isKept`. (A line with two top-level `repo`
   * keys is judged by the first, where JSON.parse keeps the last.)
   */
  mayKeepLine(bytes: Buffer, start: number, end: number): boolean;
}

const QUOTE = 0x22;
const SLASH = 0x2f;
const BACKSLASH = 0x5c;

/** Whether `filter` keeps every event (both lists empty). */
export function isKeepAllFilter(filter: GhArchiveFilter | undefined): boolean {
  return filter === undefined || (filter.orgs.length === 0 && filter.repos.length === 0);
}

/** Builds the exact test and the raw-line test of `filter`; names are lower-cased here. */
export function createGhArchiveFilterMatcher(filter: GhArchiveFilter): GhArchiveFilterMatcher {
  const orgs = new Set(filter.orgs.map((org) => org.toLowerCase()));
  const repos = new Set(filter.repos.map((repo) => repo.toLowerCase()));
  const repoOwners = new Set([...repos].map((repo) => repo.slice(0, Math.max(repo.indexOf('/'), 0))));
  // Byte lengths of the owners we look for: a raw ASCII owner of another length cannot match.
  const ownerByteLengths = new Set([...orgs, ...repoOwners].map((owner) => Buffer.byteLength(owner)));

  const isKept = (repoName: string): boolean => {
    const name = repoName.toLowerCase();
    const slash = name.indexOf('/');
    if (slash <= 0) return false;
    return orgs.has(name.slice(0, slash)) || repos.has(name);
  };

  const mayKeepLine = (bytes: Buffer, start: number, end: number): boolean => {
    const ownerStart = locateRepoName(bytes, start, end);
    if (ownerStart === -1) return true;
    let nonAscii = 0;
    let i = ownerStart;
    for (; i < end; i += 1) {
      const byte = bytes[i]!;
      if (byte === SLASH || byte === QUOTE || byte === BACKSLASH) break;
      nonAscii |= byte & 0x80;
    }
    if (i >= end || bytes[i] === BACKSLASH) return true;
    // A name without a slash is never kept; isKept says the same.
    if (bytes[i] === QUOTE || i === ownerStart) return false;
    // Lower-casing a non-ASCII name can change its byte length, so the length shortcut is for ASCII.
    if (nonAscii === 0 && !ownerByteLengths.has(i - ownerStart)) return false;
    const owner = bytes.toString('utf8', ownerStart, i).toLowerCase();
    if (orgs.has(owner)) return true;
    if (!repoOwners.has(owner)) return false;
    const nameStart = i + 1;
    for (i = nameStart; i < end; i += 1) {
      const byte = bytes[i];
      if (byte === QUOTE || byte === BACKSLASH) break;
    }
    if (i >= end || bytes[i] === BACKSLASH) return true;
    return repos.has(`${owner}/${bytes.toString('utf8', nameStart, i).toLowerCase()}`);
  };

  return { isKept, mayKeepLine };
}
