import { findRecordProblems } from '../../core/records/find-record-problems.ts';
import type { SourceRecord } from '../../core/source-record.ts';
import { parseUtcTime } from '../../core/time/parse-utc-time.ts';

/** One thing wrong with one record of a batch, located by record and path. */
export interface RecordProblem {
  /** `source:key` of the record. */
  readonly record: string;
  /** Where in the record, e.g. `observations[2].activity.occurredAt`. */
  readonly path: string;
  readonly message: string;
}

/**
 * A batch the store refused before writing anything, because some record would store nonsense
 * (a time that does not sort, an actor who identifies nobody). Carries every problem found.
 */
export class InvalidBatchError extends Error {
  readonly problems: readonly RecordProblem[];

  constructor(problems: readonly RecordProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    super(
      first === undefined
        ? 'invalid batch'
        : `invalid record ${first.record} at ${first.path}: ${first.message}${more}`,
    );
    this.name = 'InvalidBatchError';
    this.problems = problems;
  }
}

/**
 * Every problem of every record, empty when the batch can be stored (see `findRecordProblems`).
 * The store's last line of defence: ingestion rejects bad records one by one before they get here.
 */
export function findBatchProblems(records: readonly SourceRecord[]): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const record of records) {
    const name = `${String(record.source)}:${String(record.key)}`;
    for (const problem of findRecordProblems(record)) problems.push({ record: name, ...problem });
  }
  return problems;
}

/** True for an ISO UTC time to the second, `YYYY-MM-DDTHH:MM:SSZ`, that names a real instant. */
export function isIsoSecondTime(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 20) return false;
  const parsed = parseUtcTime(value);
  return parsed.kind === 'time' && parsed.second === value;
}
