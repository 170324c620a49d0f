/**
 * UTC calendar arithmetic on millisecond timestamps, and the one ISO form rungs writes
 * (`YYYY-MM-DDTHH:MM:SSZ`). Everything is UTC: a month or a day means a UTC month or day.
 */

const MS_PER_DAY = 86_400_000;

/** Milliseconds in one UTC day. */
export const DAY_MS = MS_PER_DAY;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})$/;

/** A parsed date or instant: its start, and whether only a calendar date was written. */
export interface ParsedInstant {
  readonly ms: number;
  readonly dateOnly: boolean;
}

/**
 * Parses `YYYY-MM-DD` (midnight UTC) or an ISO date-time with `Z` or an offset. Returns null for
 * anything else, including impossible dates (`2026-02-30`) and years before 1970.
 */
export function parseUtcInstant(text: string): ParsedInstant | null {
  const date = DATE_PATTERN.exec(text);
  if (date) {
    const ms = utcDate(Number(date[1]), Number(date[2]), Number(date[3]));
    return ms === null ? null : { ms, dateOnly: true };
  }
  const dateTime = DATE_TIME_PATTERN.exec(text);
  if (!dateTime) return null;
  const day = utcDate(Number(dateTime[1]), Number(dateTime[2]), Number(dateTime[3]));
  const hours = Number(dateTime[4]);
  const minutes = Number(dateTime[5]);
  const seconds = Number(dateTime[6] ?? '0');
  if (day === null || hours > 23 || minutes > 59 || seconds > 59) return null;
  const fraction = dateTime[7] ? Math.floor(Number(dateTime[7]) * 1000) : 0;
  const zone = dateTime[8]!;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const sign = digits[0] === '-' ? -1 : 1;
    const zoneHours = Number(digits.slice(1, 3));
    const zoneMinutes = Number(digits.slice(3, 5));
    if (zoneHours > 23 || zoneMinutes > 59) return null;
    offsetMinutes = sign * (zoneHours * 60 + zoneMinutes);
  }
  const ms = day + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + fraction;
  return { ms, dateOnly: false };
}

/** Midnight UTC of a calendar date, or null when the date does not exist or is before 1970. */
export function utcDate(year: number, month: number, day: number): number | null {
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInUtcMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day);
}

/** Days in a month (1-12) of a year, leap years included. */
export function daysInUtcMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Moves a timestamp by whole calendar months, keeping the time of day and clamping the day to the
 * target month's length: 2026-03-31 minus one month is 2026-02-28, minus 13 months 2025-02-28.
 */
export function addUtcMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const day = Math.min(date.getUTCDate(), daysInUtcMonth(year, month + 1));
  const timeOfDay = ms - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(year, month, day) + timeOfDay;
}

/** Writes a timestamp as `YYYY-MM-DDTHH:MM:SSZ`; sub-second parts must already be rounded away. */
export function formatUtcInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Writes the UTC calendar date of a timestamp, `YYYY-MM-DD`. */
export function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Rounds a timestamp up to a whole second, so an exclusive end never drops the second it is in. */
export function ceilToSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

/** True when the timestamp is exactly midnight UTC. */
export function isUtcMidnight(ms: number): boolean {
  return ((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY === 0;
}

/**
 * Milliseconds since the epoch of an ISO instant, fast for the stored form `YYYY-MM-DDTHH:MM:SSZ`
 * (no Date object, no allocation) and falling back to `Date.parse` for other ISO forms. NaN when
 * the text is no instant. For loops over millions of facts.
 */
export function isoInstantToMs(text: string): number {
  if (text.length !== 20 || text.charCodeAt(19) !== 90 || text.charCodeAt(10) !== 84) return Date.parse(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const seconds = digits(text, 11, 2) * 3600 + digits(text, 14, 2) * 60 + digits(text, 17, 2);
  return daysFromCivil(year, month, day) * MS_PER_DAY + seconds * 1000;
}

/** Reads `length` decimal digits at `start`; NaN when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
