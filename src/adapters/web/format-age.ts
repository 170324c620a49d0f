const DAY_MS = 86_400_000;

/** How long ago `time` was at `now` (both ISO UTC), in words: `today`, `yesterday`, `5 days ago`, `3 weeks ago`, `2025-04-01`. */
export function formatAge(time: string, now: string): string {
  const days = Math.floor((Date.parse(now) - Date.parse(time)) / DAY_MS);
  if (Number.isNaN(days)) return time.slice(0, 10);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 63) return `${Math.floor(days / 7)} weeks ago`;
  return time.slice(0, 10);
}
