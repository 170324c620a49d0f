import type { Observation, SourceName } from '../core/source-record.ts';

/** A stored raw record with the sequence number it was stored under. */
export interface SequencedRecord {
  readonly seq: number;
  readonly source: SourceName;
  readonly key: string;
  readonly payload: unknown;
}

/** An issue or pull request, by repository and number. */
export interface ItemRef {
  readonly repo: string;
  readonly number: number;
}

/** What a round of stored records touched: the activities (by key) and the items. */
export interface RecordChanges {
  readonly keys: readonly string[];
  readonly items: readonly ItemRef[];
}

/** Adds to `changes` the activities (by key) and items that a record's observations touch. */
export function addRecordChanges(
  observations: readonly Observation[],
  changes: { readonly keys: string[]; readonly items: ItemRef[] },
): void {
  for (const observation of observations) {
    if (observation.kind === 'activity') {
      changes.keys.push(observation.activity.key);
      const { repo, itemNumber } = observation.activity;
      if (repo !== null && itemNumber !== null) changes.items.push({ repo, number: itemNumber });
    } else if (observation.kind === 'item') {
      changes.items.push({ repo: observation.item.repo, number: observation.item.number });
    }
  }
}

/** Somebody's act at a moment: what a round of records touched, for a reader that re-reads by moment. */
export interface ActAt {
  readonly personId: number;
  /** ISO time, as stored. */
  readonly occurredAt: string;
}

/**
 * What a long-running reader (the server) needs to follow writes made by any process: raw records
 * are numbered as they are stored, so "what is new since I looked" is a range of numbers.
 */
export interface ChangeFeed {
  /** The highest sequence number stored so far, 0 when nothing is. */
  readLatestRecordSeq(): Promise<number>;
  /**
   * Sequence numbers of records stored after `seq`, ascending, at most `limit`. On PostgreSQL a
   * number can become visible after a higher one (transactions commit out of order), so a caller
   * looks back a little (see `createDashboard`).
   */
  readRecordSeqsAfter(seq: number, limit: number): Promise<readonly number[]>;
  /** The records with these sequence numbers, ascending; unknown numbers are left out. */
  readRecordsBySeq(seqs: readonly number[]): Promise<readonly SequencedRecord[]>;
  /** Ids of the people with an activity of one of these keys, or on one of these items. */
  readPeopleTouching(activityKeys: readonly string[], items: readonly ItemRef[]): Promise<readonly number[]>;
  /** Who acted when (distinct): the activities of these keys, and every act on one of these items. */
  readActsTouching(activityKeys: readonly string[], items: readonly ItemRef[]): Promise<readonly ActAt[]>;
}
