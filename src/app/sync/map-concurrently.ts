/**
 * Applies `task` to every value with at most `limit` tasks under way, and gives the results in the
 * order of the values. The first rejection rejects the whole, after the tasks under way settle, so
 * nothing keeps running behind the caller's back.
 */
export async function mapConcurrently<Value, Result>(
  values: readonly Value[],
  limit: number,
  task: (value: Value) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array(values.length);
  let next = 0;
  let failure: { readonly error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < values.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(values[index] as Value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, values.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== null) throw (failure as { readonly error: unknown }).error;
  return results;
}
