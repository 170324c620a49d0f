/**
 * Normalizes a time as GitHub writes it to rungs' form, `YYYY-MM-DDTHH:MM:SSZ` (UTC, no
 * fraction). Accepts ISO strings with or without fraction or offset (`2015-01-31T16:04:57-08:00`,
 * GH Archive's `2015-02-01T00:00:00.00001Z`) and Unix timestamps in seconds (push payloads'
 * `repository.pushed_at`) or milliseconds. Returns null for anything else; never throws.
 *
 * The common case (already normalized) returns the input string as is, so hot paths pay only a few
 * character checks.
 */
export function toUtcSecond(value: unknown): string | null {
  if (typeof value === 'string') {
    const length = value.length;
    if (length >= 20 && hasIsoDateTimeShape(value) && value.charCodeAt(length - 1) === 90 /* Z */) {
      if (length === 20) return value;
      if (value.charCodeAt(19) === 46 /* . */) return `${value.slice(0, 19)}Z`;
    }
    return fromEpochMilliseconds(Date.parse(value));
  }
  if (typeof value === 'number') {
    // Seconds until the year 5138; anything larger is taken as milliseconds.
    return fromEpochMilliseconds(Math.abs(value) < 1e11 ? value * 1000 : value);
  }
  return null;
}

function hasIsoDateTimeShape(value: string): boolean {
  return (
    value.charCodeAt(4) === 45 /* - */ &&
    value.charCodeAt(7) === 45 &&
    value.charCodeAt(10) === 84 /* T */ &&
    value.charCodeAt(13) === 58 /* : */ &&
    value.charCodeAt(16) === 58
  );
}

/** Years 0000 to 9999, the range the four-digit form can write. */
const MIN_EPOCH_MS = -62_167_219_200_000;
const MAX_EPOCH_MS = 253_402_300_799_999;

function fromEpochMilliseconds(ms: number): string | null {
  if (!(ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS)) return null;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
