/** Who made a decision about people, when and why. */
export interface PeopleDecision {
  /** Who decided: the `--by` option, else the operating-system user. */
  readonly by: string;
  /** ISO UTC time of the decision. */
  readonly at: string;
  readonly reason: string | null;
}

/** A person as a merge record names them: the id and the login they had at the time. */
export interface MergedPersonRef {
  readonly id: number;
  readonly login: string;
}

/**
 * One recorded merge: `merged` was folded into `kept`. `split` is null while the merge is in force,
 * else the decision that undid it.
 */
export interface PersonMerge {
  readonly id: number;
  readonly kept: MergedPersonRef;
  readonly merged: MergedPersonRef;
  readonly decision: PeopleDecision;
  readonly split: PeopleDecision | null;
}
