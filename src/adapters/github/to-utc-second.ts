import { parseUtcTime } from '../../core/time/parse-utc-time.ts';

/**
 * Normalizes a time as GitHub writes it to rungs' form, `YYYY-MM-DDTHH:MM:SSZ` (UTC, no
 * fraction). Accepts what `parseUtcTime` reads (fractions of any length, offsets such as
 * `2015-01-31T16:04:57-08:00`, GH Archive's `2015-02-01T00:00:00.00001Z`) and Unix timestamps in
 * seconds (push payloads' `repository.pushed_at`) or milliseconds. Returns null for anything else,
 * impossible dates such as February 30 included; never throws.
 */
export function toUtcSecond(value: unknown): string | null {
  if (typeof value === 'string') {
    const parsed = parseUtcTime(value);
    return parsed.kind === 'time' ? parsed.second : null;
  }
  if (typeof value === 'number') {
    // Seconds until the year 5138; anything larger is taken as milliseconds.
    return fromEpochMilliseconds(Math.abs(value) < 1e11 ? value * 1000 : value);
  }
  return null;
}

/** Years 0000 to 9999, the range the four-digit form can write. */
const MIN_EPOCH_MS = -62_167_219_200_000;
const MAX_EPOCH_MS = 253_402_300_799_999;

function fromEpochMilliseconds(ms: number): string | null {
  if (!(ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS)) return null;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
