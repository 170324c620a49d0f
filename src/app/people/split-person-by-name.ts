import type { PeopleMergeStore } from './people-merge-store.ts';
import type { PeopleDecision, PersonMerge } from './person-merge.ts';

/** What `rungs people split` did, or why it did nothing. */
export type SplitByNameResult =
  | { readonly kind: 'split'; readonly merge: PersonMerge }
  | { readonly kind: 'unknown'; readonly name: string }
  | { readonly kind: 'ambiguous'; readonly name: string; readonly merges: readonly PersonMerge[] }
  | { readonly kind: 'kept_merged_away'; readonly merge: PersonMerge };

/**
 * Undoes the merge in force that folded away the person `name` names (their former id, a login or
 * email that moved with them, or their login then) and records who split it, when and why.
 */
export async function splitPersonByName(
  store: PeopleMergeStore,
  name: string,
  decision: PeopleDecision,
): Promise<SplitByNameResult> {
  const merges = await store.findMergesInForce(name);
  if (merges.length === 0) return { kind: 'unknown', name };
  if (merges.length > 1) return { kind: 'ambiguous', name, merges };
  return store.splitMerge(merges[0]!.id, decision);
}
