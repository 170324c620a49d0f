const HOUR_FILE_NAME = /^(\d{4})-(\d{2})-(\d{2})-(\d{1,2})\.json(?:\.gz)?$/;

/**
 * Parses the name of a GH Archive hour file, `YYYY-MM-DD-H.json.gz` (hour 0 to 23, not padded,
 * as gharchive.org names them; a padded hour and a decompressed `.json` are accepted too), into the
 * ISO UTC time the hour starts, e.g. `2015-02-01-15.json.gz` -> `2015-02-01T15:00:00Z`. A directory
 * part is ignored. Returns null for any other name or an impossible date.
 */
export function parseGhArchiveFileName(name: string): { readonly hour: string } | null {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const match = HOUR_FILE_NAME.exec(base);
  if (match === null) return null;
  const [, year, month, day, hour] = match as unknown as [string, string, string, string, string];
  const hourOfDay = Number(hour);
  if (hourOfDay > 23) return null;
  const start = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), hourOfDay));
  // Date.UTC rolls 2015-02-30 over to March: the date is real only if it comes back unchanged.
  if (
    start.getUTCFullYear() !== Number(year) ||
    start.getUTCMonth() !== Number(month) - 1 ||
    start.getUTCDate() !== Number(day)
  ) {
    return null;
  }
  return { hour: `${year}-${month}-${day}T${String(hourOfDay).padStart(2, '0')}:00:00Z` };
}
