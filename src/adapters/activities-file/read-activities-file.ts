import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { InputError } from '../../app/input-error.ts';
import { ACTIVITY_FILE_COLUMNS, type ActivityFileColumn } from './map-activity-row.ts';
import { parseCsvRecords } from './parse-csv-records.ts';

/** One row of an activities file, its values not yet checked. */
export interface ActivityRow {
  readonly kind: 'row';
  /** The file as it was named to the reader. */
  readonly file: string;
  /** The physical line the row starts on. */
  readonly line: number;
  /** Values by column: strings from CSV; whatever JSON held from JSON lines. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** A row (or, at the header, the whole file) that cannot be read, located. */
export interface RowError {
  readonly kind: 'error';
  readonly file: string;
  readonly line: number;
  /** The column or key at fault, or null when the problem is the row's shape. */
  readonly field: string | null;
  readonly message: string;
}

const EXPECTED_COLUMNS = `expected some of ${ACTIVITY_FILE_COLUMNS.join(', ')}`;
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(ACTIVITY_FILE_COLUMNS);

/** `meetings.csv:14 date: expected YYYY-MM-DD or an ISO datetime, got "yesterday"`. */
export function formatRowError(error: RowError): string {
  return `${error.file}:${error.line} ${error.field === null ? '' : `${error.field}: `}${error.message}`;
}

/**
 * Streams the rows of an activities file: CSV with a header row (`.csv`) or one JSON object per
 * line (`.jsonl`, `.ndjson`), UTF-8 with or without a byte order mark. Blank lines are skipped.
 * A row that cannot be read is yielded as a located {@link RowError} and reading goes on; a CSV
 * header with an unknown, unnamed or repeated column, or without `kind`, `date` and one of
 * `login`/`email`, rejects the whole file with errors at the header's line. A missing file or an
 * unsupported extension throws an {@link InputError}.
 */
export async function* readActivitiesFile(path: string): AsyncGenerator<ActivityRow | RowError> {
  const extension = extname(path).toLowerCase();
  const format =
    extension === '.csv' ? 'csv' : extension === '.jsonl' || extension === '.ndjson' ? 'jsonl' : null;
  if (format === null) {
    throw new InputError(
      `cannot import ${path}: expected a .csv or .jsonl file, got "${extension || 'no extension'}"`,
    );
  }
  await checkReadable(path);
  const text = createReadStream(path, { encoding: 'utf8' });
  try {
    yield* format === 'csv' ? readCsvRows(path, text) : readJsonRows(path, text);
  } finally {
    text.destroy();
  }
}

async function checkReadable(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`not a file: ${path}`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`file not found: ${path}`);
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

async function* readCsvRows(
  file: string,
  text: AsyncIterable<string>,
): AsyncGenerator<ActivityRow | RowError> {
  let columns: readonly string[] | null = null;
  for await (const event of parseCsvRecords(text)) {
    if (event.kind === 'error') {
      yield { kind: 'error', file, line: event.line, field: null, message: event.message };
      if (columns === null) return;
      continue;
    }
    if (event.fields.every((field) => field.trim() === '')) continue;
    if (columns === null) {
      const written = event.fields.map((field) => field.trim());
      const header = written.map((field) => field.toLowerCase());
      const problems = checkHeader(header, written);
      if (problems.length > 0) {
        for (const problem of problems) yield { kind: 'error', file, line: event.line, ...problem };
        return;
      }
      columns = header;
      continue;
    }
    if (event.fields.length !== columns.length) {
      yield {
        kind: 'error',
        file,
        line: event.line,
        field: null,
        message: `expected ${columns.length} fields as in the header, got ${event.fields.length}`,
      };
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((column, index) => {
      values[column] = event.fields[index] ?? '';
    });
    yield { kind: 'row', file, line: event.line, values };
  }
  if (columns === null) {
    yield {
      kind: 'error',
      file,
      line: 1,
      field: null,
      message: `the file is empty; expected a header row (${EXPECTED_COLUMNS})`,
    };
  }
}

function checkHeader(
  header: readonly string[],
  written: readonly string[],
): { field: string | null; message: string }[] {
  const problems: { field: string | null; message: string }[] = [];
  const seen = new Set<string>();
  header.forEach((column, index) => {
    if (column === '') {
      problems.push({ field: null, message: `column ${index + 1} has no name; ${EXPECTED_COLUMNS}` });
    } else if (!KNOWN_COLUMNS.has(column)) {
      problems.push({ field: written[index] ?? column, message: `unknown column; ${EXPECTED_COLUMNS}` });
    } else if (seen.has(column)) {
      problems.push({ field: column, message: 'the column appears twice' });
    }
    seen.add(column);
  });
  const missing: ActivityFileColumn[] = (['kind', 'date'] as const).filter((column) => !seen.has(column));
  for (const column of missing) problems.push({ field: column, message: 'missing column' });
  if (!seen.has('login') && !seen.has('email')) {
    problems.push({ field: 'login', message: 'missing column: a login or an email column is required' });
  }
  return problems;
}

async function* readJsonRows(
  file: string,
  text: NodeJS.ReadableStream & AsyncIterable<string>,
): AsyncGenerator<ActivityRow | RowError> {
  const lines = createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      const content = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (content === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(content);
      } catch (error) {
        yield {
          kind: 'error',
          file,
          line,
          field: null,
          message: `not valid JSON: ${(error as Error).message}`,
        };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield {
          kind: 'error',
          file,
          line,
          field: null,
          message: `expected a JSON object, got ${JSON.stringify(value)}`,
        };
        continue;
      }
      const unknown = Object.keys(value).find((key) => !KNOWN_COLUMNS.has(key));
      if (unknown !== undefined) {
        yield { kind: 'error', file, line, field: unknown, message: `unknown key; ${EXPECTED_COLUMNS}` };
        continue;
      }
      yield { kind: 'row', file, line, values: value as Record<string, unknown> };
    }
  } finally {
    lines.close();
  }
}
