import { readGhArchiveFile } from '../adapters/gharchive/read-gharchive-file.ts';
import { compactGhArchiveEvent } from '../adapters/github/compact-github-payload.ts';
import { mapGhArchiveEvent } from '../adapters/github/map-gharchive-event.ts';
import { toUtcSecond } from '../adapters/github/to-utc-second.ts';
import type { IngestItem } from '../app/ingest.ts';
import type { MapResult } from '../core/source-record.ts';
import { parseUtcTime } from '../core/time/parse-utc-time.ts';

/** Line counts of one GH Archive read, filled in when the read ends. */
export interface GhArchiveLineCounts {
  lines: number;
  outsideFilter: number;
  /** Why the gzip data ended early, or null when the file was read to its end. */
  brokenGzip: string | null;
}

/**
 * Streams a GH Archive file as ingestion items: each event of a type rungs uses becomes a record
 * keyed by the event id (unique across GH Archive), other events are counted as ignored with their
 * type, malformed lines are located problems (`file:line`).
 */
export async function* readGhArchiveIngestItems(
  path: string,
  filter: { readonly orgs: readonly string[]; readonly repos: readonly string[] },
  counts: GhArchiveLineCounts,
): AsyncIterable<IngestItem> {
  for await (const entry of readGhArchiveFile(path, { filter })) {
    switch (entry.kind) {
      case 'event':
        yield toGhArchiveIngestItem(entry.event, `${path}:${entry.line}`);
        break;
      case 'malformed':
        yield { kind: 'problem', location: `${path}:${entry.line}`, message: entry.message };
        break;
      case 'done':
        counts.lines = entry.lines;
        counts.outsideFilter = entry.skipped;
        counts.brokenGzip = entry.brokenGzip;
        break;
    }
  }
}

/** GH Archive-shaped events made in memory (the demo community) as ingestion items. */
export function* ghArchiveEventsToIngestItems(events: Iterable<object>): Iterable<IngestItem> {
  let index = 0;
  for (const event of events) {
    index += 1;
    yield toGhArchiveIngestItem(event as Record<string, unknown>, `event ${index}`);
  }
}

/** Maps a kept GH Archive event again, for `rungs rebuild`. */
export function mapGhArchiveRecord(payload: unknown): MapResult {
  return mapGhArchiveEvent(payload);
}

function toGhArchiveIngestItem(event: Record<string, unknown>, location: string): IngestItem {
  // A created_at that is there but impossible is the event's fault: a problem, not an unused event.
  const createdAt = event.created_at;
  if (typeof createdAt === 'string') {
    const parsed = parseUtcTime(createdAt);
    if (parsed.kind === 'invalid') {
      const message = `event ${String(event.id)} rejected: created_at: ${parsed.message}`;
      return { kind: 'problem', location, message, rejected: true };
    }
  }
  const mapped = mapGhArchiveEvent(event);
  if (mapped.kind === 'ignored') return { kind: 'ignored', location, reason: mapped.reason };
  return {
    kind: 'record',
    location,
    record: {
      source: 'gharchive',
      key: String(event.id),
      // The mapper read this time, so it is a time; stored as the UTC second.
      occurredAt: toUtcSecond(event.created_at) ?? String(event.created_at),
      // Only what the mapper reads is kept (proved by the compaction's tests): a rebuild maps the
      // same observations from a fifth of the bytes.
      payload: compactGhArchiveEvent(event),
      observations: mapped.observations,
    },
  };
}
