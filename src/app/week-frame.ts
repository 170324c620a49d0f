const DAY_MS = 86_400_000;
/** A week in milliseconds. */
export const WEEK_MS = 7 * DAY_MS;

/**
 * Consecutive UTC weeks (Monday 00:00 to Monday 00:00), the last one holding `now`: the frame of
 * the weekly charts (a 12-week sparkline, a year of activity on a profile).
 */
export interface WeekFrame {
  /** Start of the first week, ISO UTC (a Monday midnight). */
  readonly from: string;
  readonly weeks: number;
}

/** The frame of `weeks` weeks whose last week contains `now` (ISO UTC). */
export function toWeekFrame(now: string, weeks: number): WeekFrame {
  if (!(Number.isInteger(weeks) && weeks > 0))
    throw new RangeError(`weeks must be a positive whole number, got ${weeks}`);
  const ms = Date.parse(now);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO time: ${JSON.stringify(now)}`);
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  // 1970-01-01 was a Thursday: days since the epoch plus 3, modulo 7, is days since Monday.
  const sinceMonday = (Math.floor(ms / DAY_MS) + 3) % 7;
  const currentWeek = day - sinceMonday * DAY_MS;
  return { from: toIsoSecond(currentWeek - (weeks - 1) * WEEK_MS), weeks };
}

/** The start date of each week of the frame, `YYYY-MM-DD`, oldest first. */
export function weekStartsOf(frame: WeekFrame): readonly string[] {
  const from = Date.parse(frame.from);
  return Array.from({ length: frame.weeks }, (_, index) => toIsoSecond(from + index * WEEK_MS).slice(0, 10));
}

/**
 * The week an ISO time falls in: -1 before the frame; acts after the last week's end (the frame was
 * made a while ago) count in the last week, so a chart never drops a new act.
 */
export function weekIndexOf(frame: WeekFrame, occurredAt: string): number {
  if (occurredAt < frame.from) return -1;
  const index = Math.floor((Date.parse(occurredAt) - Date.parse(frame.from)) / WEEK_MS);
  return Math.min(index, frame.weeks - 1);
}

function toIsoSecond(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
