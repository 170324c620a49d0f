import { assertNever } from '../core/assert-never.ts';
import type { IngestProblem, IngestProgress, IngestSummary } from './ingest.ts';
import type { CursorStore } from './ports.ts';

/** Which events of an hour file are kept: those of these orgs or repos (both empty keeps all). */
export interface GhArchiveRangeFilter {
  readonly orgs: readonly string[];
  readonly repos: readonly string[];
}

/** How an hour file was had: from the cache, downloaded, missing upstream (404), or not had at all. */
export type HourFetch =
  | { readonly kind: 'cached'; readonly path: string }
  | { readonly kind: 'downloaded'; readonly path: string; readonly bytes: number; readonly attempts: number }
  | { readonly kind: 'missing'; readonly url: string }
  | { readonly kind: 'failed'; readonly url: string; readonly message: string; readonly attempts: number };

/** Where hour files come from (a local cache filled from GH Archive). */
export interface GhArchiveHourSource {
  /** The local file of `hour` (`2025-01-01-5`), downloading it when needed; never rejects for a download problem. */
  fetchHour(hour: string): Promise<HourFetch>;
}

/** The outcome of importing one GH Archive file, with how its lines were read. */
export interface GhArchiveFileSummary extends IngestSummary {
  readonly lines: number;
  readonly outsideFilter: number;
  /** Why the file's gzip stream ended early (its lines before the cut were read), or null. */
  readonly brokenGzip: string | null;
}

/** Imports one local hour file; idempotent, so a file read again changes nothing. */
export interface GhArchiveFileImporter {
  /** At most as many calls are under way at once as the range import's `jobs`. */
  importFile(
    path: string,
    filter: GhArchiveRangeFilter,
    onProgress: IngestProgress,
  ): Promise<GhArchiveFileSummary>;
}

/** What happened to one hour of the range. */
export type HourOutcome =
  | { readonly kind: 'already_imported' }
  | {
      readonly kind: 'imported';
      readonly from: 'cache' | 'download';
      readonly summary: GhArchiveFileSummary;
    }
  | { readonly kind: 'missing'; readonly url: string }
  | { readonly kind: 'failed'; readonly url: string; readonly message: string; readonly attempts: number };

/** Progress of a range import: files settled so far, inputs read so far by every file under way. */
export interface RangeProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly inputs: number;
  /** The hour that just settled, when this report is about one. */
  readonly settled?: { readonly hour: string; readonly outcome: HourOutcome };
}

/** A range import as asked. */
export interface GhArchiveRangeRequest {
  /** Hour names in time order (`2025-01-01-5`). */
  readonly hours: readonly string[];
  readonly filter: GhArchiveRangeFilter;
  /** Files fetched and imported at once (1 or more). */
  readonly jobs: number;
}

/** The outcome of a range import. */
export interface GhArchiveRangeSummary {
  /** Each hour's outcome, in the request's order. */
  readonly hours: readonly { readonly hour: string; readonly outcome: HourOutcome }[];
  /** The files imported in this run, added up. */
  readonly total: GhArchiveFileSummary;
}

/** What the range import works with. */
export interface GhArchiveRangePorts {
  readonly source: GhArchiveHourSource;
  readonly importer: GhArchiveFileImporter;
  /** Marks of the files fully imported (one cursor per hour and filter). */
  readonly cursors: Pick<CursorStore, 'readCursor' | 'writeCursor'>;
}

const KEEP_PROBLEMS = 50;

/**
 * Imports a range of GH Archive hours, `jobs` files at a time: each hour not yet imported with this
 * filter (or with no filter, which kept everything) is fetched and imported, then marked imported.
 * Resumable by file: the mark is written only once the file's every record is stored, so an
 * interrupted file is read again on the next run (idempotently) and a marked one is neither
 * fetched nor read. A missing hour (a gap in GH Archive) or a download that failed is an outcome,
 * and the range goes on. An import that rejects (the store failed) rejects the whole, once the
 * files under way have settled; the files marked before it stay marked.
 */
