import type { IngestItem } from '../../app/ingest.ts';
import { toGitIngestItem } from './map-git-commit.ts';
import { readGitHistory } from './read-git-history.ts';

/** Options of {@link readGitIngestItems}. */
export interface ReadGitIngestItemsOptions {
  /** The GitHub repository the history belongs to, `owner/name`. */
  readonly repo: string;
  /** The HEAD of the last import (its cursor): only newer commits are read. */
  readonly since?: string | null;
  /** Called once, before any item, with the HEAD this read is pinned to (null: no commits). */
  readonly onHead?: (sha: string | null) => void;
  /** Called with each warning, such as a force-push that made the whole history be read again. */
  readonly onWarning?: (message: string) => void;
}

/**
 * Streams a repository's history as ingestion items (one per commit). After ingestion has stored
 * them all, the sha given to `onHead` is the cursor for the next incremental import.
 */
export async function* readGitIngestItems(
  path: string,
  options: ReadGitIngestItemsOptions,
): AsyncGenerator<IngestItem> {
  for await (const entry of readGitHistory(path, { since: options.since ?? null })) {
    if (entry.kind === 'head') options.onHead?.(entry.sha);
    else if (entry.kind === 'warning') options.onWarning?.(entry.message);
    else yield toGitIngestItem(entry.commit, options.repo);
  }
}
