import { assertNever } from '../core/assert-never.ts';
import { findImplausibleTimes } from '../core/records/find-implausible-times.ts';
import {
  findNul,
  findRecordProblems,
  NUL_MESSAGE,
  type RecordProblem,
} from '../core/records/find-record-problems.ts';
import type { SourceRecord } from '../core/source-record.ts';
import type { IngestStore, RejectedDeliveryStore } from './ports.ts';

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
  | { readonly kind: 'ignored'; readonly reason: string }
  | {
      readonly kind: 'rejected';
      /** What cannot be stored, with the JSON path or record field at fault. */
      readonly reason: string;
      /** False for a redelivery of a delivery already kept as rejected. */
      readonly newRejection: boolean;
    };

/**
 * Turns a delivery into the source record the file import would make, says why it is of no use
 * (`ignored`), or why it cannot be stored (`rejected`: a field that is there but wrong).
 */
export type DeliveryMapper = (
  delivery: WebhookDelivery,
) => SourceRecord | { readonly ignored: string } | { readonly rejected: string };

/** Where deliveries go: the record store, and the shelf for the ones that cannot be stored. */
export interface DeliveryStores {
  readonly records: IngestStore;
  readonly rejections: RejectedDeliveryStore;
}

/**
 * Stores a delivery as one source record and applies what it maps to, in one transaction, so
 * when this resolves the delivery is durable and already counted. Idempotent by delivery id: a
 * redelivery stores nothing. A delivery rungs does not use is not stored. A delivery that cannot
 * be stored (a refused field, see `findRecordProblems`; a time GitHub cannot have written, see
 * `findImplausibleTimes` against `now`) is kept raw, once per delivery id, and `rejected` with the
 * reason, so the sender sees it and a rebuild can store it after a fix. Rejects only when a store
 * fails (the sender should deliver again).
 */
export async function acceptWebhookDelivery(
  stores: DeliveryStores,
  toRecord: DeliveryMapper,
  delivery: WebhookDelivery,
  now: string,
): Promise<DeliveryOutcome> {
  const checked = toStorableRecord(toRecord, delivery, now);
  switch (checked.kind) {
    case 'ignored':
      return checked;
    case 'record': {
      const summary = await stores.records.writeBatch([checked.record]);
      return { kind: 'stored', newRecord: summary.newRecords > 0, newActivities: summary.newActivities };
    }
    case 'rejected': {
      const newRejection = await stores.rejections.keepRejectedDelivery({
        ...delivery,
        reason: checked.reason,
      });
      return { kind: 'rejected', reason: checked.reason, newRejection };
    }
    default:
      return assertNever(checked, 'checked delivery');
  }
}

/** A delivery mapped and checked, not yet stored. */
export type CheckedDelivery =
  | { readonly kind: 'record'; readonly record: SourceRecord }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string };

/**
 * Maps a delivery and checks its record as ingestion does (`findRecordProblems`, then
 * `findImplausibleTimes` against `now`, which rejects for a GitHub source). Pure but for `toRecord`.
 */
export function toStorableRecord(
  toRecord: DeliveryMapper,
  delivery: WebhookDelivery,
  now: string,
): CheckedDelivery {
  // Located in the delivery's own terms (`payload.issue.title`), before the mapping moves it.
  const nul = findNul(delivery.payload, 'payload');
  if (nul !== null) return { kind: 'rejected', reason: `${nul}: ${NUL_MESSAGE}` };
  const record = toRecord(delivery);
  if ('ignored' in record) return { kind: 'ignored', reason: record.ignored };
  if ('rejected' in record) return { kind: 'rejected', reason: record.rejected };
  const problem = describeProblems(record, now);
  return problem === null ? { kind: 'record', record } : { kind: 'rejected', reason: problem };
}

function describeProblems(record: SourceRecord, now: string): string | null {
  const problems: readonly RecordProblem[] = findRecordProblems(record);
  const found = problems.length > 0 ? problems : findImplausibleTimes(record, now);
  const first = found[0];
  if (first === undefined) return null;
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}
