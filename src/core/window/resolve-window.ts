import { assertNever } from '../assert-never.ts';
import type { WindowSpec } from './parse-window-spec.ts';
import {
  addUtcMonths,
  ceilToSecond,
  DAY_MS,
  formatUtcDate,
  formatUtcInstant,
  isUtcMidnight,
  parseUtcInstant,
} from './utc-calendar.ts';

/** A window pinned to time: `from` inclusive (null for all time), `to` exclusive, ISO UTC instants. */
export interface ResolvedWindow {
  /** For people: `last 30 days`, `2026 year to date`, `March 2026`, with ` as of ...` when one was asked for. */
  readonly label: string;
  readonly from: string | null;
  readonly to: string;
}

/** When the window is resolved: `now`, and optionally an as-of instant to see the board as it was then. */
export interface WindowClock {
  /** The current time, ISO UTC. */
  readonly now: string;
  /** An ISO instant from `parseAsOf`; when given it replaces `now` and appears in the label. */
  readonly asOf?: string | null;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * Pins a window to the as-of instant (`asOf`, else `now`). Nothing after that instant is ever
 * inside a window: rolling windows end there and are measured back from it (`2mo` back from
 * 2026-03-31T10:00:00Z starts 2026-01-31T10:00:00Z; months clamp at month ends), `ytd` runs from
 * 1 January of the year the window's last included second falls in, and a calendar month or year or
 * a range that reaches past the as-of instant is cut there (to an empty window when it starts later).
 * Throws only on a malformed `now`/`asOf`, which the caller controls.
 */
export function resolveWindow(spec: WindowSpec, clock: WindowClock): ResolvedWindow {
  const asOfText = clock.asOf ?? null;
  const endText = asOfText ?? clock.now;
  const parsedEnd = parseUtcInstant(endText);
  if (parsedEnd === null) throw new Error(`resolveWindow: not an ISO instant: ${JSON.stringify(endText)}`);
  const end = ceilToSecond(parsedEnd.ms);
  const suffix = asOfText === null ? '' : ` as of ${formatUtcInstant(end)}`;

  const pinned = (label: string, from: number | null, to: number): ResolvedWindow => {
    const cut = Math.min(to, end);
    return {
      label: label + suffix,
      from: from === null ? null : formatUtcInstant(from),
      to: formatUtcInstant(from === null ? cut : Math.max(from, cut)),
    };
  };

  switch (spec.kind) {
    case 'all':
      return pinned('all time', null, end);
    case 'ytd': {
      const year = new Date(end - 1).getUTCFullYear();
      return pinned(`${year} year to date`, Date.UTC(year, 0, 1), end);
    }
    case 'rolling': {
      const plural = spec.amount === 1 ? '' : 's';
      const label = `last ${spec.amount} ${spec.unit}${plural}`;
      switch (spec.unit) {
        case 'day':
          return pinned(label, end - spec.amount * DAY_MS, end);
        case 'week':
          return pinned(label, end - spec.amount * 7 * DAY_MS, end);
        case 'month':
          return pinned(label, addUtcMonths(end, -spec.amount), end);
        case 'year':
          return pinned(label, addUtcMonths(end, -12 * spec.amount), end);
        default:
          return assertNever(spec.unit, 'rolling unit');
      }
    }
    case 'month':
      return pinned(
        `${MONTH_NAMES[spec.month - 1]} ${spec.year}`,
        Date.UTC(spec.year, spec.month - 1, 1),
        Date.UTC(spec.year, spec.month, 1),
      );
    case 'year':
      return pinned(String(spec.year), Date.UTC(spec.year, 0, 1), Date.UTC(spec.year + 1, 0, 1));
    case 'range': {
      const from = spec.from === null ? null : parseUtcInstant(spec.from)!.ms;
      const to = spec.to === null ? end : parseUtcInstant(spec.to)!.ms;
      return pinned(rangeLabel(from, spec.to === null ? null : to), from, to);
    }
    default:
      return assertNever(spec, 'window spec');
  }
}

function rangeLabel(from: number | null, to: number | null): string {
  const fromText = from === null ? null : isUtcMidnight(from) ? formatUtcDate(from) : formatUtcInstant(from);
  // A midnight end is shown as the last whole day it includes, the way a date-only `to` is written.
  const toText =
    to === null
      ? null
      : isUtcMidnight(to)
        ? `through ${formatUtcDate(to - DAY_MS)}`
        : `until ${formatUtcInstant(to)}`;
  if (fromText === null) return toText ?? 'all time';
  return toText === null ? `since ${fromText}` : `${fromText} ${toText}`;
}
