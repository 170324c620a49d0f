import type { GhArchiveFilter, GhArchiveFilterMatcher } from './gharchive-filter.ts';
import { createGhArchiveFilterMatcher, isKeepAllFilter } from './gharchive-filter.ts';
import { isGzipDataError, openGhArchiveStream } from './open-gharchive-stream.ts';

export type { GhArchiveFilter } from './gharchive-filter.ts';

/**
 * What reading a GH Archive file yields, in file order: each kept event with its 1-based line, each
 * malformed line located, and last, exactly once, `done` with the counts. Every line is counted once:
 * `lines === kept + skipped + malformed`.
 */
export type GhArchiveEntry =
  | { readonly kind: 'event'; readonly line: number; readonly event: Record<string, unknown> }
  | { readonly kind: 'malformed'; readonly line: number; readonly message: string }
  | ({ readonly kind: 'done' } & GhArchiveReadCounts);

/** The counts of one read of a GH Archive file. */
export interface GhArchiveReadCounts {
  /** Lines seen, including blank ones and the partial line a truncated gzip file ends in. */
  readonly lines: number;
  /** Events yielded. */
  readonly kept: number;
  /** Blank lines and lines outside the filter (most of them never parsed). */
  readonly skipped: number;
  /** Lines yielded as `malformed`, including where a gzip file is truncated or corrupt. */
  readonly malformed: number;
  /** Decompressed bytes read. */
  readonly bytes: number;
  /** Why the gzip data ended early (truncated or corrupt), or null when the file was read to its end. */
  readonly brokenGzip: string | null;
}

/** Options of {@link readGhArchiveFile}. */
export interface ReadGhArchiveFileOptions {
  /** Keep only events of these orgs or repos; absent or both lists empty keeps every event. */
  readonly filter?: GhArchiveFilter;
  /**
   * Longest line read, in bytes (default 64 MiB, far above any GH Archive event); a longer line is
   * reported malformed without being kept in memory, so memory stays bounded whatever the input.
   */
  readonly maxLineBytes?: number;
}

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Streams the events of a GH Archive file (`.json.gz`, possibly several concatenated gzip members,
 * or plain JSON lines; gzip is detected by its magic bytes), one JSON object per line, with memory
 * bounded by one chunk plus `maxLineBytes`, whatever the file size.
 *
 * With a filter, each line's top-level `repo.name` is first read from its raw bytes (walking only
 * the members before `repo`); only lines that may be kept, and lines where no plain repo name is
 * found, are decoded and parsed, then kept by the exact test. So a line outside the filter that is
 * broken after its repo name is counted as skipped rather than malformed.
 *
 * A line is malformed (yielded with its line number, and reading goes on) when it is not JSON, not
 * an object, lacks a string `type`, an `id` (string or number) or a string `repo.name`, or is longer
 * than `maxLineBytes`. CRLF line ends, a UTF-8 byte order mark and a last line without newline are
 * accepted; a blank line is skipped. Truncated or corrupt gzip data ends the read with one malformed
 * entry at the line where the data stops, after all events read before it. A file that cannot be
 * opened rejects with an `InputError`; stopping early (breaking out of the loop) closes the file.
 */
export async function* readGhArchiveFile(
  path: string,
  options: ReadGhArchiveFileOptions = {},
): AsyncGenerator<GhArchiveEntry, void, undefined> {
  const matcher =
    options.filter === undefined || isKeepAllFilter(options.filter)
      ? undefined
      : createGhArchiveFilterMatcher(options.filter);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const { stream, compressed } = await openGhArchiveStream(path);
  const reader = createLineReader(matcher, maxLineBytes);
  // The unfinished line at the end of the chunks read so far. Its pieces are dropped once it is
  // longer than allowed (so one endless line cannot fill memory), but its length keeps counting.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let bytes = 0;
  let brokenGzip: string | null = null;

  const addToCarry = (piece: Buffer): void => {
    carryBytes += piece.length;
    if (carryBytes <= maxLineBytes) carry.push(piece);
    else carry = [];
  };
  /** Reads the carried line, completed by `tail` (up to and with its newline, or empty at the end). */
  const readCarry = (tail: Buffer): void => {
    const length = carryBytes + tail.length - (tail.at(-1) === NEWLINE ? 1 : 0);
    if (length > maxLineBytes) {
      reader.reportOversizedLine(length);
    } else {
      const line = Buffer.concat([...carry, tail]);
      reader.readLines(line, 0, line.length);
    }
    carry = [];
    carryBytes = 0;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      const firstNewline = chunk.indexOf(NEWLINE);
      if (firstNewline === -1) {
        addToCarry(chunk);
        continue;
      }
      let start = 0;
      if (carryBytes > 0) {
        readCarry(chunk.subarray(0, firstNewline + 1));
        start = firstNewline + 1;
      }
      const end = chunk.lastIndexOf(NEWLINE) + 1;
      reader.readLines(chunk, start, end);
      if (end < chunk.length) addToCarry(chunk.subarray(end));
      yield* reader.takeEntries();
    }
  } catch (error) {
    if (!compressed || !isGzipDataError(error)) throw error;
    brokenGzip = describeGzipError(error, reader.lineCount() + 1, carryBytes);
    reader.reportBrokenGzip(brokenGzip);
    carry = [];
    carryBytes = 0;
    yield* reader.takeEntries();
  }

  if (carryBytes > 0) {
    readCarry(Buffer.alloc(0));
    yield* reader.takeEntries();
  }
  yield { kind: 'done', ...reader.counts(), bytes, brokenGzip };
}

