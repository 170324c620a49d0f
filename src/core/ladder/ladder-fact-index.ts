import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import type { ActivityColumns } from '../activity-columns.ts';
import { createFactScorer } from '../scoring/create-fact-scorer.ts';
import { ACTIVITY_KIND_INDEX } from '../scoring/kind-counts.ts';
import type { ScoringRules } from '../scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../scoring-fact.ts';
import { DAY_MS } from '../window/utc-calendar.ts';
import { isoTimeToMs } from './iso-time-ms.ts';
import type { LadderPolicy } from './ladder-policy.ts';
import { forEachCountRequirement, REVIEW_STATES } from './ladder-policy.ts';

/** A meeting someone attended: enough to know which meetings of a series were held. */
export interface MeetingRecord {
  readonly series: string | null;
  readonly occurredAt: string;
}

/** An attestation or sponsorship given to a person, with who gave it. */
export interface GrantRecord {
  readonly kind: 'attestation' | 'sponsorship';
  readonly time: number;
  /** Lower-cased login of the giver, or null when the record names none. */
  readonly grantedBy: string | null;
  /** The giver's login as written. */
  readonly grantedByLogin: string | null;
  /** For attestations: what it attests (lower-cased). */
  readonly attestation: string | null;
  /** The level it is for (lower-cased), or null for any. */
  readonly level: string | null;
  readonly affiliation: string | null;
  /** The position of the fact in the index, for evidence. */
  readonly position: number;
}

/**
 * Offsets inside one record of {@link LadderFactIndex.records}: 32-bit words, except the first
 * number, a 64-bit float read through {@link LadderFactIndex.numbers} (at `position * stride / 2`).
 * An act's points are not in its record: they are the step of {@link LadderFactIndex.pointsBefore}.
 */
export const RECORD = {
  /** Float slot 0: the time of the act (ms). */
  timeNumber: 0,
  /** Bits 0-7: index in ACTIVITY_KINDS; bits 8-9: item type (0 none, 1 issue, 2 PR); bits 10-12: review state (0 none, else 1 + REVIEW_STATES index). */
  kindAndFlags: 2,
  /** Index in `repos`, or -1. */
  repo: 3,
  /** Issue or PR number, or -1. */
  itemNumber: 4,
  /** Index in `seriesNames` of a meeting's series, or -1. */
  series: 5,
  /** First of `labelWords` words (none when the policy filters no labels): bit f set when the item carries a label of label filter f. */
  labels: 6,
} as const;

/**
 * Everyone's facts in one flat typed array of fixed-size records (time, kind, repository, item,
 * series, label bits; see {@link RECORD}), grouped by person and ordered by time within a
 * person, so evaluating a requirement is a binary search and a short scan over one person's slice;
 * a running sum of points makes points in any window two lookups. Points are scored once by the
 * policy's scoring rules. Acts the scoring rules exclude (bots, deny-listed people, excluded labels,
 * ...) are left out entirely: they count for nothing anywhere in the ladder.
 */
export interface LadderFactIndex {
  /** Person id -> slot. */
  readonly slotOf: ReadonlyMap<number, number>;
  /** Slot -> person id. */
  readonly personIdOfSlot: Int32Array;
  /** Slot `s` owns positions `start[s]` to `end[s]` (exclusive). */
  readonly start: Uint32Array;
  /**
   * Where each slot's positions end. A built index's slots follow one another (`end[s]` is
   * `start[s + 1]`); a patched one's replaced slots live after the rest (see `patchLadderFactIndex`).
   */
  readonly end: Uint32Array;
  /**
   * Points before each position: the points of positions `i` to `j - 1` of one slot are
   * `pointsBefore[j] - pointsBefore[i]` (only differences within a slot mean anything); at least
   * `size + 1` long.
   */
  readonly pointsBefore: Float64Array;
  /** `stride` words per position; see {@link RECORD}. Times ascend within a slot. */
  readonly records: Int32Array;
  /** The same memory as 64-bit floats: `stride / 2` per position. */
  readonly numbers: Float64Array;
  /** Words per record (even). */
  readonly stride: number;
  /** Label words per record: one per 32 label filters of the policy, none when it has none. */
  readonly labelWords: number;
  /** Label filter of each count requirement that has labels, by requirement path. */
  readonly labelFilterOf: ReadonlyMap<string, number>;
  readonly repos: readonly string[];
  readonly repoIndex: ReadonlyMap<string, number>;
  readonly seriesNames: readonly string[];
  readonly seriesIndex: ReadonlyMap<string, number>;
  /** Attestations and sponsorships per slot, oldest first. */
  readonly grants: ReadonlyMap<number, readonly GrantRecord[]>;
  /** Per series (lower-cased): the sorted distinct UTC day numbers on which anyone attended it. */
  readonly meetingDays: ReadonlyMap<string, Float64Array>;
  /** The facts by position, when kept for evidence; null otherwise. */
  readonly facts: readonly ScoringFact[] | null;
  /** People the scoring rules exclude (bots, the deny-list): they are not on the ladder. */
  readonly excludedPeople: ReadonlySet<number>;
  /** Facts whose person was not in `people`. */
  readonly unknownPersonFacts: number;
  /** Positions used, including the slices of replaced slots that no slot owns any more. */
  readonly size: number;
  /** Of `size`, positions no slot owns (left behind by patches). */
  readonly unusedPositions: number;
}

