import { createHash } from 'node:crypto';
import type { IngestItem } from '../../app/ingest.ts';
import type { SourceRecord } from '../../core/source-record.ts';
import { compactWebhookPayload } from '../github/compact-github-payload.ts';
import { toGitHubEventTime } from '../github/github-event-time.ts';
import { mapWebhookPayload } from './map-webhook-payload.ts';
import type { WebhookFileEntry } from './read-webhook-files.ts';
import { toCanonicalJson } from './to-canonical-json.ts';

/**
 * Why an entry gave no record: `ignored` when the delivery was read but is of no use to rungs (an
 * event it does not map, a payload without the fields it needs), otherwise a reading problem.
 */
export interface WebhookRecordRejection {
  readonly error: string;
  readonly ignored: boolean;
  /** True when the delivery was read but a field of it cannot be stored (an impossible time). */
  readonly rejected?: boolean;
}

/**
 * The source record of one delivery read from a file: source `webhook`, keyed by the delivery id
 * when the file kept it, else by `sha256:` of the canonical `{event, payload}` text (so the same
 * delivery read twice has the same key), its payload kept as `{event, payload}` for
 * {@link mapWebhookPayload} to map again in a rebuild.
 */
export function toWebhookSourceRecord(entry: WebhookFileEntry): SourceRecord | WebhookRecordRejection {
  if (entry.kind === 'error') return { error: entry.message, ignored: false };
  const delivered = { event: entry.event, payload: entry.payload };
  const payloadObject =
    typeof entry.payload === 'object' && entry.payload !== null && !Array.isArray(entry.payload)
      ? (entry.payload as Readonly<Record<string, unknown>>)
      : null;
  const time = payloadObject === null ? null : toGitHubEventTime(entry.event, payloadObject);
  // A time that is there but impossible is the delivery's fault: a problem, not an unused event.
  if (time?.kind === 'invalid') {
    return { error: `${time.path}: ${time.message}`, ignored: false, rejected: true };
  }
  const mapped = mapWebhookPayload(delivered);
  if (mapped.kind === 'ignored') return { error: mapped.reason, ignored: true };
  // Mapping succeeded, so the payload is an object with a known time.
  if (time === null || time.kind !== 'known') {
    return { error: `${time?.kind === 'unknown' ? time.missing : 'event time'} missing`, ignored: true };
  }
  const key =
    entry.deliveryId ?? `sha256:${createHash('sha256').update(toCanonicalJson(delivered)).digest('hex')}`;
  // Kept for rebuilds: only what the mapper reads (the compaction's tests prove the mapping is equal).
  const payload = { event: entry.event, payload: compactWebhookPayload(entry.event, entry.payload) };
  return { source: 'webhook', key, occurredAt: time.time, payload, observations: mapped.observations };
}

/** {@link toWebhookSourceRecord} as ingestion takes it, located as `file:line`. */
export function toWebhookIngestItem(entry: WebhookFileEntry): IngestItem {
  const location = `${entry.file}:${entry.line}`;
  const result = toWebhookSourceRecord(entry);
  if (!('error' in result)) return { kind: 'record', record: result, location };
  return result.ignored
    ? { kind: 'ignored', location, reason: result.error }
    : result.rejected === true
      ? { kind: 'problem', location, message: `delivery rejected: ${result.error}`, rejected: true }
      : { kind: 'problem', location, message: result.error };
}
