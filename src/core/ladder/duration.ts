import { assertNever } from '../assert-never.ts';
import { parseWindowSpec } from '../window/parse-window-spec.ts';
import { addUtcMonths, DAY_MS } from '../window/utc-calendar.ts';
import type { Duration } from './ladder-policy.ts';

/** A parsed value or one message saying what was wrong. */
export type TextParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

const DURATION_FORMS = 'a duration such as 30d, 6w, 3mo or 1y';

/**
 * Parses a duration written the way rolling windows are: `30d`, `6w`, `3mo`, `1y` (months and
 * years are calendar months). Bad text is an error value naming the accepted forms.
 */
export function parseDuration(text: string): TextParseResult<Duration> {
  const trimmed = text.trim();
  if (trimmed.toUpperCase() === 'TODO') {
    return { ok: false, error: `a TODO left in the template: write ${DURATION_FORMS}` };
  }
  if (!/^\d+[a-z]+$/i.test(trimmed))
    return { ok: false, error: `expected ${DURATION_FORMS}, got ${JSON.stringify(text)}` };
  const parsed = parseWindowSpec(trimmed);
  if (!parsed.ok) return { ok: false, error: parsed.error.replace(/^window /, 'duration ') };
  if (parsed.value.kind !== 'rolling')
    return { ok: false, error: `expected ${DURATION_FORMS}, got ${JSON.stringify(text)}` };
  return { ok: true, value: { amount: parsed.value.amount, unit: parsed.value.unit } };
}

/** Moves a timestamp (ms) forward by a duration (backward for a negative `times`), months clamped at month ends. */
export function addDuration(ms: number, duration: Duration, times = 1): number {
  const amount = duration.amount * times;
  switch (duration.unit) {
    case 'day':
      return ms + amount * DAY_MS;
    case 'week':
      return ms + amount * 7 * DAY_MS;
    case 'month':
      return addUtcMonths(ms, amount);
    case 'year':
      return addUtcMonths(ms, 12 * amount);
    default:
      return assertNever(duration.unit, 'duration unit');
  }
}

/** A duration for people: `12 weeks`, `1 month`, `30 days`. */
export function formatDuration(duration: Duration): string {
  return `${duration.amount} ${duration.unit}${duration.amount === 1 ? '' : 's'}`;
}

/** A duration as an adjective: `12-week`, `2-month`. */
export function formatDurationAdjective(duration: Duration): string {
  return `${duration.amount}-${duration.unit}`;
}

/** About how many days a duration lasts (months as 30.44 days), for comparing lengths. */
export function approximateDays(duration: Duration): number {
  switch (duration.unit) {
    case 'day':
      return duration.amount;
    case 'week':
      return duration.amount * 7;
    case 'month':
      return duration.amount * 30.44;
    case 'year':
      return duration.amount * 365.25;
    default:
      return assertNever(duration.unit, 'duration unit');
  }
}
