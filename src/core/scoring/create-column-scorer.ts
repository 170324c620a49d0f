import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';
import type { ActivityColumns } from '../activity-columns.ts';
import type { FactScorer } from './create-fact-scorer.ts';

/**
 * The kinds whose points depend on their details (a bonus carries its amount): a reader of columns
 * for scoring must read the details of these kinds, and may leave out every other kind's. Neither
 * exclusions nor counts read details.
 */
export const SCORING_DETAIL_KINDS: readonly ActivityKind[] = ['bonus'];

/**
 * Scores acts read in columns as a {@link FactScorer} scores fact objects, with what depends only on
 * an item (its exclusions, an issue's points by its labels) or only on details (a bonus amount)
 * worked out once per table entry. Person exclusions are the caller's.
 */
export interface ColumnScorer {
  /** Works out what the batch's new items and details mean; call before asking about its acts. */
  prepare(columns: ActivityColumns): void;
  /** Whether act `i` of the last prepared batch is excluded by its item (a known kind assumed). */
  isExcludedByItem(columns: ActivityColumns, i: number): boolean;
  /** What act `i` of the last prepared batch is worth when not excluded (a known kind assumed). */
  pointsOf(columns: ActivityColumns, i: number): number;
}

const KIND_COUNT = ACTIVITY_KINDS.length;
const NO_DETAILS: Readonly<Record<string, unknown>> = Object.freeze({});
const DEPENDS_ON_KIND = 0;
const DEPENDS_ON_ITEM = 1;
const DEPENDS_ON_DETAILS = 2;

/**
 * Prepares `scorer` for columns. Batches may share their tables (one read) or bring their own; a
 * new table starts over. Points of a kind that depends on details are 0-detail points when the
 * reader left its details out, so read {@link SCORING_DETAIL_KINDS}.
 */
export function createColumnScorer(scorer: FactScorer): ColumnScorer {
  const dependsOn = new Uint8Array(KIND_COUNT);
  /** Per kind: its column among the item-dependent (or detail-dependent) kinds, or -1. */
  const column = new Int32Array(KIND_COUNT).fill(-1);
  const pointsOfKind = new Float64Array(KIND_COUNT);
  const itemKinds: ActivityKind[] = [];
  const detailKinds: ActivityKind[] = [];
  ACTIVITY_KINDS.forEach((kind, index) => {
    pointsOfKind[index] = scorer.actPoints(kind, null, NO_DETAILS);
    const on = scorer.pointsDependOn(kind);
    if (on === 'item') {
      dependsOn[index] = DEPENDS_ON_ITEM;
      column[index] = itemKinds.length;
      itemKinds.push(kind);
    } else if (on === 'details') {
      dependsOn[index] = DEPENDS_ON_DETAILS;
      column[index] = detailKinds.length;
      detailKinds.push(kind);
    } else dependsOn[index] = DEPENDS_ON_KIND;
  });
  const itemStride = itemKinds.length;
  const detailStride = detailKinds.length;

  let itemsSeen: readonly unknown[] | null = null;
  let itemsDone = 0;
  let excludedKinds: Int32Array = new Int32Array(0);
  let itemPoints: Float64Array = new Float64Array(0);
  let detailsSeen: readonly unknown[] | null = null;
  let detailsDone = 0;
  let detailPoints: Float64Array = new Float64Array(0);

  return {
    prepare(columns) {
      const { items, details } = columns;
      if (items !== itemsSeen) {
        itemsSeen = items;
        itemsDone = 0;
      }
      if (items.length > itemsDone) {
        excludedKinds = grownInt32(excludedKinds, itemsDone, items.length);
        itemPoints = grownFloat64(itemPoints, itemsDone * itemStride, items.length * itemStride);
        for (let index = itemsDone; index < items.length; index++) {
          const item = items[index]!;
          excludedKinds[index] = scorer.excludedKindsOn(item);
          for (let k = 0; k < itemStride; k++)
            itemPoints[index * itemStride + k] = scorer.actPoints(itemKinds[k]!, item, NO_DETAILS);
        }
        itemsDone = items.length;
      }
      if (details !== detailsSeen) {
        detailsSeen = details;
        detailsDone = 0;
      }
      if (detailStride > 0 && details.length > detailsDone) {
        detailPoints = grownFloat64(detailPoints, detailsDone * detailStride, details.length * detailStride);
        for (let index = detailsDone; index < details.length; index++) {
          const entry = details[index]!;
          for (let k = 0; k < detailStride; k++)
            detailPoints[index * detailStride + k] = scorer.actPoints(detailKinds[k]!, null, entry);
        }
        detailsDone = details.length;
      }
    },
    isExcludedByItem(columns, i) {
      const item = columns.item[i]!;
      return item >= 0 && ((excludedKinds[item]! >>> columns.kind[i]!) & 1) === 1;
    },
    pointsOf(columns, i) {
      const kind = columns.kind[i]!;
      const on = dependsOn[kind];
      if (on === DEPENDS_ON_ITEM) {
        const item = columns.item[i]!;
        if (item >= 0) return itemPoints[item * itemStride + column[kind]!]!;
      } else if (on === DEPENDS_ON_DETAILS) {
        const detail = columns.detail[i]!;
        if (detail >= 0) return detailPoints[detail * detailStride + column[kind]!]!;
      }
      return pointsOfKind[kind]!;
    },
  };
}

/** `table` grown to `length`, keeping its first `keep` entries. */
function grownInt32(table: Int32Array, keep: number, length: number): Int32Array {
  if (length <= table.length) return table;
  const grown = new Int32Array(Math.max(length, table.length * 2));
  grown.set(table.subarray(0, keep));
  return grown;
}

function grownFloat64(table: Float64Array, keep: number, length: number): Float64Array {
  if (length <= table.length) return table;
  const grown = new Float64Array(Math.max(length, table.length * 2));
  grown.set(table.subarray(0, keep));
  return grown;
}
