import { parseActivityRow, toActivitySourceRecord } from '../adapters/activities-file/map-activity-row.ts';
import type { OffGitHubRow } from '../adapters/demo/off-github-row.ts';
import type { IngestItem } from '../app/ingest.ts';

/** The demo's off-GitHub rows, validated exactly as an imported activities file would be. */
export function* offGitHubRowsToIngestItems(rows: Iterable<OffGitHubRow>): Iterable<IngestItem> {
  let index = 0;
  for (const row of rows) {
    index += 1;
    const values = { ...row, points: row.points === undefined ? undefined : String(row.points) };
    const parsed = parseActivityRow(values);
    if (parsed.kind === 'invalid') {
      const message = parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      yield { kind: 'problem', location: `demo row ${index}`, message };
    } else {
      yield { kind: 'record', record: toActivitySourceRecord(parsed.row) };
    }
  }
}
