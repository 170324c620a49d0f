import type { IngestItem } from '../../app/ingest.ts';
import { parseActivityRow, toActivitySourceRecord } from './map-activity-row.ts';
import { readActivitiesFile } from './read-activities-file.ts';

/** Options of {@link readActivityIngestItems}. */
export interface ReadActivityIngestItemsOptions {
  /** Why a bonus row's `granted_by` may not grant points at the row's time, or null when it may. */
  readonly checkGrantor?: (login: string, at: string) => string | null;
}

/**
 * Streams an activities file (CSV or JSON lines) as ingestion items: a record per good row, and
 * one located problem per bad row (`meetings.csv:14` with `date: expected ...`, every problem of
 * the row joined by `; `; a bonus row whose grantor `checkGrantor` refuses, at `granted_by`).
 * Re-importing the same file stores nothing new. Throws an InputError for
 * a missing file or an unsupported extension.
 */
export async function* readActivityIngestItems(
  path: string,
  options: ReadActivityIngestItemsOptions = {},
): AsyncGenerator<IngestItem> {
  for await (const entry of readActivitiesFile(path)) {
    const location = `${entry.file}:${entry.line}`;
    if (entry.kind === 'error') {
      yield {
        kind: 'problem',
        location,
        message: entry.field === null ? entry.message : `${entry.field}: ${entry.message}`,
      };
      continue;
    }
    const parsed = parseActivityRow(entry.values);
    if (parsed.kind === 'invalid') {
      const message = parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      yield { kind: 'problem', location, message };
      continue;
    }
    const record = toActivitySourceRecord(parsed.row);
    const refused =
      parsed.row.kind === 'bonus' && options.checkGrantor !== undefined
        ? options.checkGrantor(parsed.row.granted_by!, record.occurredAt)
        : null;
    if (refused !== null) {
      yield { kind: 'problem', location, message: `granted_by: ${refused}` };
      continue;
    }
    yield { kind: 'record', record, location };
  }
}
