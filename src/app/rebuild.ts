import type { SourceRecord } from '../core/source-record.ts';
import { type DeliveryMapper, toStorableRecord } from './accept-webhook-delivery.ts';
import { type IngestItem, type IngestOptions, type IngestSummary, ingest } from './ingest.ts';
import type { RebuildStore, RecordMappers, RejectedDeliveryStore, StoredSourceRecord } from './ports.ts';

/** The webhook deliveries once refused, and how to map them, for a rebuild to try again. */
export interface RejectedDeliveryRetry {
  readonly rejections: RejectedDeliveryStore;
  readonly toRecord: DeliveryMapper;
}

/**
 * Drops every derived row (items, activities) and maps every kept raw record again with today's
 * mappers. People, identities, merges and bot decisions are kept. Running it twice gives the same
 * tables; a record today's mapper rejects is reported, not lost (its raw record stays stored).
 * With `retry`, then tries every refused webhook delivery again: one that can now be stored is
 * stored (idempotent by delivery id) and leaves the shelf, one now of no use leaves it as ignored,
 * one still refused stays and is reported as a problem with its reason.
 */
export async function rebuild(
  store: RebuildStore,
  mappers: RecordMappers,
  options: IngestOptions = {},
  retry?: RejectedDeliveryRetry,
): Promise<IngestSummary> {
  await store.clearDerived();
  const now = options.now ?? `${new Date().toISOString().slice(0, 19)}Z`;
  const summary = await ingest(remap(store.readSourceRecords(2000), mappers), store, { ...options, now });
  if (retry === undefined) return summary;
  return retryRejectedDeliveries(store, retry, now, summary, options.keepProblems ?? 50);
}

async function retryRejectedDeliveries(
  store: RebuildStore,
  retry: RejectedDeliveryRetry,
  now: string,
  summary: IngestSummary,
  keepProblems: number,
): Promise<IngestSummary> {
  let { records, newRecords, newActivities, itemsTouched, ignored, problemCount, rejected } = summary;
  const problems = [...summary.problems];
  const ignoredByReason = new Map(summary.ignoredByReason);
  for (const delivery of await retry.rejections.readRejectedDeliveries()) {
    const checked = toStorableRecord(retry.toRecord, delivery, now);
    switch (checked.kind) {
      case 'record': {
        const written = await store.writeBatch([checked.record]);
        records += written.records;
        newRecords += written.newRecords;
        newActivities += written.newActivities;
        itemsTouched += written.itemsTouched;
        await retry.rejections.removeRejectedDelivery(delivery.id);
        break;
      }
      case 'ignored':
        ignored += 1;
        ignoredByReason.set(checked.reason, (ignoredByReason.get(checked.reason) ?? 0) + 1);
        await retry.rejections.removeRejectedDelivery(delivery.id);
        break;
      case 'rejected':
        problemCount += 1;
        rejected += 1;
        if (problems.length < keepProblems) {
          problems.push({
            location: `delivery ${delivery.id}`,
            message: `still rejected (kept for the next rebuild): ${checked.reason}`,
          });
        }
        break;
    }
  }
  return {
    ...summary,
    records,
    newRecords,
    newActivities,
    itemsTouched,
    ignored,
    ignoredByReason: [...ignoredByReason.entries()].sort((a, b) => b[1] - a[1]),
    problemCount,
    problems,
    rejected,
  };
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
