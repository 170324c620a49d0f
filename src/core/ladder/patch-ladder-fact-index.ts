import type { GrantRecord, LadderFactIndex } from './ladder-fact-index.ts';
import { RECORD } from './ladder-fact-index.ts';

/** Room a copied index keeps for later patches, as a fraction of its acts, and at least this many acts. */
const SPARE = 0.25;
const MIN_SPARE = 4096;

/**
 * The index with the acts of the `replaced` people taken from `update`, an index built the same way
 * (same policy, same scoring rules) over everything those people did, instead of from `base`. A
 * replaced person with no slot in `update` has no acts any more and loses their slot.
 *
 * An `edited` person keeps their acts except those at the given instants (ms), which are taken
 * from `update` instead: `update` then holds exactly that person's acts at those instants. So a
 * busy person's new act costs re-reading one instant, not their whole history. Whole instants are
 * replaced so that acts at one instant stay in the order a new build gives them.
 *
 * When `base` has room (see `LadderFactIndexInput.spare`), only the replaced and edited people's
 * acts are written: appended after the acts in use, in the same memory, and their old slices are
 * left unused.
 * Otherwise, or once half of the positions would be unused, everything is copied into a compact
 * index with room again. `base` stays readable either way, but only the newest index may be patched
 * again: a patch writes into the room after `base.size`.
 *
 * The patch does not change who the rules exclude: a replaced person whose exclusion changed (a bot
 * flag, the deny-list) needs a new build, as does a person who is gone (merged into another).
 */
