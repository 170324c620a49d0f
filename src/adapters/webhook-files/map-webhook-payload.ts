import type { MapResult } from '../../core/source-record.ts';
import { mapGitHubEvent } from '../github/map-github-event.ts';

/**
 * Maps a stored webhook record's payload, `{event, payload}`, again (the `webhook` mapper of a
 * rebuild). The event time comes from the payload, so the result is the same on every run.
 * Anything else is `ignored` with the reason; never throws.
 */
export function mapWebhookPayload(raw: unknown): MapResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { kind: 'ignored', reason: 'webhook record is not an object' };
  }
  const { event, payload } = raw as Readonly<Record<string, unknown>>;
  if (typeof event !== 'string' || event === '') return { kind: 'ignored', reason: 'event missing' };
  return mapGitHubEvent({ event, payload });
}