interface LineReader {
  /** Reads the lines of `bytes[start, end)`; the last one may lack its newline. */
  readLines(bytes: Buffer, start: number, end: number): void;
  /** Counts the next line as malformed for being longer than allowed, without reading it. */
  reportOversizedLine(length: number): void;
  reportBrokenGzip(message: string): void;
  takeEntries(): GhArchiveEntry[];
  lineCount(): number;
  counts(): Omit<GhArchiveReadCounts, 'bytes' | 'brokenGzip'>;
}

function createLineReader(matcher: GhArchiveFilterMatcher | undefined, maxLineBytes: number): LineReader {
  let line = 0;
  let kept = 0;
  let skipped = 0;
  let malformed = 0;
  let entries: GhArchiveEntry[] = [];

  const readLine = (bytes: Buffer, start: number, end: number): void => {
    const parsed = parseEvent(bytes.toString('utf8', start, end));
    if (typeof parsed === 'string') {
      malformed += 1;
      entries.push({ kind: 'malformed', line, message: parsed });
    } else if (matcher !== undefined && !matcher.isKept(parsed.repoName)) {
      skipped += 1;
    } else {
      kept += 1;
      entries.push({ kind: 'event', line, event: parsed.event });
    }
  };

  const reportMalformed = (message: string): void => {
    line += 1;
    malformed += 1;
    entries.push({ kind: 'malformed', line, message });
  };
  const reportOversizedLine = (length: number): void =>
    reportMalformed(`line of ${length} bytes is longer than the ${maxLineBytes} allowed; it was not read`);

  const readLines = (bytes: Buffer, start: number, end: number): void => {
    let lineStart = start;
    while (lineStart < end) {
      let newline = bytes.indexOf(NEWLINE, lineStart);
      if (newline === -1 || newline >= end) newline = end;
      if (newline - lineStart > maxLineBytes) {
        reportOversizedLine(newline - lineStart);
        lineStart = newline + 1;
        continue;
      }
      line += 1;
      let textStart = lineStart;
      let textEnd = newline;
      if (textEnd > textStart && bytes[textEnd - 1] === CARRIAGE_RETURN) textEnd -= 1;
      if (line === 1 && hasByteOrderMark(bytes, textStart, textEnd)) textStart += 3;

      if (textStart === textEnd) {
        skipped += 1;
      } else if (matcher === undefined || matcher.mayKeepLine(bytes, textStart, textEnd)) {
        readLine(bytes, textStart, textEnd);
      } else {
        skipped += 1;
      }
      lineStart = newline + 1;
    }
  };

  return {
    readLines,
    reportOversizedLine,
    reportBrokenGzip: reportMalformed,
    takeEntries: () => {
      const taken = entries;
      entries = [];
      return taken;
    },
    lineCount: () => line,
    counts: () => ({ lines: line, kept, skipped, malformed }),
  };
}

/** The event and its repo name, or why the line is not a usable event. */
function parseEvent(text: string): { event: Record<string, unknown>; repoName: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `expected a JSON object, got ${describeValue(value)}`;
  }
  const event = value as Record<string, unknown>;
  const { id, type, repo } = event;
  if (!((typeof id === 'string' && id !== '') || typeof id === 'number')) {
    return `id: expected a string or number, got ${describeValue(id)}`;
  }
  if (typeof type !== 'string' || type === '') return `type: expected a string, got ${describeValue(type)}`;
  if (typeof repo !== 'object' || repo === null || Array.isArray(repo)) {
    return `repo: expected an object, got ${describeValue(repo)}`;
  }
  const repoName = (repo as Record<string, unknown>).name;
  if (typeof repoName !== 'string' || repoName === '') {
    return `repo.name: expected a string, got ${describeValue(repoName)}`;
  }
  return { event, repoName };
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `a string`;
  return `${typeof value} ${String(value)}`;
}

function hasByteOrderMark(bytes: Buffer, start: number, end: number): boolean {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf;
}

function describeGzipError(error: Error & { code: string }, line: number, partialBytes: number): string {
  if (error.code !== 'Z_BUF_ERROR') {
    return `corrupt gzip data (${error.message}) at line ${line}; the lines before it were read`;
  }
  return partialBytes > 0
    ? `truncated gzip file: the data ends inside line ${line} after ${partialBytes} bytes; the lines before it were read`
    : `truncated gzip file: the data ends after line ${line - 1}, before the end of the gzip stream; the lines before it were read`;
}
