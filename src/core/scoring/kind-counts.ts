import type { ActivityKind } from '../activity.ts';
import { ACTIVITY_KINDS } from '../activity.ts';

/** How many acts of each kind; every kind is present, zeros included. */
export type KindCounts = Readonly<Record<ActivityKind, number>>;

/** The position of each kind in {@link ACTIVITY_KINDS}, for counting into flat typed arrays. */
export const ACTIVITY_KIND_INDEX: ReadonlyMap<string, number> = new Map(
  ACTIVITY_KINDS.map((kind, index) => [kind, index]),
);

/**
 * Reads `ACTIVITY_KINDS.length` counts starting at `offset` of a flat array (one block of counts
 * per person) into a record with every kind present.
 */
export function toKindCounts(flat: ArrayLike<number>, offset = 0): KindCounts {
  const counts = {} as Record<ActivityKind, number>;
  for (let index = 0; index < ACTIVITY_KINDS.length; index++) {
    counts[ACTIVITY_KINDS[index]!] = flat[offset + index] ?? 0;
  }
  return counts;
}
