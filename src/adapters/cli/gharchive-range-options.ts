import type { HourOutcome } from '../../app/import-gharchive-range.ts';
import { assertNever } from '../../core/assert-never.ts';
import { parseGhArchiveHourRange } from '../gharchive/gharchive-hour-range.ts';
import type { GhArchiveRangeImport } from './cli-services.ts';
import { UsageError } from './usage-error.ts';

/** The options of `rungs import gharchive` that choose a range of hours. */
export interface GhArchiveRangeOptions {
  readonly from?: string;
  readonly to?: string;
  readonly jobs: number;
  readonly cache: string;
  readonly baseUrl?: string;
}

/**
 * The range `--from`/`--to` ask for, or null when files are given instead. Files and a range
 * together, a range with one end only, or neither files nor range is a `UsageError` (exit 2).
 */
export function toGhArchiveRange(
  files: readonly string[],
  options: GhArchiveRangeOptions,
): Omit<GhArchiveRangeImport, 'filter'> | null {
  const ranged = options.from !== undefined || options.to !== undefined;
  if (!ranged) {
    if (files.length === 0) throw new UsageError('give hour files, or a range of hours with --from and --to');
    return null;
  }
  if (files.length > 0) throw new UsageError('give hour files or --from/--to, not both');
  if (options.from === undefined || options.to === undefined)
    throw new UsageError('a range of hours needs both --from and --to');
  const range = parseGhArchiveHourRange(options.from, options.to);
  if (!range.ok) throw new UsageError(range.error);
  if (options.baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(options.baseUrl))
    throw new UsageError(`--base-url "${options.baseUrl}": expected an http:// or https:// URL`);
  return {
    hours: range.hours,
    jobs: options.jobs,
    cacheFolder: options.cache,
    baseUrl: options.baseUrl ?? null,
  };
}

/** How one hour of a range settled, for the progress lines: `2025-01-01-5 imported: 300 records, 12 new`. */
export function describeHourOutcome(settled: {
  readonly hour: string;
  readonly outcome: HourOutcome;
}): string {
  const { hour, outcome } = settled;
  switch (outcome.kind) {
    case 'already_imported':
      return `${hour} already imported`;
    case 'imported':
      return `${hour} imported${outcome.from === 'download' ? ' (downloaded)' : ''}: ${outcome.summary.records} records, ${outcome.summary.newRecords} new`;
    case 'missing':
      return `${hour} missing from GH Archive (404)`;
    case 'failed':
      return `${hour} failed to download: ${outcome.message}`;
    default:
      return assertNever(outcome, 'hour outcome');
  }
}
