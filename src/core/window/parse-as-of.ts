import type { WindowParseResult } from './parse-window-spec.ts';
import { ceilToSecond, DAY_MS, formatUtcInstant, parseUtcInstant } from './utc-calendar.ts';

/**
 * Parses an as-of time ("show the board as it was then") into an ISO instant. A date means the end
 * of that UTC day, so `--as-of 2026-03-31` includes everything done on March 31; a date-time is
 * taken as is (rounded up to a whole second). Bad text is an error value.
 */
export function parseAsOf(text: string): WindowParseResult<string> {
  const parsed = parseUtcInstant(text.trim());
  if (parsed === null) {
    return {
      ok: false,
      error: `as-of "${text}": expected a date (2026-03-31) or an ISO date-time (2026-03-31T12:00:00Z)`,
    };
  }
  return {
    ok: true,
    value: formatUtcInstant(ceilToSecond(parsed.dateOnly ? parsed.ms + DAY_MS : parsed.ms)),
  };
}
