import { assertNever } from '../core/assert-never.ts';
import type { SourceRecord } from '../core/source-record.ts';
import type { IngestStore } from './ports.ts';

/**
 * What a source adapter hands to ingestion: a record to store, an input it deliberately did not
 * use (with the reason), or a located problem (a malformed line, a bad row). Nothing is dropped
 * without being counted.
 */
export type IngestItem =
  | { readonly kind: 'record'; readonly record: SourceRecord }
  | { readonly kind: 'ignored'; readonly location: string; readonly reason: string }
  | { readonly kind: 'problem'; readonly location: string; readonly message: string };

/** A located problem, as reported at the end of an import. */
export interface IngestProblem {
  readonly location: string;
  readonly message: string;
}

/** The outcome of one import: every input is in exactly one of records, ignored or problems. */
export interface IngestSummary {
  readonly records: number;
  readonly newRecords: number;
  readonly newActivities: number;
  readonly itemsTouched: number;
  readonly ignored: number;
  /** How many inputs were ignored, by reason, most frequent first. */
  readonly ignoredByReason: readonly (readonly [string, number])[];
  readonly problemCount: number;
  /** The first problems, located; `problemCount` tells how many there were in all. */
  readonly problems: readonly IngestProblem[];
}

/** Progress as ingestion goes: inputs seen so far (records, ignored and problems). */
export type IngestProgress = (seen: number) => void;

/** Options of {@link ingest}. */
export interface IngestOptions {
  /** Records stored per transaction. */
  readonly batchSize?: number;
  /** How many problems to keep in the summary (all are counted). */
  readonly keepProblems?: number;
  readonly onProgress?: IngestProgress;
}

/**
 * Streams a source's items into the store in batches, each batch one transaction. Idempotent: a
 * re-run stores nothing new. A record acknowledged by the store is durable even if a later batch
 * fails; a failing batch rejects the whole import with the store's error.
 */
export async function ingest(
  items: AsyncIterable<IngestItem> | Iterable<IngestItem>,
  store: IngestStore,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const batchSize = options.batchSize ?? 2000;
  const keepProblems = options.keepProblems ?? 50;
  const ignoredByReason = new Map<string, number>();
  const problems: IngestProblem[] = [];
  let batch: SourceRecord[] = [];
  let seen = 0;
  let ignored = 0;
  let problemCount = 0;
  let records = 0;
  let newRecords = 0;
  let newActivities = 0;
  let itemsTouched = 0;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const written = await store.writeBatch(batch);
    records += written.records;
    newRecords += written.newRecords;
    newActivities += written.newActivities;
    itemsTouched += written.itemsTouched;
    batch = [];
  };

  for await (const item of items) {
    seen += 1;
    switch (item.kind) {
      case 'record':
        batch.push(item.record);
        if (batch.length >= batchSize) await flush();
        break;
      case 'ignored':
        ignored += 1;
        ignoredByReason.set(item.reason, (ignoredByReason.get(item.reason) ?? 0) + 1);
        break;
      case 'problem':
        problemCount += 1;
        if (problems.length < keepProblems) problems.push({ location: item.location, message: item.message });
        break;
      default:
        assertNever(item, 'ingest item');
    }
    if (options.onProgress && seen % 1000 === 0) options.onProgress(seen);
  }
  await flush();
  options.onProgress?.(seen);

  return {
    records,
    newRecords,
    newActivities,
    itemsTouched,
    ignored,
    ignoredByReason: [...ignoredByReason.entries()].sort((a, b) => b[1] - a[1]),
    problemCount,
    problems,
  };
}
