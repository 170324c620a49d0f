import type { SourceRecord } from '../core/source-record.ts';
import { type IngestItem, type IngestOptions, type IngestSummary, ingest } from './ingest.ts';
import type { RebuildStore, RecordMappers, StoredSourceRecord } from './ports.ts';

/**
 * Drops every derived row (items, activities) and maps every kept raw record again with today's
 * mappers. People, identities, merges and bot decisions are kept. Running it twice gives the same
 * tables; a record today's mapper rejects is reported, not lost (its raw record stays stored).
 */
export async function rebuild(
  store: RebuildStore,
  mappers: RecordMappers,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  await store.clearDerived();
  return ingest(remap(store.readSourceRecords(2000), mappers), store, options);
}

async function* remap(
  chunks: AsyncIterable<readonly StoredSourceRecord[]>,
  mappers: RecordMappers,
): AsyncIterable<IngestItem> {
  for await (const chunk of chunks) {
    for (const stored of chunk) {
      const location = `${stored.source}:${stored.key}`;
      let result: ReturnType<RecordMappers[keyof RecordMappers]>;
      try {
        result = mappers[stored.source](stored.payload);
      } catch (error) {
        yield { kind: 'problem', location, message: error instanceof Error ? error.message : String(error) };
        continue;
      }
      if (result.kind === 'ignored') {
        yield { kind: 'ignored', location, reason: result.reason };
        continue;
      }
      const record: SourceRecord = { ...stored, observations: result.observations };
      yield { kind: 'record', record };
    }
  }
}