/** What an index is built from. */
export interface LadderFactIndexInput {
  readonly facts: Iterable<ScoringFact>;
  readonly people: ReadonlyMap<number, PersonSummary>;
  readonly rules: ScoringRules;
  readonly policy: LadderPolicy;
  /** Keep every fact for evidence links (one person's status); leave off when evaluating everyone. */
  readonly keepFacts?: boolean;
  /**
   * Everyone's meeting attendance, when `facts` hold only some people's acts (one person's status),
   * so attendance ratios know which meetings were held. Taken from `facts` when omitted.
   */
  readonly meetings?: Iterable<MeetingRecord>;
  /**
   * Room to keep for patches, as a fraction of the acts (e.g. 0.25); default none. Memory never
   * written costs no page, so room is cheap until a patch uses it.
   */
  readonly spare?: number;
}

/**
 * Builds an index from facts given one at a time or in column batches (e.g. chunks streamed from
 * storage); both give the same index for the same acts in the same order.
 */
export interface LadderFactIndexBuilder {
  /** Takes one fact; the fact object is not kept unless `keepFacts`. */
  add(fact: ScoringFact): void;
  /**
   * Takes a batch of acts in columns, with no object per act; the batch is not kept, and may be
   * reused for the next one. Throws when the index keeps its facts (there are none to keep).
   */
  addColumns(columns: ActivityColumns): void;
  /** Groups what was added into the index. Call once. */
  finish(): LadderFactIndex;
}

/**
 * The kinds whose details the index reads (review states, meeting series, bonus points, who gave a
 * grant): a reader of columns may leave out the details of every other kind.
 */
export const LADDER_DETAIL_KINDS: readonly ActivityKind[] = [
  'pr_reviewed',
  'meeting_attended',
  'bonus',
  'attestation',
  'sponsorship',
];

/** Person ids below this are looked up in a typed table while indexing. */
const MAX_TABLE_ID = 1 << 25;
const ITEM_ISSUE = 1 << 8;
const ITEM_PR = 2 << 8;
const MEETING_KIND = ACTIVITY_KIND_INDEX.get('meeting_attended')!;
const REVIEWED_KIND = ACTIVITY_KIND_INDEX.get('pr_reviewed')!;
const ATTESTATION_KIND = ACTIVITY_KIND_INDEX.get('attestation')!;
const SPONSORSHIP_KIND = ACTIVITY_KIND_INDEX.get('sponsorship')!;
const NO_DETAILS: Readonly<Record<string, unknown>> = Object.freeze({});
const KIND_COUNT = ACTIVITY_KINDS.length;
/** What an act's points depend on besides its kind (see `FactScorer.pointsDependOn`). */
const DEPENDS_ON_KIND = 0;
const DEPENDS_ON_ITEM = 1;
const DEPENDS_ON_DETAILS = 2;
/** Word offsets in the per-item table of the columnar path. */
const ITEM_EXCLUDED_KINDS = 0;
const ITEM_TYPE_FLAGS = 1;
const ITEM_LABELS = 2;
const REVIEW_STATE_CODE: ReadonlyMap<string, number> = new Map(
  REVIEW_STATES.map((state, index) => [state, (index + 1) << 10]),
);

/** The item type coded in a record's first word: 0 none, 1 issue, 2 PR. */
export function itemTypeOf(kindAndFlags: number): number {
  return (kindAndFlags >>> 8) & 3;
}

/** The review state coded in a record's first word: 0 none, else 1 + index in REVIEW_STATES. */
export function reviewStateOf(kindAndFlags: number): number {
  return (kindAndFlags >>> 10) & 7;
}

/** The kind (index in ACTIVITY_KINDS) coded in a record's first word. */
export function kindOf(kindAndFlags: number): number {
  return kindAndFlags & 255;
}

/** The time (ms) of the act at `position`. */
export function timeAt(index: LadderFactIndex, position: number): number {
  return index.numbers[position * (index.stride >>> 1)]!;
}

