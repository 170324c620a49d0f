import type { IngestItem } from '../../app/ingest.ts';
import { parseActivityRow, toActivitySourceRecord } from './map-activity-row.ts';
import { readActivitiesFile } from './read-activities-file.ts';

/**
 * Streams an activities file (CSV or JSON lines) as ingestion items: a record per good row, and
 * one located problem per bad row (`meetings.csv:14` with `date: expected ...`, every problem of
 * the row joined by `; `). Re-importing the same file stores nothing new. Throws an InputError for
 * a missing file or an unsupported extension.
 */
export async function* readActivityIngestItems(path: string): AsyncGenerator<IngestItem> {
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
    yield { kind: 'record', record: toActivitySourceRecord(parsed.row), location };
  }
}
