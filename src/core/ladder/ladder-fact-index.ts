import { createFactScorer } from '../scoring/create-fact-scorer.ts';
import { ACTIVITY_KIND_INDEX } from '../scoring/kind-counts.ts';
import type { ScoringRules } from '../scoring/scoring-rules.ts';
import type { PersonSummary, ScoringFact } from '../scoring-fact.ts';
import { DAY_MS } from '../window/utc-calendar.ts';
import { isoTimeToMs } from './iso-time-ms.ts';
import type { CountRequirement, LadderPolicy, Requirement } from './ladder-policy.ts';
import { REVIEW_STATES } from './ladder-policy.ts';

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
 * Offsets inside one record of {@link LadderFactIndex.records}: 32-bit words, except the first two
 * numbers, which are 64-bit floats read through {@link LadderFactIndex.numbers} (at `position *
 * stride / 2` and the next).
 */
export const RECORD = {
  /** Float slot 0: the time of the act (ms). */
  timeNumber: 0,
  /** Float slot 1: the points the act earned. */
  pointsNumber: 1,
  /** Bits 0-7: index in ACTIVITY_KINDS; bits 8-9: item type (0 none, 1 issue, 2 PR); bits 10-12: review state (0 none, else 1 + REVIEW_STATES index). */
  kindAndFlags: 4,
  /** Index in `repos`, or -1. */
  repo: 5,
  /** Issue or PR number, or -1. */
  itemNumber: 6,
  /** Index in `seriesNames` of a meeting's series, or -1. */
  series: 7,
  /** First of `labelWords` words: bit f set when the item carries a label of label filter f. */
  labels: 8,
} as const;

/**
 * Everyone's facts in one flat typed array of fixed-size records (time, points, kind, repository,
 * item, series, label bits; see {@link RECORD}), grouped by person and ordered by time within a
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
  /** Slot `s` owns positions `start[s]` to `start[s + 1]` (exclusive). */
  readonly start: Uint32Array;
  /** `pointsBefore[i]` = points of positions 0 to i - 1; length `size + 1`. */
  readonly pointsBefore: Float64Array;
  /** `stride` words per position; see {@link RECORD}. Times ascend within a slot. */
  readonly records: Int32Array;
  /** The same memory as 64-bit floats: `stride / 2` per position. */
  readonly numbers: Float64Array;
  /** Words per record (even). */
  readonly stride: number;
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
  readonly size: number;
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
}

/** Builds an index from facts given one at a time (e.g. chunks streamed from storage). */
export interface LadderFactIndexBuilder {
  /** Takes one fact; the fact object is not kept unless `keepFacts`. */
  add(fact: ScoringFact): void;
  /** Groups what was added into the index. Call once. */
  finish(): LadderFactIndex;
}

/** Person ids below this are looked up in a typed table while indexing. */
const MAX_TABLE_ID = 1 << 25;
const ITEM_ISSUE = 1 << 8;
const ITEM_PR = 2 << 8;
const MEETING_KIND = ACTIVITY_KIND_INDEX.get('meeting_attended')!;
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

/** Growable staging records (the index's layout), filled in input order before grouping by person. */
class Staging {
  size = 0;
  capacity: number;
  slot: Int32Array;
  records: Int32Array;
  numbers: Float64Array;
  readonly stride: number;

  constructor(capacity: number, stride: number) {
    this.capacity = capacity;
    this.stride = stride;
    this.slot = new Int32Array(capacity);
    this.records = new Int32Array(capacity * stride);
    this.numbers = new Float64Array(this.records.buffer);
  }

  grow(): void {
    const capacity = this.capacity * 2;
    const slot = new Int32Array(capacity);
    slot.set(this.slot);
    this.slot = slot;
    const records = new Int32Array(capacity * this.stride);
    records.set(this.records);
    this.records = records;
    this.numbers = new Float64Array(records.buffer);
    this.capacity = capacity;
  }