export async function importGhArchiveRange(
  request: GhArchiveRangeRequest,
  ports: GhArchiveRangePorts,
  onProgress: (progress: RangeProgress) => void = () => {},
): Promise<GhArchiveRangeSummary> {
  const outcomes: HourOutcome[] = new Array(request.hours.length);
  const inputsUnderWay = new Map<number, number>();
  let inputsSettled = 0;
  let filesDone = 0;
  let next = 0;
  let failure: { readonly error: unknown } | null = null;
  const filesTotal = request.hours.length;
  const inputs = (): number => {
    let sum = inputsSettled;
    for (const seen of inputsUnderWay.values()) sum += seen;
    return sum;
  };

  const settle = (index: number, outcome: HourOutcome): void => {
    outcomes[index] = outcome;
    inputsUnderWay.delete(index);
    if (outcome.kind === 'imported') inputsSettled += inputsOf(outcome.summary);
    filesDone += 1;
    onProgress({
      filesDone,
      filesTotal,
      inputs: inputs(),
      settled: { hour: request.hours[index]!, outcome },
    });
  };

  const handle = async (index: number): Promise<void> => {
    const hour = request.hours[index]!;
    const mark = toImportedMarkName(hour, request.filter);
    const everything = toImportedMarkName(hour, { orgs: [], repos: [] });
    if (
      (await ports.cursors.readCursor(mark)) !== null ||
      (await ports.cursors.readCursor(everything)) !== null
    ) {
      return settle(index, { kind: 'already_imported' });
    }
    const fetched = await ports.source.fetchHour(hour);
    switch (fetched.kind) {
      case 'missing':
        return settle(index, { kind: 'missing', url: fetched.url });
      case 'failed':
        return settle(index, {
          kind: 'failed',
          url: fetched.url,
          message: fetched.message,
          attempts: fetched.attempts,
        });
      case 'cached':
      case 'downloaded': {
        inputsUnderWay.set(index, 0);
        const summary = await ports.importer.importFile(fetched.path, request.filter, (seen) => {
          inputsUnderWay.set(index, seen);
          onProgress({ filesDone, filesTotal, inputs: inputs() });
        });
        await ports.cursors.writeCursor(mark, `${summary.lines} lines, ${summary.records} records`);
        return settle(index, {
          kind: 'imported',
          from: fetched.kind === 'cached' ? 'cache' : 'download',
          summary,
        });
      }
      default:
        assertNever(fetched, 'hour fetch');
    }
  };

  const lane = async (): Promise<void> => {
    while (failure === null && next < request.hours.length) {
      const index = next;
      next += 1;
      try {
        await handle(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(request.jobs) || 1, request.hours.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== null) throw (failure as { readonly error: unknown }).error;

  const hours = request.hours.map((hour, index) => ({ hour, outcome: outcomes[index]! }));
  return { hours, total: addUpImports(hours.map((entry) => entry.outcome)) };
}

/**
 * The cursor that marks `hour` fully imported with `filter`, e.g.
 * `gharchive:2025-01-01-5:org=kubestellar` or `gharchive:2025-01-01-5:all`.
 */
export function toImportedMarkName(hour: string, filter: GhArchiveRangeFilter): string {
  const parts = [
    ...[...filter.orgs].sort().map((org) => `org=${org}`),
    ...[...filter.repos].sort().map((repo) => `repo=${repo}`),
  ];
  return `gharchive:${hour}:${parts.length === 0 ? 'all' : parts.join(',')}`;
}

function inputsOf(summary: IngestSummary): number {
  return summary.records + summary.ignored + summary.problemCount;
}

function addUpImports(outcomes: readonly HourOutcome[]): GhArchiveFileSummary {
  const ignoredByReason = new Map<string, number>();
  const problems: IngestProblem[] = [];
  const warnings: IngestProblem[] = [];
  const total = {
    rejected: 0,
    warningCount: 0,
    records: 0,
    newRecords: 0,
    newActivities: 0,
    itemsTouched: 0,
    ignored: 0,
    problemCount: 0,
    lines: 0,
    outsideFilter: 0,
  };
  for (const outcome of outcomes) {
    if (outcome.kind !== 'imported') continue;
    const summary = outcome.summary;
    total.records += summary.records;
    total.newRecords += summary.newRecords;
    total.newActivities += summary.newActivities;
    total.itemsTouched += summary.itemsTouched;
    total.ignored += summary.ignored;
    total.problemCount += summary.problemCount;
    total.rejected += summary.rejected;
    total.warningCount += summary.warningCount;
    total.lines += summary.lines;
    total.outsideFilter += summary.outsideFilter;
    for (const [reason, count] of summary.ignoredByReason)
      ignoredByReason.set(reason, (ignoredByReason.get(reason) ?? 0) + count);
    for (const problem of summary.problems) if (problems.length < KEEP_PROBLEMS) problems.push(problem);
    for (const warning of summary.warnings) if (warnings.length < KEEP_PROBLEMS) warnings.push(warning);
  }
  return {
    ...total,
    ignoredByReason: [...ignoredByReason.entries()].sort((a, b) => b[1] - a[1]),
    problems,
    warnings,
    brokenGzip: null,
  };
}
