/**
 * The largest number of points one act may be worth, as a scoring weight or a bonus grant: a
 * million, far above any ladder's thresholds, and small enough that the sum of every act of a
 * foundation (millions of them) stays an exact integer in a JavaScript number.
 */
export const MAX_POINTS = 1_000_000;

/** Whether `value` is a whole number of points from `min` to {@link MAX_POINTS}. */
export function isPointsWithin(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_POINTS;
}
