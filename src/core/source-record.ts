import type { ActivityRecord, ActorRef } from './activity.ts';
import type { ItemSnapshot } from './item.ts';

/** The sources rungs imports from; each owns the mapping from its raw records to observations. */
export type SourceName = 'webhook' | 'gharchive' | 'git' | 'activities' | 'github_api';

/** One fact a source observed. */
export type Observation =
  | { readonly kind: 'actor'; readonly actor: ActorRef }
  | { readonly kind: 'item'; readonly item: ItemSnapshot }
  | { readonly kind: 'activity'; readonly activity: ActivityRecord };

/**
 * One raw input record (a webhook delivery, a GH Archive event, a commit, a CSV row) with what it
 * maps to. `payload` is kept verbatim so derived tables can be rebuilt by mapping it again;
 * `(source, key)` identifies it, so storing it twice is a no-op.
 */
export interface SourceRecord {
  readonly source: SourceName;
  /** Natural key within the source: delivery id, event id, commit sha, row id. */
  readonly key: string;
  /** ISO time the record describes (event time), for ordering and display. */
  readonly occurredAt: string;
  readonly payload: unknown;
  readonly observations: readonly Observation[];
}

/** A mapping that produced nothing says why, so no input is dropped silently. */
export type MapResult =
  | { readonly kind: 'mapped'; readonly observations: readonly Observation[] }
  | { readonly kind: 'ignored'; readonly reason: string };
