const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const FRACTION = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A count or a number of points as people read it: `12,345`, `0.5`. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? WHOLE.format(value) : FRACTION.format(value);
}

/** A large number in few characters, for chart axes and badges: `950`, `12.3k`, `4.1M`. */
export function formatCompact(value: number): string {
  const size = Math.abs(value);
  if (size >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (size >= 10_000) return `${Math.round(value / 1000)}k`;
  if (size >= 1000) return `${trim(value / 1000)}k`;
  return formatNumber(Math.round(value * 100) / 100);
}

function trim(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
