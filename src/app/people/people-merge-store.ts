import type { PersonCandidate } from './person-candidate.ts';
import type { PeopleDecision, PersonMerge } from './person-merge.ts';

/** What a split did, or why it could not. */
export type SplitStoreResult =
  | { readonly kind: 'split'; readonly merge: PersonMerge }
  | {
      /** The kept person was merged into someone else since: that later merge must be split first. */
      readonly kind: 'kept_merged_away';
      readonly merge: PersonMerge;
    };

/** Merges and splits of people, each recorded with who, when and why; they survive rebuilds. */
export interface PeopleMergeStore {
  /** Every person `name` could mean (by id, login, email, former login or handle); a person may appear more than once. */
  findPeopleNamed(name: string): Promise<readonly PersonCandidate[]>;
  /**
   * Folds `mergedId` into `keptId` (identities, acts, item references) and records the merge with
   * what moved; throws `PeopleStoreError` (`same_person`, `unknown_person`) changing nothing.
   */
  mergePeople(keptId: number, mergedId: number, decision?: PeopleDecision): Promise<PersonMerge>;
  /** The merges in force whose merged person `name` names (their id, a moved identity or their login then). */
  findMergesInForce(name: string): Promise<readonly PersonMerge[]>;
  /**
   * Undoes merge `mergeId`: the merged person comes back with their id, and the identities, acts and
   * item references the merge moved go back to them. Throws `PeopleStoreError` (`unknown_merge`)
   * for a merge not in force.
   */
  splitMerge(mergeId: number, decision: PeopleDecision): Promise<SplitStoreResult>;
  /** Every recorded merge, oldest first, split ones included. */
  listMerges(): Promise<readonly PersonMerge[]>;
}
