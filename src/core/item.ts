import type { ActorRef } from './activity.ts';

/** An issue or a pull request. */
export type ItemType = 'issue' | 'pr';

/** Where an item stands. `deleted` and `transferred` items keep their history but score nothing new. */
export type ItemState = 'open' | 'closed' | 'deleted' | 'transferred';

/** GitHub's `state_reason` for issues; null when GitHub gave none. */
export type StateReason = 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;

/**
 * What a source saw of an item at `observedAt`. Fields left undefined were not in the source
 * (the trimmed GH Archive shape omits labels, for instance) and must not overwrite what is stored.
 * A snapshot older than the stored one changes nothing.
 */
export interface ItemSnapshot {
  /** Lower-cased `owner/name`. */
  readonly repo: string;
  readonly number: number;
  readonly type: ItemType;
  /** ISO time of the source event that carried this snapshot; orders snapshots. */
  readonly observedAt: string;
  readonly title?: string;
  readonly author?: ActorRef | null;
  readonly labels?: readonly string[];
  readonly state?: ItemState;
  readonly stateReason?: StateReason;
  readonly createdAt?: string;
  readonly closedAt?: string | null;
  readonly mergedAt?: string | null;
  readonly mergedBy?: ActorRef | null;
  readonly url?: string;
  /** For a transferred issue: the `owner/name#number` it moved to. */
  readonly transferredTo?: string;
}

/** An item as stored: the latest known state, with the author resolved to a person. */
export interface Item {
  readonly repo: string;
  readonly number: number;
  readonly type: ItemType;
  readonly title: string | null;
  readonly authorId: number | null;
  readonly labels: readonly string[];
  readonly state: ItemState;
  readonly stateReason: StateReason;
  readonly createdAt: string | null;
  readonly closedAt: string | null;
  readonly mergedAt: string | null;
  readonly mergedById: number | null;
  readonly url: string | null;
}
