import { DAY_MS, formatUtcInstant, parseUtcInstant } from './utc-calendar.ts';

/** A unit of a rolling window: `d`, `w`, `mo`, `y`. */
export type RollingUnit = 'day' | 'week' | 'month' | 'year';

/**
 * A window as the user asked for it, before it is pinned to an as-of time by `resolveWindow`.
 * Range bounds are ISO instants; `to` is already exclusive (a date-only `to` was moved to the next
 * midnight so the whole day counts).
 */
export type WindowSpec =
  | { readonly kind: 'all' }
  | { readonly kind: 'ytd' }
  | { readonly kind: 'rolling'; readonly amount: number; readonly unit: RollingUnit }
  | { readonly kind: 'month'; readonly year: number; readonly month: number }
  | { readonly kind: 'year'; readonly year: number }
  | { readonly kind: 'range'; readonly from: string | null; readonly to: string | null };

/** A parsed value, or one message saying what was wrong and what is accepted. */
export type WindowParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

const UNITS: Readonly<Record<string, RollingUnit>> = { d: 'day', w: 'week', mo: 'month', y: 'year' };

/** The longest rolling window per unit: a hundred years. */
const MAX_AMOUNT: Readonly<Record<RollingUnit, number>> = {
  day: 36_525,
  week: 5_218,
  month: 1_200,
  year: 100,
};

const ACCEPTED =
  'expected all, ytd, a rolling window (30d, 12w, 2mo, 1y), a month (2026-03), a year (2025) or a range (2026-01-01..2026-02-01)';

/**
 * Parses a window: `all`, `ytd`, a rolling `30d` / `12w` / `2mo` / `1y`, a calendar month
 * `2026-03`, a year `2025`, or a range `FROM..TO` where either side may be empty (open) and each is
 * a date (`2026-01-01`) or an ISO date-time. Case-insensitive. Bad text is an error value.
 */
export function parseWindowSpec(text: string): WindowParseResult<WindowSpec> {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'all' || lower === 'all-time') return { ok: true, value: { kind: 'all' } };
  if (lower === 'ytd') return { ok: true, value: { kind: 'ytd' } };

  const rolling = /^(\d+)(d|w|mo|m|y)$/.exec(lower);
  if (rolling) {
    const unit = UNITS[rolling[2]!];
    if (unit === undefined)
      return { ok: false, error: `window "${trimmed}": write months as "mo" (${rolling[1]}mo)` };
    const amount = Number(rolling[1]);
    if (amount < 1)
      return { ok: false, error: `window "${trimmed}": a rolling window needs a length of at least 1` };
    if (amount > MAX_AMOUNT[unit])
      return { ok: false, error: `window "${trimmed}": a rolling window may span at most 100 years` };
    return { ok: true, value: { kind: 'rolling', amount, unit } };
  }

  const month = /^(\d{4})-(\d{2})$/.exec(lower);
  if (month) {
    const year = Number(month[1]);
    const monthNumber = Number(month[2]);
    if (monthNumber < 1 || monthNumber > 12)
      return { ok: false, error: `window "${trimmed}": no month ${month[2]}` };
    if (year < 1970) return { ok: false, error: `window "${trimmed}": years before 1970 are not supported` };
    return { ok: true, value: { kind: 'month', year, month: monthNumber } };
  }

  if (/^\d{4}$/.test(lower)) {
    const year = Number(lower);
    if (year < 1970) return { ok: false, error: `window "${trimmed}": years before 1970 are not supported` };
    return { ok: true, value: { kind: 'year', year } };
  }

  const dots = trimmed.indexOf('..');
  if (dots >= 0) {
    const from = trimmed.slice(0, dots).trim();
    const to = trimmed.slice(dots + 2).trim();
    return parseWindowRange({ from: from === '' ? undefined : from, to: to === '' ? undefined : to });
  }

  return { ok: false, error: `unknown window "${trimmed}"; ${ACCEPTED}` };
}

/**
 * Parses explicit bounds (the CLI's `--from` and `--to`). `from` is inclusive; `to` is exclusive,
 * except that a date-only `to` includes that whole day: `--from 2026-01-01 --to 2026-01-31` is all
 * of January. Either bound may be left out (open); at least one must be given, and `from` must come
 * before `to`.
 */
export function parseWindowRange(bounds: {
  readonly from?: string;
  readonly to?: string;
}): WindowParseResult<WindowSpec> {
  if (bounds.from === undefined && bounds.to === undefined) {
    return { ok: false, error: 'a range needs a start, an end or both (2026-01-01..2026-02-01)' };
  }
  let fromMs: number | null = null;
  let toMs: number | null = null;
  if (bounds.from !== undefined) {
    const parsed = parseUtcInstant(bounds.from.trim());
    if (parsed === null) return { ok: false, error: badBound('start', bounds.from) };
    fromMs = parsed.ms;
  }
  if (bounds.to !== undefined) {
    const parsed = parseUtcInstant(bounds.to.trim());
    if (parsed === null) return { ok: false, error: badBound('end', bounds.to) };
    toMs = parsed.dateOnly ? parsed.ms + DAY_MS : parsed.ms;
  }
  if (fromMs !== null && toMs !== null && fromMs >= toMs) {
    return { ok: false, error: `range ${bounds.from}..${bounds.to}: the start must come before the end` };
  }
  return {
    ok: true,
    value: {
      kind: 'range',
      from: fromMs === null ? null : formatUtcInstant(Math.floor(fromMs / 1000) * 1000),
      to: toMs === null ? null : formatUtcInstant(Math.ceil(toMs / 1000) * 1000),
    },
  };
}

function badBound(which: string, text: string): string {
  return `range ${which} "${text}": expected a date (2026-01-31) or an ISO date-time (2026-01-31T12:00:00Z)`;
}
