import type { GhArchiveFileSummary, GhArchiveRangeFilter } from '../app/import-gharchive-range.ts';
import { type IngestProgress, ingest } from '../app/ingest.ts';
import type { IngestStore } from '../app/ports.ts';
import { type GhArchiveLineCounts, readGhArchiveIngestItems } from './gharchive-ingest-items.ts';

/**
 * Records per transaction for GH Archive and git imports (small records, hundreds of thousands per
 * file): each commit writes every index page the batch dirtied, and on a large database those are
 * nearly as many pages as the batch has acts, so bigger transactions write far less. 10,000 took an
 * unfiltered 400k-event import from 53.9 s to 45-51 s (BENCHMARKS.md); memory stays bounded by one
 * batch (peak RSS about 500 MiB against 370 MiB with 2,000). Other sources keep ingestion's default:
 * webhook payloads are large, and a sync wants its records visible soon.
 */
export const FILE_IMPORT_BATCH_SIZE = 10_000;

/** Imports one GH Archive file into `store` (idempotent), with the counts of its lines. */
export async function importGhArchiveFile(
  store: IngestStore,
  path: string,
  filter: GhArchiveRangeFilter,
  onProgress: IngestProgress,
): Promise<GhArchiveFileSummary> {
  const counts: GhArchiveLineCounts = { lines: 0, outsideFilter: 0, brokenGzip: null };
  const summary = await ingest(readGhArchiveIngestItems(path, filter, counts), store, {
    onProgress,
    batchSize: FILE_IMPORT_BATCH_SIZE,
  });
  return { ...summary, ...counts };
}
