import type { SourceRecord } from '../core/source-record.ts';
import type { IngestStore } from './ports.ts';

/** One webhook delivery whose signature has been checked. */
export interface WebhookDelivery {
  /** `X-GitHub-Delivery`: the same for a redelivery, so it is the record's key. */
  readonly id: string;
  /** `X-GitHub-Event`. */
  readonly event: string;
  readonly payload: unknown;
}

/** What became of a delivery. */
export type DeliveryOutcome =
  | {
      readonly kind: 'stored';
      /** False for a redelivery (or a replay): nothing changed. */
      readonly newRecord: boolean;
      readonly newActivities: number;
    }
  | { readonly kind: 'ignored'; readonly reason: string };

/** Turns a delivery into the source record the file import would make, or says why it is of no use. */
export type DeliveryMapper = (delivery: WebhookDelivery) => SourceRecord | { readonly ignored: string };

/**
 * Stores a delivery as one source record and applies what it maps to, in one transaction, so
 * when this resolves the delivery is durable and already counted. Idempotent by delivery id: a
 * redelivery stores nothing. A delivery rungs does not use is not stored. Rejects only when the
 * store fails (the sender should deliver again).
 */
export async function acceptWebhookDelivery(
  store: IngestStore,
  toRecord: DeliveryMapper,
  delivery: WebhookDelivery,
): Promise<DeliveryOutcome> {
  const record = toRecord(delivery);
  if ('ignored' in record) return { kind: 'ignored', reason: record.ignored };
  const summary = await store.writeBatch([record]);
  return { kind: 'stored', newRecord: summary.newRecords > 0, newActivities: summary.newActivities };
}