export function patchLadderFactIndex(
  base: LadderFactIndex,
  update: LadderFactIndex,
  replaced: Iterable<number>,
  edited: ReadonlyMap<number, ReadonlySet<number>> = new Map(),
): LadderFactIndex {
  if (base.facts !== null || update.facts !== null) throw new Error('only an index without facts is patched');
  if (base.stride !== update.stride || base.labelWords !== update.labelWords)
    throw new Error('the update was built for another policy');
  const stride = base.stride;

  // Copied only when somebody comes or goes: most patches only move a few people's acts.
  let ownSlotOf: Map<number, number> | null = null;
  const slotOfToChange = (): Map<number, number> => {
    ownSlotOf ??= new Map(base.slotOf);
    return ownSlotOf;
  };
  const baseSlots = base.personIdOfSlot.length;
  /** People given a slot by this patch, from slot `baseSlots` on. */
  const newPeople: number[] = [];
  const addPerson = (id: number): number => {
    newPeople.push(id);
    slotOfToChange().set(id, baseSlots + newPeople.length - 1);
    return baseSlots + newPeople.length - 1;
  };
  /** Slot in the patched index -> slot in `update` whose acts it takes. */
  const fromUpdate = new Map<number, number>();
  /** Slot in the patched index -> the instants whose acts `update` replaces (and its slot there, if any). */
  const edits = new Map<number, { readonly instants: ReadonlySet<number>; readonly updateSlot: number }>();
  /** Slots of people who have no acts any more. */
  const emptied: number[] = [];
  let added = 0;
  let unused = base.unusedPositions;
  const replacedIds = new Set(replaced);
  for (const id of replacedIds) {
    const baseSlot = base.slotOf.get(id);
    const updateSlot = update.slotOf.get(id);
    if (baseSlot !== undefined) {
      unused += base.end[baseSlot]! - base.start[baseSlot]!;
      if (updateSlot === undefined) {
        slotOfToChange().delete(id);
        emptied.push(baseSlot);
      }
    }
    if (updateSlot === undefined) continue;
    fromUpdate.set(baseSlot ?? addPerson(id), updateSlot);
    added += update.end[updateSlot]! - update.start[updateSlot]!;
  }

  for (const [id, instants] of edited) {
    if (replacedIds.has(id)) continue;
    const baseSlot = base.slotOf.get(id);
    const updateSlot = update.slotOf.get(id) ?? -1;
    if (baseSlot === undefined) {
      // Somebody new: every act of theirs is new, so `update` holds them all.
      if (updateSlot < 0) continue;
      fromUpdate.set(addPerson(id), updateSlot);
      added += update.end[updateSlot]! - update.start[updateSlot]!;
      continue;
    }
    const length = base.end[baseSlot]! - base.start[baseSlot]!;
    unused += length;
    added += length + (updateSlot < 0 ? 0 : update.end[updateSlot]! - update.start[updateSlot]!);
    edits.set(baseSlot, { instants, updateSlot });
  }

  const slotOf: ReadonlyMap<number, number> = ownSlotOf ?? base.slotOf;
  const slots = baseSlots + newPeople.length;
  const size = base.size + added;
  const capacity = Math.min(base.records.length / stride, base.pointsBefore.length - 1);
  const compact = size > capacity || unused * 2 > size;
  const live = size - unused;
  const room = compact ? live + Math.max(MIN_SPARE, Math.ceil(live * SPARE)) : capacity;
  const records = compact ? new Int32Array(room * stride) : base.records;
  const numbers = compact ? new Float64Array(records.buffer) : base.numbers;
  const pointsBefore = compact ? new Float64Array(room + 1) : base.pointsBefore;
  const start = new Uint32Array(slots);
  const end = new Uint32Array(slots);
  if (!compact) {
    start.set(base.start.subarray(0, base.personIdOfSlot.length));
    end.set(base.end.subarray(0, base.personIdOfSlot.length));
  }

  const tables = mergeTables(base, update);
  const grants = new Map(compact ? [] : base.grants);
  let at = compact ? 0 : base.size;
  /** Copies `count` acts of `source` from `from` to `at`, its points summed on from `pointsBefore[at]`. */
  const append = (source: LadderFactIndex, from: number, count: number, fromUpdateTables: boolean): void => {
    records.set(source.records.subarray(from * stride, (from + count) * stride), at * stride);
    const sums = source.pointsBefore;
    for (let offset = 0; offset < count; offset++)
      pointsBefore[at + offset + 1] =
        pointsBefore[at + offset]! + (sums[from + offset + 1]! - sums[from + offset]!);
    if (fromUpdateTables) {
      for (let position = at; position < at + count; position++) {
        const word = position * stride;
        const repo = records[word + RECORD.repo]!;
        if (repo >= 0) records[word + RECORD.repo] = tables.repoOfUpdate[repo]!;
        const series = records[word + RECORD.series]!;
        if (series >= 0) records[word + RECORD.series] = tables.seriesOfUpdate[series]!;
      }
    }
    at += count;
  };
  const moveGrants = (source: LadderFactIndex, sourceSlot: number, slot: number): void => {
    const list = source.grants.get(sourceSlot);
    if (list === undefined) return;
    const shift = start[slot]! - source.start[sourceSlot]!;
    grants.set(
      slot,
      list.map((grant): GrantRecord => ({ ...grant, position: grant.position + shift })),
    );
  };

  /**
   * Writes a slot's acts but those at `instants` merged by time with the update's (all at those
   * instants, so no two are at one time), with their grants moved along.
   */
  const mergeEdit = (slot: number, instants: ReadonlySet<number>, updateSlot: number): void => {
    const half = stride >>> 1;
    const from = base.start[slot]!;
    const to = base.end[slot]!;
    const updateFrom = updateSlot < 0 ? 0 : update.start[updateSlot]!;
    const updateTo = updateSlot < 0 ? 0 : update.end[updateSlot]!;
    const baseGrants = base.grants.get(slot) ?? [];
    const updateGrants = updateSlot < 0 ? [] : (update.grants.get(updateSlot) ?? []);
    /** New positions of the slot's acts (base ones, then the update's), when there are grants to move. */
    const movedTo =
      baseGrants.length + updateGrants.length === 0
        ? null
        : new Int32Array(to - from + updateTo - updateFrom);
    start[slot] = at;
    let kept = from;
    let taken = updateFrom;
    while (kept < to || taken < updateTo) {
      while (kept < to && instants.has(base.numbers[kept * half]!)) kept++;
      // The base's acts before the update's next, up to a replaced instant, go in one copy.
      const limit = taken < updateTo ? update.numbers[taken * half]! : Number.POSITIVE_INFINITY;
      let run = kept;
      while (run < to && base.numbers[run * half]! < limit && !instants.has(base.numbers[run * half]!)) run++;
      if (run > kept) {
        if (movedTo !== null)
          for (let position = kept; position < run; position++)
            movedTo[position - from] = at + position - kept;
        append(base, kept, run - kept, false);
        kept = run;
      } else if (taken < updateTo) {
        if (movedTo !== null) movedTo[to - from + taken - updateFrom] = at;
        append(update, taken, 1, true);
        taken++;
      }
    }
    end[slot] = at;
    grants.delete(slot);
    if (movedTo === null) return;
    const moved: GrantRecord[] = [];
    for (const grant of baseGrants)
      if (!instants.has(grant.time)) moved.push({ ...grant, position: movedTo[grant.position - from]! });
    for (const grant of updateGrants)
      moved.push({ ...grant, position: movedTo[to - from + grant.position - updateFrom]! });
    if (moved.length > 0)
      grants.set(
        slot,
        moved.sort((a, b) => a.time - b.time || a.position - b.position),
      );
  };
  const takeFromUpdate = (slot: number, updateSlot: number): void => {
    grants.delete(slot);
    start[slot] = at;
    append(update, update.start[updateSlot]!, update.end[updateSlot]! - update.start[updateSlot]!, true);
    end[slot] = at;
    moveGrants(update, updateSlot, slot);
  };
  for (const slot of emptied) {
    grants.delete(slot);
    start[slot] = 0;
    end[slot] = 0;
  }
  if (compact) {
    for (let slot = 0; slot < slots; slot++) {
      const updateSlot = fromUpdate.get(slot);
      const edit = edits.get(slot);
      if (updateSlot !== undefined) takeFromUpdate(slot, updateSlot);
      else if (edit !== undefined) mergeEdit(slot, edit.instants, edit.updateSlot);
      else if (slot < baseSlots && slotOf.has(base.personIdOfSlot[slot]!)) {
        start[slot] = at;
        append(base, base.start[slot]!, base.end[slot]! - base.start[slot]!, false);
        end[slot] = at;
        moveGrants(base, slot, slot);
      }
    }
  } else {
    for (const [slot, updateSlot] of fromUpdate) takeFromUpdate(slot, updateSlot);
    for (const [slot, edit] of edits) mergeEdit(slot, edit.instants, edit.updateSlot);
  }

  let excludedPeople = base.excludedPeople;
  for (const id of update.excludedPeople) {
    if (excludedPeople.has(id)) continue;
    if (excludedPeople === base.excludedPeople) excludedPeople = new Set(base.excludedPeople);
    (excludedPeople as Set<number>).add(id);
  }

  return {
    slotOf,
    personIdOfSlot:
      newPeople.length === 0 ? base.personIdOfSlot : Int32Array.from([...base.personIdOfSlot, ...newPeople]),
    start,
    end,
    pointsBefore,
    records,
    numbers,
    stride,
    labelWords: base.labelWords,
    labelFilterOf: base.labelFilterOf,
    repos: tables.repos,
    repoIndex: tables.repoIndex,
    seriesNames: tables.seriesNames,
    seriesIndex: tables.seriesIndex,
    grants,
    meetingDays: mergeMeetingDays(base.meetingDays, update.meetingDays),
    facts: null,
    excludedPeople,
    unknownPersonFacts: base.unknownPersonFacts,
    size: at,
    unusedPositions: compact ? 0 : unused,
  };
}

