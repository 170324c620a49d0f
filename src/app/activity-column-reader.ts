import type { ActivityKind } from '../core/activity.ts';
import type { ActivityColumns } from '../core/activity-columns.ts';
import type { ActivityFilter } from './ports.ts';

/** How {@link ActivityColumnReader.readActivityColumns} reads. */
export interface ActivityColumnsRead {
  /**
   * The kinds whose details are read (`SCORING_DETAIL_KINDS` for points, `LADDER_DETAIL_KINDS` for
   * the ladder); details of other kinds read as none (`-1`).
   */
  readonly detailKinds: readonly ActivityKind[];
  /** Acts per batch; default 10,000. */
  readonly chunkSize?: number;
}

/**
 * Reads activities in column batches, for scoring everyone (boards, sparklines, the ladder) without
 * an object per act.
 */
export interface ActivityColumnReader {
  /**
   * Streams the activities `filter` selects, ordered by time then key (as `readScoringFacts`), in
   * batches of columns that share their tables (items, repositories, details) across one read.
   * Each act's item is as it is when the read starts.
   */
  readActivityColumns(filter: ActivityFilter, read: ActivityColumnsRead): AsyncIterable<ActivityColumns>;
}
