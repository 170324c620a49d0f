const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * A count with its noun in the right number, as people read it: `1 problem`, `2 problems`,
 * `12,300 points`, `1 entry` / `3 entries` (give `many` when adding `s` is wrong). The one helper
 * every message that counts things uses.
 */
export function countOf(count: number, one: string, many: string = `${one}s`): string {
  return `${WHOLE.format(count)} ${count === 1 ? one : many}`;
}
