/** Most values in one `IN (...)` list: far under both dialects' parameter limits. */
const MAX_IN_LIST = 512;

/**
 * Runs `run` over `values` in chunks fit for an `IN (...)` list. Each chunk is padded to a power
 * of two by repeating its last value (which does not change what `IN` matches), so a query has a
 * dozen possible texts and SQLite's statement cache keeps them all.
 */
export async function forEachInList<T>(
  values: readonly T[],
  run: (chunk: readonly T[]) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < values.length; start += MAX_IN_LIST) {
    const chunk = values.slice(start, start + MAX_IN_LIST);
    let size = 1;
    while (size < chunk.length) size *= 2;
    const last = chunk[chunk.length - 1]!;
    while (chunk.length < size) chunk.push(last);
    await run(chunk);
  }
}
