import { DAY_MS, formatUtcDate, formatUtcInstant } from '../window/utc-calendar.ts';

/**
 * Milliseconds since the epoch of an ISO instant. The form rungs stores (`YYYY-MM-DDTHH:MM:SSZ`)
 * is read by hand, because evaluating everyone reads millions of them; anything else goes through
 * `Date.parse` (NaN when unreadable).
 */
export function isoTimeToMs(text: string): number {
  if (text.length === 20 && text.charCodeAt(10) === 84 && text.charCodeAt(19) === 90) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const hours = digitsAt(text, 11, 2);
    const minutes = digitsAt(text, 14, 2);
    const seconds = digitsAt(text, 17, 2);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hours >= 0 && minutes >= 0 && seconds >= 0) {
      return daysFromCivil(year, month, day) * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000;
    }
  }
  return Date.parse(text);
}

/** The ISO form rungs writes (`YYYY-MM-DDTHH:MM:SSZ`) of a millisecond timestamp. */
export function msToIsoTime(ms: number): string {
  return formatUtcInstant(Math.floor(ms / 1000) * 1000);
}

/** The UTC date (`YYYY-MM-DD`) of a millisecond timestamp. */
export function msToIsoDate(ms: number): string {
  return formatUtcDate(ms);
}

function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