/** The first position in `[from, to)` whose act happened at or after `time` (ms). */
export function lowerBound(index: LadderFactIndex, from: number, to: number, time: number): number {
  const numbers = index.numbers;
  const half = index.stride >>> 1;
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (numbers[middle * half]! < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Slots per staging bucket (as a shift): acts are staged by bucket, so grouping them writes few places at once. */
const BUCKET_SHIFT = 9;
/** Acts per staging block: a bucket's blocks are filled in input order, never copied to grow. */
const BLOCK_SIZE = 2048;
/** Acts in a bucket's first block: a community of many people with few acts each wastes little. */
const FIRST_BLOCK_SIZE = 128;

/** A block of staged records (the index's layout) with each record's person slot. */
interface StagingBlock {
  readonly slot: Int32Array;
  /** The points of each act (the index keeps only their running sum). */
  readonly points: Float64Array;
  readonly records: Int32Array;
  readonly numbers: Float64Array;
}

/** A grant staged for its record, built once its position is known. */
interface StagedGrant {
  readonly slot: number;
  /** Its place among the acts of its bucket. */
  readonly staged: number;
  readonly kind: ActivityKind;
  readonly time: number;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * The acts of a range of slots, in input order: grouping by person then scatters each bucket into
 * its own stretch of the index, a few hundred write streams instead of one per person (which made
 * nearly every write a cache miss on large communities).
 */
interface StagingBucket {
  readonly blocks: StagingBlock[];
  /** The last block, being filled. */
  block: StagingBlock;
  /** Records used in the last block. */
  fill: number;
  /** Acts staged in the bucket. */
  count: number;
  readonly grants: StagedGrant[];
  /** The facts, in staging order, when kept. */
  readonly facts: ScoringFact[] | null;
}

/**
 * Builds the index in one pass over `facts` (any order, fastest in time order) and one grouping
 * pass; the facts are not kept unless `keepFacts`. Label filters come from the policy's counts.
 */
export function buildLadderFactIndex(input: LadderFactIndexInput): LadderFactIndex {
  const builder = createLadderFactIndexBuilder(input);
  for (const fact of input.facts) builder.add(fact);
  return builder.finish();
}

/** Starts an index like {@link buildLadderFactIndex}, taking the facts one by one or in columns. */
export function createLadderFactIndexBuilder(
  input: Omit<LadderFactIndexInput, 'facts'>,
): LadderFactIndexBuilder {
  const scorer = createFactScorer(input.rules);
  const labelFilters = collectLabelFilters(input.policy);
  const labelWords = Math.ceil(labelFilters.length / 32);
  // Records are whole 64-bit units so the float view lines up.
  const stride = (RECORD.labels + labelWords + 1) & ~1;
  const half = stride >>> 1;
  /** Lower-cased label -> the filters listing it. */
  const filtersOfLabel = new Map<string, number[]>();
  labelFilters.forEach((labels, filter) => {
    for (const label of labels) {
      const list = filtersOfLabel.get(label) ?? [];
      list.push(filter);
      filtersOfLabel.set(label, list);
    }
  });
  /** Raw label -> filters, remembered (labels are few). */
  const rawLabelFilters = new Map<string, readonly number[] | null>();
  /** Sets the label filter bits of `labels` in `words` from `offset` (which start at zero). */
  const writeLabelBits = (labels: readonly string[], words: Int32Array, offset: number): void => {
    for (let i = 0; i < labels.length; i++) {
      const raw = labels[i]!;
      let filters = rawLabelFilters.get(raw);
      if (filters === undefined) {
        filters = filtersOfLabel.get(raw.trim().toLowerCase()) ?? null;
        rawLabelFilters.set(raw, filters);
      }
      if (filters === null) continue;
      for (const filter of filters) words[offset + (filter >>> 5)]! |= 1 << (filter & 31);
    }
  };

  const slotOf = new Map<number, number>();
  const personIds: number[] = [];
  /** Acts staged per slot. */
  let slotCounts = new Uint32Array(1024);
  const excludedPeople = new Set<number>();
  const repoIndex = new Map<string, number>();
  const repos: string[] = [];
  const seriesIndex = new Map<string, number>();
  const seriesNames: string[] = [];
  const keepFacts = input.keepFacts === true;
  const meetingDaySets = new Map<string, Set<number>>();
  /** Series index -> its set of meeting days (when the facts give the meetings). */
  const meetingDaysOfSeries: Set<number>[] = [];
  const ownMeetings = input.meetings === undefined;
  let unknownPersonFacts = 0;

  const internRepo = (repo: string): number => {
    let index = repoIndex.get(repo);
    if (index === undefined) {
      index = repos.length;
      repos.push(repo);
      repoIndex.set(repo, index);
    }
    return index;
  };
  const internSeries = (series: unknown): number => {
    if (typeof series !== 'string') return -1;
    const key = series.trim().toLowerCase();
    let index = seriesIndex.get(key);
    if (index === undefined) {
      index = seriesNames.length;
      seriesNames.push(key);
      seriesIndex.set(key, index);
    }
    return index;
  };
  const meetingDaysOf = (key: string): Set<number> => {
    let days = meetingDaySets.get(key);
    if (days === undefined) {
      days = new Set();
      meetingDaySets.set(key, days);
    }
    return days;
  };
  const addMeetingDay = (series: unknown, time: number): void => {
    if (typeof series !== 'string' || Number.isNaN(time)) return;
    meetingDaysOf(series.trim().toLowerCase()).add(Math.floor(time / DAY_MS));
  };
  /** Adds a meeting day of an interned series (faster than by name). */
  const addSeriesDay = (series: number, time: number): void => {
    let days = meetingDaysOfSeries[series];
    if (days === undefined) {
      days = meetingDaysOf(seriesNames[series]!);
      meetingDaysOfSeries[series] = days;
    }
    days.add(Math.floor(time / DAY_MS));
  };

  // Person ids are small positive integers in practice: a typed table (slot + 3, 0 for unseen) is
  // much cheaper per fact than a Map; other ids fall back to the map.
  let slotTable = new Int32Array(1024);
  const slotOfPerson = (personId: number): number => {
    const direct = Number.isInteger(personId) && personId >= 0 && personId < MAX_TABLE_ID;
    if (direct && personId < slotTable.length) {
      const stored = slotTable[personId]!;
      if (stored !== 0) return stored - 3;
    } else if (!direct) {
      const stored = slotOf.get(personId);
      if (stored !== undefined) return stored;
    }
    let slot: number;
    const person = input.people.get(personId);
    if (person === undefined) slot = -2;
    else if (scorer.personExclusion(person) !== null) {
      slot = -1;
      excludedPeople.add(person.id);
    } else {
      slot = personIds.length;
      personIds.push(personId);
      if (slot === slotCounts.length) {
        const grown = new Uint32Array(slotCounts.length * 2);
        grown.set(slotCounts);
        slotCounts = grown;
      }
    }
    slotOf.set(personId, slot);
    if (direct) {
      if (personId >= slotTable.length) {
        const grown = new Int32Array(Math.min(MAX_TABLE_ID, Math.max(personId + 1, slotTable.length * 2)));
        grown.set(slotTable);
        slotTable = grown;
      }
      slotTable[personId] = slot + 3;
    }
    return slot;
  };

  const buckets: (StagingBucket | null)[] = [];
  let size = 0;
  // One buffer per block (records, then points, then slots): thousands of blocks on a large
  // community, and each buffer is an allocation the garbage collector tracks.
  const newBlock = (capacity: number): StagingBlock => {
    const buffer = new ArrayBuffer(capacity * (stride * 4 + 8 + 4));
    return {
      records: new Int32Array(buffer, 0, capacity * stride),
      numbers: new Float64Array(buffer, 0, (capacity * stride) / 2),
      points: new Float64Array(buffer, capacity * stride * 4, capacity),
      slot: new Int32Array(buffer, capacity * (stride * 4 + 8), capacity),
    };
  };
  /** The bucket of `slot`, with room for one more act. */
  const bucketWithRoom = (slot: number): StagingBucket => {
    const number = slot >>> BUCKET_SHIFT;
    let bucket = buckets[number];
    if (bucket === undefined || bucket === null) {
      const block = newBlock(FIRST_BLOCK_SIZE);
      bucket = { blocks: [block], block, fill: 0, count: 0, grants: [], facts: keepFacts ? [] : null };
      while (buckets.length < number) buckets.push(null);
      buckets[number] = bucket;
    } else if (bucket.fill === bucket.block.slot.length) {
      bucket.block = newBlock(BLOCK_SIZE);
      bucket.blocks.push(bucket.block);
      bucket.fill = 0;
    }
    return bucket;
  };
  /** The place of the last act staged in `bucket` among its acts. */
  const lastStaged = (bucket: StagingBucket): number => bucket.count - 1;
  /**
   * Stages one act of `slot` and returns its bucket; its record starts at `(bucket.fill - 1) *
   * stride` in `bucket.block.records`, label words zero: the caller writes the labels.
   */
  const stage = (
    slot: number,
    time: number,
    points: number,
    kindAndFlags: number,
    repo: number,
    itemNumber: number,
    series: number,
  ): StagingBucket => {
    const bucket = bucketWithRoom(slot);
    const block = bucket.block;
    const at = bucket.fill++;
    bucket.count++;
    size++;
    block.slot[at] = slot;
    slotCounts[slot]! += 1;
    block.numbers[at * half + RECORD.timeNumber] = time;
    block.points[at] = points;
    const base = at * stride;
    const records = block.records;
    records[base + RECORD.kindAndFlags] = kindAndFlags;
    records[base + RECORD.repo] = repo;
    records[base + RECORD.itemNumber] = itemNumber;
    records[base + RECORD.series] = series;
    return bucket;
  };

  // Facts stream in time order, so neighbours often share a time string or a repository.
  let lastTimeText = '';
  let lastTime = Number.NaN;
  let lastRepo: string | null = null;
  let lastRepoIndex = -1;

  const add = (fact: ScoringFact): void => {
    const slot = slotOfPerson(fact.personId);
    if (slot < 0) {
      if (slot === -2) unknownPersonFacts++;
      return;
    }
    if (scorer.factExclusion(fact) !== null) return;
    const kindIndex = ACTIVITY_KIND_INDEX.get(fact.kind);
    if (kindIndex === undefined) return;
    let time = lastTime;
    if (fact.occurredAt !== lastTimeText) {
      time = isoTimeToMs(fact.occurredAt);
      lastTimeText = fact.occurredAt;
      lastTime = time;
    }
    if (Number.isNaN(time)) return;

    let repo = -1;
    if (fact.repo !== null) {
      if (fact.repo === lastRepo) repo = lastRepoIndex;
      else {
        repo = internRepo(fact.repo);
        lastRepo = fact.repo;
        lastRepoIndex = repo;
      }
    }
    const item = fact.item;
    let kindAndFlags = kindIndex | (item === null ? 0 : item.type === 'pr' ? ITEM_PR : ITEM_ISSUE);
    if (kindIndex === REVIEWED_KIND) kindAndFlags |= reviewStateCode(fact.details);
    let series = -1;
    if (kindIndex === MEETING_KIND) {
      series = internSeries(fact.details.series);
      if (ownMeetings) addMeetingDay(fact.details.series, time);
    }
    const bucket = stage(
      slot,
      time,
      scorer.factPoints(fact),
      kindAndFlags,
      repo,
      fact.itemNumber ?? -1,
      series,
    );
    if (item !== null && labelFilters.length > 0)
      writeLabelBits(item.labels, bucket.block.records, (bucket.fill - 1) * stride + RECORD.labels);
    if (kindIndex === ATTESTATION_KIND || kindIndex === SPONSORSHIP_KIND)
      bucket.grants.push({ slot, staged: lastStaged(bucket), kind: fact.kind, time, details: fact.details });
    bucket.facts?.push(fact);
  };

  // What the columns' tables mean, worked out once per entry. Tables only grow between batches of
  // one read; a batch with other tables starts the work over.
  let itemsSeen: readonly ScoringItem[] | null = null;
  let itemsDone = 0;
  // Items fall into few classes (what the policy's labels and the exclusions make of them), so the
  // per-act lookup is one small integer per item and a table that stays in cache.
  /** The class of each item. */
  let itemClass = new Int32Array(0);
  /** Per class, `classStride` words: the kinds excluded on it, its type flags, its label filter bits. */
  const classStride = ITEM_LABELS + labelWords;
  let classInfo = new Int32Array(0);
  /** Per class, the points of an act of each kind (by index in ACTIVITY_KINDS) on such an item. */
  let classPoints = new Float64Array(0);
  const classOfKey = new Map<string, number>();
  const scratchInfo = new Int32Array(classStride);
  const scratchPoints = new Float64Array(KIND_COUNT);
  /** The kinds whose points depend on the item (the rest are worth `pointsOfKind` on any item). */
  const itemKinds: number[] = [];
  let reposSeen: readonly string[] | null = null;
  /** Index in `repos` of each entry of the columns' repositories, -2 until an act is staged there. */
  let repoOfColumn = new Int32Array(0);
  let detailsSeen: readonly Readonly<Record<string, unknown>>[] | null = null;
  let detailsDone = 0;
  let detailReviewCodes = new Int32Array(0);
  /** Series index of each detail's series, -2 until a meeting needs it (interning adds a series). */
  let detailSeries = new Int32Array(0);
  /** Per kind whose points depend on the details: the points of such an act with each details entry. */
  const detailPoints = new Map<number, Float64Array>();
  const pointsOfKind = new Float64Array(ACTIVITY_KINDS.length);
  const dependsOn = Int8Array.from(ACTIVITY_KINDS, (kind) => {
    const on = scorer.pointsDependOn(kind);
    return on === 'kind' ? DEPENDS_ON_KIND : on === 'item' ? DEPENDS_ON_ITEM : DEPENDS_ON_DETAILS;
  });
  ACTIVITY_KINDS.forEach((kind, index) => {
    pointsOfKind[index] = scorer.actPoints(kind, null, NO_DETAILS);
    if (dependsOn[index] === DEPENDS_ON_ITEM) itemKinds.push(index);
  });
  scratchPoints.set(pointsOfKind);

  const prepareTables = (columns: ActivityColumns): void => {
    if (columns.items !== itemsSeen) {
      itemsSeen = columns.items;
      itemsDone = 0;
    }
    const items = columns.items;
    if (items.length > itemsDone) {
      const count = items.length;
      itemClass = grownInt32(itemClass, itemsDone, count);
      for (let index = itemsDone; index < count; index++) {
        const item = items[index]!;
        scratchInfo.fill(0);
        scratchInfo[ITEM_EXCLUDED_KINDS] = scorer.excludedKindsOn(item);
        scratchInfo[ITEM_TYPE_FLAGS] = item.type === 'pr' ? ITEM_PR : ITEM_ISSUE;
        if (labelFilters.length > 0) writeLabelBits(item.labels, scratchInfo, ITEM_LABELS);
        let key = '';
        for (let word = 0; word < classStride; word++) key += `${scratchInfo[word]},`;
        for (const kind of itemKinds) {
          scratchPoints[kind] = scorer.actPoints(ACTIVITY_KINDS[kind]!, item, NO_DETAILS);
          key += `${scratchPoints[kind]},`;
        }
        let itemClassIndex = classOfKey.get(key);
        if (itemClassIndex === undefined) {
          itemClassIndex = classOfKey.size;
          classOfKey.set(key, itemClassIndex);
          if ((itemClassIndex + 1) * classStride > classInfo.length) {
            const classes = Math.max(16, itemClassIndex * 2);
            classInfo = grownInt32(classInfo, itemClassIndex * classStride, classes * classStride);
            const points = new Float64Array(classes * KIND_COUNT);
            points.set(classPoints.subarray(0, itemClassIndex * KIND_COUNT));
            classPoints = points;
          }
          classInfo.set(scratchInfo, itemClassIndex * classStride);
          classPoints.set(scratchPoints, itemClassIndex * KIND_COUNT);
        }
        itemClass[index] = itemClassIndex;
      }
      itemsDone = count;
    }
    if (columns.repos !== reposSeen) {
      reposSeen = columns.repos;
      repoOfColumn = new Int32Array(0);
    }
    if (columns.repos.length > repoOfColumn.length) {
      const known = repoOfColumn.length;
      repoOfColumn = grownInt32(repoOfColumn, known, columns.repos.length);
      repoOfColumn.fill(-2, known);
    }
    if (columns.details !== detailsSeen) {
      detailsSeen = columns.details;
      detailsDone = 0;
    }
    const details = columns.details;
    if (details.length > detailsDone) {
      const count = details.length;
      detailReviewCodes = grownInt32(detailReviewCodes, detailsDone, count);
      detailSeries = grownInt32(detailSeries, detailsDone, count);
      detailSeries.fill(-2, detailsDone);
      dependsOn.forEach((on, kind) => {
        if (on !== DEPENDS_ON_DETAILS) return;
        const old = detailPoints.get(kind) ?? new Float64Array(0);
        const grown = new Float64Array(count);
        grown.set(old.subarray(0, detailsDone));
        detailPoints.set(kind, grown);
      });
      for (let index = detailsDone; index < count; index++) {
        const entry = details[index]!;
        detailReviewCodes[index] = reviewStateCode(entry);
        for (const [kind, points] of detailPoints)
          points[index] = scorer.actPoints(ACTIVITY_KINDS[kind]!, null, entry);
      }
      detailsDone = count;
    }
  };

  const addColumns = (columns: ActivityColumns): void => {
    if (keepFacts) throw new Error('an index that keeps its facts takes them one by one');
    prepareTables(columns);
    const { personId, kind, time, repo, itemNumber, item, detail } = columns;
    const classes = itemClass;
    const info = classInfo;
    const pointsOfClass = classPoints;
    const hasLabels = labelFilters.length > 0;
    for (let i = 0; i < columns.size; i++) {
      const id = personId[i]!;
      const table = slotTable;
      const stored = id >= 0 && id < table.length ? table[id]! : 0;
      const slot = stored !== 0 ? stored - 3 : slotOfPerson(id);
      if (slot < 0) {
        if (slot === -2) unknownPersonFacts++;
        continue;
      }
      const kindIndex = kind[i]!;
      if (kindIndex >= KIND_COUNT) continue;
      const itemIndex = item[i]!;
      const itemClassIndex = itemIndex >= 0 ? classes[itemIndex]! : -1;
      const itemBase = itemClassIndex * classStride;
      if (itemClassIndex >= 0 && ((info[itemBase + ITEM_EXCLUDED_KINDS]! >>> kindIndex) & 1) === 1) continue;
      const at = time[i]!;
      if (Number.isNaN(at)) continue;
      const detailIndex = detail[i]!;
      let points = pointsOfKind[kindIndex]!;
      let kindAndFlags = kindIndex;
      if (itemClassIndex >= 0) kindAndFlags |= info[itemBase + ITEM_TYPE_FLAGS]!;
      let series = -1;
      const on = dependsOn[kindIndex];
      if (on === DEPENDS_ON_ITEM) {
        if (itemClassIndex >= 0) points = pointsOfClass[itemClassIndex * KIND_COUNT + kindIndex]!;
      } else if (on === DEPENDS_ON_DETAILS && detailIndex >= 0)
        points = detailPoints.get(kindIndex)![detailIndex]!;
      if (detailIndex >= 0) {
        if (kindIndex === REVIEWED_KIND) kindAndFlags |= detailReviewCodes[detailIndex]!;
        else if (kindIndex === MEETING_KIND) {
          series = detailSeries[detailIndex]!;
          if (series === -2) {
            series = internSeries(columns.details[detailIndex]!.series);
            detailSeries[detailIndex] = series;
          }
          if (ownMeetings && series >= 0) addSeriesDay(series, at);
        }
      }
      const repoColumn = repo[i]!;
      let repoIndex = -1;
      if (repoColumn >= 0) {
        repoIndex = repoOfColumn[repoColumn]!;
        if (repoIndex === -2) {
          repoIndex = internRepo(columns.repos[repoColumn]!);
          repoOfColumn[repoColumn] = repoIndex;
        }
      }
      const bucket = stage(slot, at, points, kindAndFlags, repoIndex, itemNumber[i]!, series);
      if (itemClassIndex >= 0 && hasLabels) {
        const records = bucket.block.records;
        const base = (bucket.fill - 1) * stride;
        for (let word = 0; word < labelWords; word++)
          records[base + RECORD.labels + word] = info[itemBase + ITEM_LABELS + word]!;
      }
      if (kindIndex === ATTESTATION_KIND || kindIndex === SPONSORSHIP_KIND) {
        bucket.grants.push({
          slot,
          staged: lastStaged(bucket),
          kind: ACTIVITY_KINDS[kindIndex]!,
          time: at,
          details: detailIndex >= 0 ? columns.details[detailIndex]! : NO_DETAILS,
        });
      }
    }
  };

  const finish = (): LadderFactIndex => {
    if (!ownMeetings) {
      for (const meeting of input.meetings!) addMeetingDay(meeting.series, isoTimeToMs(meeting.occurredAt));
    }
    const slots = personIds.length;
    const start = new Uint32Array(slots + 1);
    for (let slot = 0; slot < slots; slot++) start[slot + 1] = start[slot]! + slotCounts[slot]!;

    // Scatter each staged act to its place in its person's slice (stable, so time order is kept),
    // bucket by bucket: reads are sequential, writes go to the few hundred slices of one bucket,
    // and each act is one short run of words. A bucket is let go once read.
    const next = start.slice(0, slots);
    const capacity = size + Math.ceil(size * Math.max(0, input.spare ?? 0));
    const records = new Int32Array(capacity * stride);
    const numbers = new Float64Array(records.buffer);
    /** Points by position, one place on (`pointsBefore` once summed). */
    const pointsBefore = new Float64Array(capacity + 1);
    let facts: ScoringFact[] | null = keepFacts ? new Array<ScoringFact>(size) : null;
    const placedGrants: { readonly grant: StagedGrant; position: number }[] = [];
    for (let number = 0; number < buckets.length; number++) {
      const bucket = buckets[number];
      if (bucket === null || bucket === undefined) continue;
      buckets[number] = null;
      let grant = 0;
      let staged = 0;
      for (const block of bucket.blocks) {
        const count = block === bucket.block ? bucket.fill : block.slot.length;
        const stagedSlots = block.slot;
        const stagedRecords = block.records;
        const stagedPoints = block.points;
        for (let at = 0; at < count; at++, staged++) {
          const to = next[stagedSlots[at]!]!++;
          pointsBefore[to + 1] = stagedPoints[at]!;
          const from = at * stride;
          const target = to * stride;
          for (let word = 0; word < stride; word++) records[target + word] = stagedRecords[from + word]!;
          if (facts !== null) facts[to] = bucket.facts![staged]!;
          while (grant < bucket.grants.length && bucket.grants[grant]!.staged === staged)
            placedGrants.push({ grant: bucket.grants[grant++]!, position: to });
        }
      }
    }
    buckets.length = 0;
    // Input out of time order (not what storage streams) is put in order slot by slot.
    let moved: Uint32Array | null = null;
    for (let slot = 0; slot < slots; slot++) {
      const from = start[slot]!;
      const to = start[slot + 1]!;
      let sorted = true;
      for (let i = from + 1; i < to; i++) {
        if (numbers[i * half]! < numbers[(i - 1) * half]!) {
          sorted = false;
          break;
        }
      }
      if (sorted) continue;
      moved ??= Uint32Array.from({ length: size }, (_, index) => index);
      sortSlice(from, to, records, numbers, pointsBefore, stride, moved);
    }
    if (moved !== null) {
      if (facts !== null) {
        const unsorted = facts;
        facts = new Array<ScoringFact>(size);
        for (let index = 0; index < size; index++) facts[moved[index]!] = unsorted[index]!;
      }
      for (const placed of placedGrants) placed.position = moved[placed.position]!;
    }
    // The same additions in the same order as summing act by act.
    for (let index = 1; index <= size; index++)
      pointsBefore[index] = pointsBefore[index - 1]! + pointsBefore[index]!;

    const grants = new Map<number, GrantRecord[]>();
    for (const { grant, position } of placedGrants) {
      const list = grants.get(grant.slot) ?? [];
      list.push(toGrantRecord(grant.kind, grant.time, grant.details, position));
      grants.set(grant.slot, list);
    }
    for (const list of grants.values()) list.sort((a, b) => a.time - b.time || a.position - b.position);

    const meetingDays = new Map<string, Float64Array>();
    for (const [key, days] of meetingDaySets) meetingDays.set(key, Float64Array.from(days).sort());

    const labelFilterOf = new Map<string, number>();
    forEachCountRequirement(input.policy, (requirement) => {
      const labels = requirement.labels;
      if (labels !== null)
        labelFilterOf.set(
          requirement.path,
          labelFilters.findIndex((l) => sameLabels(l, labels)),
        );
    });

    return {
      slotOf: new Map([...slotOf].filter(([, slot]) => slot >= 0)),
      personIdOfSlot: Int32Array.from(personIds),
      start,
      end: start.subarray(1),
      pointsBefore,
      records,
      numbers,
      stride,
      labelWords,
      labelFilterOf,
      repos,
      repoIndex,
      seriesNames,
      seriesIndex,
      grants,
      meetingDays,
      facts,
      excludedPeople,
      unknownPersonFacts,
      size,
      unusedPositions: 0,
    };
  };
  return { add, addColumns, finish };
}

/** A copy of the first `keep` entries of `array` in a new array of `length` entries (the rest zero). */
function grownInt32(array: Int32Array, keep: number, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array.subarray(0, keep));
  return grown;
}

/** The review state bits of a `pr_reviewed` act's record, from its details (0 when none is named). */
function reviewStateCode(details: Readonly<Record<string, unknown>>): number {
  const state = details.reviewState;
  return typeof state === 'string' ? (REVIEW_STATE_CODE.get(state) ?? 0) : 0;
}

/** Orders the records (and their points, one place on in `pointsAfter`) at positions `[from, to)` by time, stably, recording in `moved` where each went. */
function sortSlice(
  from: number,
  to: number,
  records: Int32Array,
  numbers: Float64Array,
  pointsAfter: Float64Array,
  stride: number,
  moved: Uint32Array,
): void {
  const half = stride >>> 1;
  const order = Array.from({ length: to - from }, (_, index) => from + index);
  order.sort((a, b) => numbers[a * half]! - numbers[b * half]! || a - b);
  const words = records.slice(from * stride, to * stride);
  const points = pointsAfter.slice(from + 1, to + 1);
  order.forEach((old, index) => {
    const target = from + index;
    records.set(words.subarray((old - from) * stride, (old - from + 1) * stride), target * stride);
    pointsAfter[target + 1] = points[old - from]!;
    moved[old] = target;
  });
}

function toGrantRecord(
  kind: ActivityKind,
  time: number,
  details: Readonly<Record<string, unknown>>,
  position: number,
): GrantRecord {
  const text = (value: unknown): string | null =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  const grantedByLogin = text(details.grantedBy);
  return {
    kind: kind === 'attestation' ? 'attestation' : 'sponsorship',
    time,
    grantedBy: grantedByLogin === null ? null : grantedByLogin.replace(/^@/, '').toLowerCase(),
    grantedByLogin,
    attestation: text(details.attestation)?.toLowerCase() ?? null,
    level: text(details.level)?.toLowerCase() ?? null,
    affiliation: text(details.affiliation),
    position,
  };
}

function collectLabelFilters(policy: LadderPolicy): (readonly string[])[] {
  const filters: (readonly string[])[] = [];
  forEachCountRequirement(policy, (requirement) => {
    const labels = requirement.labels;
    if (labels !== null && !filters.some((existing) => sameLabels(existing, labels))) filters.push(labels);
  });
  return filters;
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label) => b.includes(label));
}