/** The base's repositories and series with the update's new ones after them, and where the update's went. */
function mergeTables(base: LadderFactIndex, update: LadderFactIndex) {
  const merge = (
    names: readonly string[],
    indexOf: ReadonlyMap<string, number>,
    updateNames: readonly string[],
  ) => {
    let merged: string[] | null = null;
    let mergedIndex: Map<string, number> | null = null;
    const ofUpdate = new Int32Array(updateNames.length);
    updateNames.forEach((name, updateIndex) => {
      let index = (mergedIndex ?? indexOf).get(name);
      if (index === undefined) {
        merged ??= [...names];
        mergedIndex ??= new Map(indexOf);
        index = merged.length;
        merged.push(name);
        mergedIndex.set(name, index);
      }
      ofUpdate[updateIndex] = index;
    });
    return { names: merged ?? names, indexOf: mergedIndex ?? indexOf, ofUpdate };
  };
  const repos = merge(base.repos, base.repoIndex, update.repos);
  const series = merge(base.seriesNames, base.seriesIndex, update.seriesNames);
  return {
    repos: repos.names,
    repoIndex: repos.indexOf,
    repoOfUpdate: repos.ofUpdate,
    seriesNames: series.names,
    seriesIndex: series.indexOf,
    seriesOfUpdate: series.ofUpdate,
  };
}

/** Meeting days per series from both: a meeting held stays held. */
function mergeMeetingDays(
  base: ReadonlyMap<string, Float64Array>,
  update: ReadonlyMap<string, Float64Array>,
): ReadonlyMap<string, Float64Array> {
  if (update.size === 0) return base;
  const merged = new Map(base);
  for (const [series, days] of update) {
    const known = merged.get(series);
    merged.set(series, known === undefined ? days : unionOfSorted(known, days));
  }
  return merged;
}

/** The distinct numbers of two ascending arrays, ascending. */
function unionOfSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (n === 0 || out[n - 1] !== next) out[n++] = next;
  }
  return out.slice(0, n);
}