  /** Lets go of the memory once the index is built. */
  release(): void {
    this.slot = new Int32Array(0);
    this.records = new Int32Array(0);
    this.numbers = new Float64Array(0);
    this.capacity = 0;
    this.size = 0;
  }
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

/** Starts an index like {@link buildLadderFactIndex}, taking the facts one by one. */
export function createLadderFactIndexBuilder(
  input: Omit<LadderFactIndexInput, 'facts'>,
): LadderFactIndexBuilder {
  const scorer = createFactScorer(input.rules);
  const labelFilters = collectLabelFilters(input.policy);
  const labelWords = Math.max(1, Math.ceil(labelFilters.length / 32));
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

  const slotOf = new Map<number, number>();
  const personIds: number[] = [];
  const excludedPeople = new Set<number>();
  const repoIndex = new Map<string, number>();
  const repos: string[] = [];
  const seriesIndex = new Map<string, number>();
  const seriesNames: string[] = [];
  const grantsInOrder: { slot: number; staged: number; fact: ScoringFact }[] = [];
  const keptFacts: ScoringFact[] | null = input.keepFacts ? [] : null;
  const meetingDaySets = new Map<string, Set<number>>();
  const ownMeetings = input.meetings === undefined;
  let unknownPersonFacts = 0;

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
  const addMeetingDay = (series: unknown, time: number): void => {
    if (typeof series !== 'string' || Number.isNaN(time)) return;
    const key = series.trim().toLowerCase();
    let days = meetingDaySets.get(key);
    if (days === undefined) {
      days = new Set();
      meetingDaySets.set(key, days);
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

  const staging = new Staging(4096, stride);
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
        repo = repoIndex.get(fact.repo) ?? -1;
        if (repo === -1) {
          repo = repos.length;
          repos.push(fact.repo);
          repoIndex.set(fact.repo, repo);
        }
        lastRepo = fact.repo;
        lastRepoIndex = repo;
      }
    }
    const item = fact.item;
    let kindAndFlags = kindIndex | (item === null ? 0 : item.type === 'pr' ? ITEM_PR : ITEM_ISSUE);
    if (fact.kind === 'pr_reviewed') {
      const state = fact.details.reviewState;
      if (typeof state === 'string') kindAndFlags |= REVIEW_STATE_CODE.get(state) ?? 0;
    }

    if (staging.size === staging.capacity) staging.grow();
    const position = staging.size++;
    staging.slot[position] = slot;
    staging.numbers[position * half + RECORD.timeNumber] = time;
    staging.numbers[position * half + RECORD.pointsNumber] = scorer.factPoints(fact);
    const records = staging.records;
    const base = position * stride;
    records[base + RECORD.kindAndFlags] = kindAndFlags;
    records[base + RECORD.repo] = repo;
    records[base + RECORD.itemNumber] = fact.itemNumber ?? -1;
    if (kindIndex === MEETING_KIND) {
      records[base + RECORD.series] = internSeries(fact.details.series);
      if (ownMeetings) addMeetingDay(fact.details.series, time);
    } else {
      records[base + RECORD.series] = -1;
    }
    for (let word = 0; word < labelWords; word++) records[base + RECORD.labels + word] = 0;
    if (item !== null && labelFilters.length > 0) {
      const labels = item.labels;
      for (let i = 0; i < labels.length; i++) {
        const raw = labels[i]!;
        let filters = rawLabelFilters.get(raw);
        if (filters === undefined) {
          filters = filtersOfLabel.get(raw.trim().toLowerCase()) ?? null;
          rawLabelFilters.set(raw, filters);
        }
        if (filters === null) continue;
        for (const filter of filters) records[base + RECORD.labels + (filter >>> 5)]! |= 1 << (filter & 31);
      }
    }
    if (fact.kind === 'attestation' || fact.kind === 'sponsorship')
      grantsInOrder.push({ slot, staged: position, fact });
    if (keptFacts !== null) keptFacts.push(fact);
  };

