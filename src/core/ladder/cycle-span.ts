import { addUtcMonths, DAY_MS } from '../window/utc-calendar.ts';
import { isoTimeToMs } from './iso-time-ms.ts';
import type { CyclePolicy } from './ladder-policy.ts';

/** A stretch of time in ms: `start` inclusive, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** 2000-01-01, a Saturday: months and years of calendar cycles count from here (January). */
const CALENDAR_MONTH_ANCHOR = Date.UTC(2000, 0, 1);
/** 2000-01-03, a Monday: week cycles start on Mondays. */
const CALENDAR_WEEK_ANCHOR = Date.UTC(2000, 0, 3);

/**
 * The cycle containing `at` (ms). Calendar cycles of months start on the 1st of a month counted
 * from January (`2mo`: January-February, March-April, ...), of weeks on a Monday, of days at
 * midnight UTC; a dated anchor counts from that date; `held_since` from `heldSince` (ms), falling
 * back to the calendar when the person holds no such level.
 */
export function cycleContaining(cycle: CyclePolicy, at: number, heldSince: number | null): Span {
  const { every } = cycle;
  let anchor: number;
  switch (cycle.anchor.kind) {
    case 'date':
      anchor = isoTimeToMs(cycle.anchor.at);
      break;
    case 'held_since':
      anchor = heldSince ?? (every.unit === 'week' ? CALENDAR_WEEK_ANCHOR : CALENDAR_MONTH_ANCHOR);
      break;
    default:
      anchor = every.unit === 'week' ? CALENDAR_WEEK_ANCHOR : CALENDAR_MONTH_ANCHOR;
  }
  if (every.unit === 'day' || every.unit === 'week') {
    const length = every.amount * (every.unit === 'week' ? 7 : 1) * DAY_MS;
    const index = Math.floor((at - anchor) / length);
    return { start: anchor + index * length, end: anchor + (index + 1) * length };
  }
  const months = every.amount * (every.unit === 'year' ? 12 : 1);
  const from = new Date(anchor);
  const to = new Date(at);
  const monthsBetween =
    (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  let index = Math.floor(monthsBetween / months);
  while (addUtcMonths(anchor, index * months) > at) index--;
  while (addUtcMonths(anchor, (index + 1) * months) <= at) index++;
  return { start: addUtcMonths(anchor, index * months), end: addUtcMonths(anchor, (index + 1) * months) };
}

/** The cycle just before `span`. */
export function previousCycle(cycle: CyclePolicy, span: Span, heldSince: number | null): Span {
  return cycleContaining(cycle, span.start - 1, heldSince);
}
