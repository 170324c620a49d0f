const DAY_OR_HOUR = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{1,2}))?$/;
const HOUR_MS = 3_600_000;

/** One end of a GH Archive range as written: a date (all of its 24 hours) or one hour of a date. */
interface RangeEnd {
  /** The first hour the end covers, in milliseconds. */
  readonly startMs: number;
  /** The last hour the end covers, in milliseconds. */
  readonly endMs: number;
}

/**
 * The GH Archive hours from `from` to `to`, both inclusive, as GH Archive names them
 * (`2025-01-01-5`, the hour not padded), in time order. Each end is a date (`2025-01-01`, all 24
 * hours) or an hour (`2025-01-01T05`). Returns an error sentence, naming the option, for an
 * impossible date or hour, or a range that ends before it starts.
 */
export function parseGhArchiveHourRange(
  from: string,
  to: string,
): { readonly ok: true; readonly hours: readonly string[] } | { readonly ok: false; readonly error: string } {
  const first = parseRangeEnd(from);
  if (first === null) return { ok: false, error: describeBadEnd('--from', from) };
  const last = parseRangeEnd(to);
  if (last === null) return { ok: false, error: describeBadEnd('--to', to) };
  if (last.endMs < first.startMs) return { ok: false, error: `--to ${to} is before --from ${from}` };
  const hours: string[] = [];
  for (let ms = first.startMs; ms <= last.endMs; ms += HOUR_MS) hours.push(toGhArchiveHourName(ms));
  return { ok: true, hours };
}

/** The GH Archive name of the hour starting at `ms` (UTC): `YYYY-MM-DD-H`, the hour not padded. */
export function toGhArchiveHourName(ms: number): string {
  const time = new Date(ms);
  const date = time.toISOString().slice(0, 10);
  return `${date}-${time.getUTCHours()}`;
}

function parseRangeEnd(text: string): RangeEnd | null {
  const match = DAY_OR_HOUR.exec(text.trim());
  if (match === null) return null;
  const [, year, month, day, hour] = match as unknown as [string, string, string, string, string?];
  const dayMs = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const date = new Date(dayMs);
  // Date.UTC rolls 2025-02-30 over to March: the date is real only if it comes back unchanged.
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day)
  ) {
    return null;
  }
  if (hour === undefined) return { startMs: dayMs, endMs: dayMs + 23 * HOUR_MS };
  const hourOfDay = Number(hour);
  if (hourOfDay > 23) return null;
  const ms = dayMs + hourOfDay * HOUR_MS;
  return { startMs: ms, endMs: ms };
}

function describeBadEnd(option: string, text: string): string {
  return `${option} "${text}": expected a date (2025-01-01) or an hour (2025-01-01T05)`;
}
