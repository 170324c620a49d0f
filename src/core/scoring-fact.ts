import type { ActivityKind } from './activity.ts';
import type { ItemState, ItemType, StateReason } from './item.ts';

/**
 * One stored activity joined with the current state of its item: everything scoring needs to
 * decide what the act is worth today. Relabelling an item changes the facts, so points follow.
 */
export interface ScoringFact {
  readonly key: string;
  readonly personId: number;
  readonly kind: ActivityKind;
  readonly occurredAt: string;
  readonly repo: string | null;
  readonly itemNumber: number | null;
  readonly url: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  /** The item's current state, or null when the act has no item or the item was never seen. */
  readonly item: ScoringItem | null;
}

/** The item facts scoring reads. */
export interface ScoringItem {
  readonly type: ItemType;
  readonly labels: readonly string[];
  readonly state: ItemState;
  readonly stateReason: StateReason;
  readonly mergedAt: string | null;
  /** The item author's person id, when known. */
  readonly authorId: number | null;
}

/** A person as scoring and display see them. */
export interface PersonSummary {
  readonly id: number;
  /** The current GitHub login when known, else a stable handle (an email's local part, a name). */
  readonly login: string;
  readonly name: string | null;
  readonly githubId: number | null;
  readonly isBot: boolean;
}
