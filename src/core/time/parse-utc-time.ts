/** A time read from text: the UTC second rungs stores, with the fraction the text carried. */
export type ParsedUtcTime =
  | {
      readonly kind: 'time';
      /** The instant truncated to the second, `YYYY-MM-DDTHH:MM:SSZ` in UTC: the form every stored time has. */
      readonly second: string;
      /** Milliseconds since 1970-01-01T00:00:00Z of `second` (a whole number of seconds). */
      readonly epochSecondMs: number;
      /** The fraction of the second as written, digits only, trailing zeros dropped (`''` for none). */
      readonly fraction: string;
    }
  | { readonly kind: 'invalid'; readonly message: string };

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)? ?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Years 0000 to 9999, the range the four-digit form can write. */
const MIN_EPOCH_MS = -62_167_219_200_000;
const MAX_EPOCH_MS = 253_402_300_799_000;
const SHOWN_LENGTH = 60;

/**
 * Reads an RFC 3339 / ISO 8601 date-time as real sources write it: GitHub's `2024-05-01T12:00:00Z`,
 * GH Archive's fractions of any length (`2015-02-01T00:00:00.00001Z`), offsets (`+05:00`, `-0800`,
 * `+05`), git's `%aI` and `%ai` (`2024-05-01T14:00:00+02:00`, `2024-05-01 14:00:00 +0200`), a space
 * or lower-case `t`/`z`, minutes without
 * seconds, and a leap second (`23:59:60`, read as `23:59:59` so it still sorts in its minute).
 * Normalizes to the UTC second. An impossible calendar date (February 30, month 13, hour 24), a
 * time without `Z` or offset (ambiguous) and anything else is `invalid` with a message saying why;
 * never throws. Pure: no clock, no locale.
 */
export function parseUtcTime(text: string): ParsedUtcTime {
  // The stored form, the common case, is checked without a regular expression.
  if (text.length === 20 && isPlainUtcSecond(text)) {
    const checked = toEpochSecondMs(text, 0);
    if (typeof checked === 'string') return invalid(text, checked);
    const second = text.charCodeAt(17) === 54 /* 6 */ ? fromEpochMs(checked) : text;
    return { kind: 'time', second, epochSecondMs: checked, fraction: '' };
  }
  const match = TIME.exec(text);
  if (match === null) return invalid(text, describeShapeProblem(text));
  const [
    ,
    year,
    month,
    day,
    hour,
    minute,
    second = '00',
    fraction = '',
    zulu,
    sign,
    offsetHours,
    offsetMinutes,
  ] = match;
  if (zulu === undefined && sign === undefined) return invalid(text, 'it has no Z or UTC offset');
  let offsetMs = 0;
  if (sign !== undefined) {
    const hours = Number(offsetHours);
    const minutes = Number(offsetMinutes ?? '0');
    if (hours > 23 || minutes > 59)
      return invalid(text, `its UTC offset ${sign}${offsetHours}:${offsetMinutes ?? '00'} is not real`);
    offsetMs = (sign === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  const local = `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
  const checked = toEpochSecondMs(local, offsetMs);
  if (typeof checked === 'string') return invalid(text, checked);
  return {
    kind: 'time',
    second: offsetMs === 0 && second !== '60' ? local : fromEpochMs(checked),
    epochSecondMs: checked,
    fraction: fraction.replace(/0+$/, ''),
  };
}

/** True when `a` is an earlier instant than `b`, fractions included. */
export function isBeforeUtcTime(
  a: Extract<ParsedUtcTime, { kind: 'time' }>,
  b: Extract<ParsedUtcTime, { kind: 'time' }>,
): boolean {
  if (a.epochSecondMs !== b.epochSecondMs) return a.epochSecondMs < b.epochSecondMs;
  const length = Math.max(a.fraction.length, b.fraction.length);
  return a.fraction.padEnd(length, '0') < b.fraction.padEnd(length, '0');
}

function isPlainUtcSecond(text: string): boolean {
  for (let i = 0; i < 20; i += 1) {
    const code = text.charCodeAt(i);
    const expected = PLAIN_SHAPE[i];
    if (expected === undefined ? code < 48 || code > 57 : code !== expected) return false;
  }
  return true;
}

/** `-`, `T`, `:` and `Z` at their places in `YYYY-MM-DDTHH:MM:SSZ`; undefined where a digit goes. */
const PLAIN_SHAPE: readonly (number | undefined)[] = [
  ...[undefined, undefined, undefined, undefined, 45, undefined, undefined, 45, undefined, undefined],
  ...[84, undefined, undefined, 58, undefined, undefined, 58, undefined, undefined, 90],
];

/** The epoch milliseconds of a `YYYY-MM-DDTHH:MM:SSZ` local time shifted by `offsetMs`, or why not. */
function toEpochSecondMs(local: string, offsetMs: number): number | string {
  const year = Number(local.slice(0, 4));
  const month = Number(local.slice(5, 7));
  const day = Number(local.slice(8, 10));
  const hour = Number(local.slice(11, 13));
  const minute = Number(local.slice(14, 16));
  const second = Number(local.slice(17, 19));
  if (month < 1 || month > 12) return `there is no month ${local.slice(5, 7)}`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > days) return `${local.slice(0, 7)} has no day ${local.slice(8, 10)}`;
  if (hour > 23) return `there is no hour ${local.slice(11, 13)}`;
  if (minute > 59) return `there is no minute ${local.slice(14, 16)}`;
  if (second > 60 || (second === 60 && !(hour === 23 && minute === 59))) {
    return `there is no second ${local.slice(17, 19)} at ${local.slice(11, 16)}`;
  }
  // setUTCFullYear, unlike Date.UTC, reads the years 0 to 99 as written.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, Math.min(second, 59), 0);
  const ms = date.getTime() - offsetMs;
  if (ms < MIN_EPOCH_MS || ms > MAX_EPOCH_MS) return 'it falls outside the years 0000 to 9999';
  return ms;
}

function fromEpochMs(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return `${String(year).padStart(4, '0')}${date.toISOString().slice(year < 0 || year > 9999 ? 7 : 4, 19)}Z`;
}

function describeShapeProblem(text: string): string {
  if (text === '') return 'it is empty';
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'it is a date without a time of day';
  if (/^[+-]?\d{5,}-/.test(text)) return 'it falls outside the years 0000 to 9999';
  return 'it is not an RFC 3339 date-time';
}

function invalid(text: string, why: string): ParsedUtcTime {
  const shown = JSON.stringify(text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 3)}...` : text);
  return { kind: 'invalid', message: `expected a time like 2024-05-01T12:00:00Z, got ${shown}: ${why}` };
}