  const finish = (): LadderFactIndex => {
    if (!ownMeetings) {
      for (const meeting of input.meetings!) addMeetingDay(meeting.series, isoTimeToMs(meeting.occurredAt));
    }
    const slots = personIds.length;
    const size = staging.size;
    const start = new Uint32Array(slots + 1);
    for (let position = 0; position < size; position++) start[staging.slot[position]! + 1]! += 1;
    for (let slot = 0; slot < slots; slot++) start[slot + 1]! += start[slot]!;

    // Scatter each staged act to its place in its person's slice (stable, so time order is kept):
    // reads are sequential, and each act is one short run of words.
    const next = start.slice(0, slots);
    const records = new Int32Array(size * stride);
    const numbers = new Float64Array(records.buffer);
    const destination = new Uint32Array(size);
    const stagedRecords = staging.records;
    const stagedSlots = staging.slot;
    for (let position = 0; position < size; position++) {
      const to = next[stagedSlots[position]!]!++;
      destination[position] = to;
      const from = position * stride;
      const target = to * stride;
      for (let word = 0; word < stride; word++) records[target + word] = stagedRecords[from + word]!;
    }
    staging.release();
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
      moved ??= Uint32Array.from({ length: size }, (_, position) => position);
      sortSlice(from, to, records, numbers, stride, moved);
    }
    if (moved !== null) {
      for (let position = 0; position < size; position++)
        destination[position] = moved[destination[position]!]!;
    }
    const pointsBefore = new Float64Array(size + 1);
    for (let position = 0; position < size; position++) {
      pointsBefore[position + 1] = pointsBefore[position]! + numbers[position * half + RECORD.pointsNumber]!;
    }

    const grants = new Map<number, GrantRecord[]>();
    for (const { slot, staged, fact } of grantsInOrder) {
      const list = grants.get(slot) ?? [];
      list.push(toGrantRecord(fact, destination[staged]!));
      grants.set(slot, list);
    }
    for (const list of grants.values()) list.sort((a, b) => a.time - b.time || a.position - b.position);

    const meetingDays = new Map<string, Float64Array>();
    for (const [key, days] of meetingDaySets) meetingDays.set(key, Float64Array.from(days).sort());

    const labelFilterOf = new Map<string, number>();
    forEachCount(input.policy, (requirement) => {
      const labels = requirement.labels;
      if (labels !== null)
        labelFilterOf.set(
          requirement.path,
          labelFilters.findIndex((l) => sameLabels(l, labels)),
        );
    });

    let facts: ScoringFact[] | null = null;
    if (keptFacts !== null) {
      facts = new Array<ScoringFact>(size);
      for (let position = 0; position < size; position++)
        facts[destination[position]!] = keptFacts[position]!;
    }

    return {
      slotOf: new Map([...slotOf].filter(([, slot]) => slot >= 0)),
      personIdOfSlot: Int32Array.from(personIds),
      start,
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
    };
  };
  return { add, finish };
}

/** Orders the records at positions `[from, to)` by time (stably), recording in `moved` where each went. */
function sortSlice(
  from: number,
  to: number,
  records: Int32Array,
  numbers: Float64Array,
  stride: number,
  moved: Uint32Array,
): void {
  const half = stride >>> 1;
  const order = Array.from({ length: to - from }, (_, index) => from + index);
  order.sort((a, b) => numbers[a * half]! - numbers[b * half]! || a - b);
  const words = records.slice(from * stride, to * stride);
  order.forEach((old, index) => {
    const target = from + index;
    records.set(words.subarray((old - from) * stride, (old - from + 1) * stride), target * stride);
    moved[old] = target;
  });
}

function toGrantRecord(fact: ScoringFact, position: number): GrantRecord {
  const details = fact.details;
  const text = (value: unknown): string | null =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  const grantedByLogin = text(details.grantedBy);
  return {
    kind: fact.kind === 'attestation' ? 'attestation' : 'sponsorship',
    time: isoTimeToMs(fact.occurredAt),
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
  forEachCount(policy, (requirement) => {
    const labels = requirement.labels;
    if (labels !== null && !filters.some((existing) => sameLabels(existing, labels))) filters.push(labels);
  });
  return filters;
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label) => b.includes(label));
}

function forEachCount(policy: LadderPolicy, visit: (requirement: CountRequirement) => void): void {
  const walk = (requirement: Requirement): void => {
    if (requirement.kind === 'count') visit(requirement);
    if (requirement.kind === 'all_of' || requirement.kind === 'any_of' || requirement.kind === 'at_least') {
      for (const child of requirement.of) walk(child);
    }
  };
  for (const level of policy.levels) {
    walk(level.requires);
    if (level.stay !== null) walk(level.stay);
  }
  for (const status of policy.statuses) walk(status.requires);
  if (policy.reinstatement !== null) walk(policy.reinstatement);
}
