import { assertNever } from '../core/assert-never.ts';
import { findImplausibleTimes, isGitHubClockSource } from '../core/records/find-implausible-times.ts';
import { findRecordProblems, type RecordProblem } from '../core/records/find-record-problems.ts';
import type { SourceRecord } from '../core/source-record.ts';
import type { IngestStore } from './ports.ts';

/**
 * What a source adapter hands to ingestion: a record to store (with where it was read, `file:line`,
 * when the source knows), an input it deliberately did not use (with the reason), or a located
 * problem (a malformed line, a bad row, a field the mapper refused). Nothing is dropped without
 * being counted.
 */
export type IngestItem =
  | { readonly kind: 'record'; readonly record: SourceRecord; readonly location?: string }
  | { readonly kind: 'ignored'; readonly location: string; readonly reason: string }
  | {
      readonly kind: 'problem';
      readonly location: string;
      readonly message: string;
      /** True when the input was a record refused for a bad field (counted in `rejected` too). */
      readonly rejected?: boolean;
    };

/** A located problem, as reported at the end of an import. */
export interface IngestProblem {
  readonly location: string;
  readonly message: string;
}

/**
 * The outcome of one import: every input is in exactly one of records, ignored or problems (a
 * record refused for a bad field is a problem, and counted in `rejected` too).
 */
export interface IngestSummary {
  readonly records: number;
  readonly newRecords: number;
  readonly newActivities: number;
  readonly itemsTouched: number;
  readonly ignored: number;
  /** How many inputs were ignored, by reason, most frequent first. */
  readonly ignoredByReason: readonly (readonly [string, number])[];
  /** Inputs not stored for a problem: malformed lines and rows, and rejected records. */
  readonly problemCount: number;
  /** The first problems, located; `problemCount` tells how many there were in all. */
  readonly problems: readonly IngestProblem[];
  /**
   * Records refused alone, before the write, for a bad field (an impossible or implausible time, a
   * NUL character, an over-long name; see `findRecordProblems`); each is among the problems, and
   * every good record of its batch was stored.
   */
  readonly rejected: number;
  /** Records stored with a time that cannot be right (git's or a CSV's clock), see `findImplausibleTimes`. */
  readonly warningCount: number;
  /** The first warnings, located; `warningCount` tells how many there were in all. */
  readonly warnings: readonly IngestProblem[];
}

/** Progress as ingestion goes: inputs seen so far (records, ignored and problems). */
export type IngestProgress = (seen: number) => void;

/** Options of {@link ingest}. */
export interface IngestOptions {
  /** Records stored per transaction. */
  readonly batchSize?: number;
  /** How many problems (and warnings) to keep in the summary (all are counted). */
  readonly keepProblems?: number;
  /** The time to judge record times against (ISO); default the time ingestion starts. */
  readonly now?: string;
  readonly onProgress?: IngestProgress;
}

/**
 * Streams a source's items into the store in batches, each batch one transaction. Idempotent: a
 * re-run stores nothing new. Each record is checked before it joins a batch (`findRecordProblems`,
 * and `findImplausibleTimes` against `now`): a bad one is rejected alone, located by the item's
 * location (else `source:key`) and the field's path, so a batch never aborts for one record. An
 * implausible time rejects a record from a GitHub source and is a warning for git and CSV records,
 * which are kept. A record acknowledged by the store is durable even if a later batch fails; a
 * failing batch (the store, not the data) rejects the whole import with the store's error.
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
  let rejected = 0;
  let warningCount = 0;
  const warnings: IngestProblem[] = [];
  const now = options.now ?? `${new Date().toISOString().slice(0, 19)}Z`;
  const addProblem = (location: string, message: string): void => {
    problemCount += 1;
    if (problems.length < keepProblems) problems.push({ location, message });
  };

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
      case 'record': {
        const record = item.record;
        const location = item.location ?? `${String(record.source)}:${String(record.key)}`;
        const invalid = findRecordProblems(record);
        const implausible = invalid.length === 0 ? findImplausibleTimes(record, now) : [];
        if (invalid.length > 0 || (implausible.length > 0 && isGitHubClockSource(record.source))) {
          rejected += 1;
          addProblem(location, describeRejection(record, invalid.length > 0 ? invalid : implausible));
          break;
        }
        if (implausible.length > 0) {
          warningCount += 1;
          if (warnings.length < keepProblems) {
            warnings.push({ location, message: `kept, but ${describeProblems(implausible)}` });
          }
        }
        batch.push(record);
        if (batch.length >= batchSize) await flush();
        break;
      }
      case 'ignored':
        ignored += 1;
        ignoredByReason.set(item.reason, (ignoredByReason.get(item.reason) ?? 0) + 1);
        break;
      case 'problem':
        if (item.rejected === true) rejected += 1;
        addProblem(item.location, item.message);
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
    rejected,
    warningCount,
    warnings,
  };
}

function describeRejection(record: SourceRecord, problems: readonly RecordProblem[]): string {
  return `record ${String(record.source)}:${String(record.key)} rejected: ${describeProblems(problems)}`;
}

function describeProblems(problems: readonly RecordProblem[]): string {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}
