import type { Group } from '../core/groups/group.ts';
import type { PersonSummary, ScoringFact } from '../core/scoring-fact.ts';
import type { MapResult, SourceName, SourceRecord } from '../core/source-record.ts';

/** What one stored batch changed; counts of rows that were new, so a replay reports zeros. */
export interface BatchSummary {
  readonly records: number;
  readonly newRecords: number;
  readonly newActivities: number;
  readonly itemsTouched: number;
}

/** Where ingestion writes. Every write is idempotent: a batch stored twice changes nothing. */
export interface IngestStore {
  /** Stores the raw records and applies their observations, all in one transaction. */
  writeBatch(records: readonly SourceRecord[]): Promise<BatchSummary>;
}

/** A webhook delivery kept because its payload could not be stored. */
export interface RejectedDelivery {
  readonly id: string;
  readonly event: string;
  readonly payload: unknown;
  /** Why it was refused, with the JSON path at fault. */
  readonly reason: string;
}

/**
 * Where refused webhook deliveries wait for a fix, one per delivery id, so GitHub's redeliveries of
 * the same delivery never pile up and `rungs rebuild` can store them once the cause is fixed.
 */
export interface RejectedDeliveryStore {
  /** Keeps the delivery (its first payload; a redelivery updates the reason); true when it was not kept before. */
  keepRejectedDelivery(delivery: RejectedDelivery): Promise<boolean>;
  /** Every kept delivery, oldest first. */
  readRejectedDeliveries(): Promise<readonly RejectedDelivery[]>;
  /** Forgets a delivery, once it is stored. */
  removeRejectedDelivery(id: string): Promise<void>;
}

/** A stored cursor, as listed for status reports. */
export interface NamedCursor {
  readonly name: string;
  readonly value: string;
  /** ISO time the cursor was last written. */
  readonly updatedAt: string;
}

/** Named progress markers for incremental imports (`git:owner/name`, `sync:owner/name:issues`). */
export interface CursorStore {
  readCursor(name: string): Promise<string | null>;
  writeCursor(name: string, value: string): Promise<void>;
  /** Every cursor whose name starts with `prefix` (case-sensitive), ordered by name. */
  listCursors(prefix: string): Promise<readonly NamedCursor[]>;
}

/** A stored raw record, as read back for a rebuild. */
export interface StoredSourceRecord {
  readonly source: SourceName;
  readonly key: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

/** What a rebuild needs: the raw records, and a way to drop everything derived from them. */
export interface RebuildStore extends IngestStore {
  /** Deletes items and activities (people, identities and decisions about them stay). */
  clearDerived(): Promise<void>;
  /** Streams every raw record in the order it was first stored, in chunks. */
  readSourceRecords(chunkSize: number): AsyncIterable<readonly StoredSourceRecord[]>;
}

/** Maps one raw payload of a source again, for a rebuild. */
export type RecordMappers = Readonly<Record<SourceName, (payload: unknown) => MapResult>>;

/** Which activities a read wants. Times are ISO strings; `from` inclusive, `to` exclusive. */
export interface ActivityFilter {
  readonly from?: string | null;
  readonly to?: string | null;
  /** Lower-cased `owner/name`. */
  readonly repo?: string | null;
  /** Lower-cased `owner/name` of several repositories (a group's); an empty list matches nothing. */
  readonly repos?: readonly string[] | null;
  readonly personId?: number | null;
  /** Only acts at these moments (ISO, as stored); an empty list matches nothing. */
  readonly at?: readonly string[] | null;
}

/** Reads what scoring and the leaderboard need. */
export interface ActivityReader {
  /** Streams activities with their items' current state, in chunks, ordered by time. */
  readScoringFacts(filter: ActivityFilter, chunkSize?: number): AsyncIterable<readonly ScoringFact[]>;
  /** The people with these ids (all people when omitted). */
  readPeople(ids?: readonly number[]): Promise<readonly PersonSummary[]>;
  /** The person a login (case-insensitive, current or former) belongs to, or null. */
  findPersonByLogin(login: string): Promise<PersonSummary | null>;
}

/** Decisions about people that survive rebuilds (merges and splits: `PeopleMergeStore`). */
export interface PeopleStore {
  /** Overrides bot detection for one person. */
  setBot(personId: number, isBot: boolean): Promise<void>;
}

/** Reads the community's groups (SIGs, working groups, subprojects). */
export interface GroupReader {
  /** Every group, parents before their subprojects, in the order they were imported. */
  readGroups(): Promise<readonly Group[]>;
}

/** Where the groups live. An import replaces them all at once: readers see the old set or the new one. */
export interface GroupStore extends GroupReader {
  /** Replaces every stored group with `groups` in one transaction. */
  replaceGroups(groups: readonly Group[]): Promise<void>;
}
