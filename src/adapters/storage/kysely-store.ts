import type { ActivityColumnReader, ActivityColumnsRead } from '../../app/activity-column-reader.ts';
import type { PeopleMergeStore } from '../../app/people/people-merge-store.ts';
import type {
  ActivityFilter,
  ActivityReader,
  BatchSummary,
  CursorStore,
  GroupStore,
  PeopleStore,
  RebuildStore,
  RejectedDelivery,
  RejectedDeliveryStore,
  StoredSourceRecord,
} from '../../app/ports.ts';
import type { ActivityColumns } from '../../core/activity-columns.ts';
import type { Group } from '../../core/groups/group.ts';
import type { BotList } from '../../core/people/bot-list.ts';
import type { PersonSummary, ScoringFact } from '../../core/scoring-fact.ts';
import type { SourceRecord } from '../../core/source-record.ts';
import type { Database } from './create-database.ts';
import { IdentityCache } from './identity-cache.ts';
import { KyselyActivityColumnReader } from './kysely-activity-column-reader.ts';
import { KyselyActivityReader } from './kysely-activity-reader.ts';
import { KyselyCursorStore } from './kysely-cursor-store.ts';
import { KyselyGroupStore } from './kysely-group-store.ts';
import { KyselyIngestStore } from './kysely-ingest-store.ts';
import { KyselyPeopleStore } from './kysely-people-store.ts';
import { KyselyRejectedDeliveryStore } from './kysely-rejected-delivery-store.ts';

/** Every storage port over one database, for the composition root. */
export interface Store
  extends RebuildStore,
    CursorStore,
    ActivityReader,
    ActivityColumnReader,
    PeopleStore,
    PeopleMergeStore,
    GroupStore,
    RejectedDeliveryStore {
  readonly database: Database;
}

/** Options of {@link createKyselyStore}. */
export interface CreateKyselyStoreOptions {
  /** The clock for stored_at / created_at / updated_at stamps. */
  readonly now?: () => Date;
  /** The community's automation accounts (see `loadBotList`); none when omitted. */
  readonly bots?: BotList;
}

/**
 * The storage ports over `database`, sharing one identity cache so a merge is seen by ingestion at
 * once. Closing stays with the caller (`database.close()`).
 */
export function createKyselyStore(database: Database, options: CreateKyselyStoreOptions = {}): Store {
  const cache = new IdentityCache();
  const now = options.now ?? (() => new Date());
  const ingest = new KyselyIngestStore(database, { cache, now });
  const reader = new KyselyActivityReader(database, options.bots);
  const columnReader = new KyselyActivityColumnReader(database);
  const people = new KyselyPeopleStore(database, cache, now);
  const cursors = new KyselyCursorStore(database, now);
  const groups = new KyselyGroupStore(database);
  const rejections = new KyselyRejectedDeliveryStore(database, now);
  return {
    database,
    writeBatch: (records: readonly SourceRecord[]): Promise<BatchSummary> => ingest.writeBatch(records),
    clearDerived: () => ingest.clearDerived(),
    readSourceRecords: (chunkSize: number): AsyncIterable<readonly StoredSourceRecord[]> =>
      ingest.readSourceRecords(chunkSize),
    readCursor: (name: string) => cursors.readCursor(name),
    writeCursor: (name: string, value: string) => cursors.writeCursor(name, value),
    listCursors: (prefix: string) => cursors.listCursors(prefix),
    readScoringFacts: (filter: ActivityFilter, chunkSize?: number): AsyncIterable<readonly ScoringFact[]> =>
      reader.readScoringFacts(filter, chunkSize),
    readActivityColumns: (
      filter: ActivityFilter,
      read: ActivityColumnsRead,
    ): AsyncIterable<ActivityColumns> => columnReader.readActivityColumns(filter, read),
    readPeople: (ids?: readonly number[]): Promise<readonly PersonSummary[]> => reader.readPeople(ids),
    findPersonByLogin: (login: string) => reader.findPersonByLogin(login),
    mergePeople: (keptId, mergedId, decision) => people.mergePeople(keptId, mergedId, decision),
    findPeopleNamed: (name) => people.findPeopleNamed(name),
    findMergesInForce: (name) => people.findMergesInForce(name),
    splitMerge: (mergeId, decision) => people.splitMerge(mergeId, decision),
    listMerges: () => people.listMerges(),
    setBot: (personId: number, isBot: boolean) => people.setBot(personId, isBot),
    readGroups: () => groups.readGroups(),
    replaceGroups: (list: readonly Group[]) => groups.replaceGroups(list),
    keepRejectedDelivery: (delivery: RejectedDelivery) => rejections.keepRejectedDelivery(delivery),
    readRejectedDeliveries: () => rejections.readRejectedDeliveries(),
    removeRejectedDelivery: (id: string) => rejections.removeRejectedDelivery(id),
  };
}
