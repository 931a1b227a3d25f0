// Bounded concurrency for independent work (reads, tenants). Work with dependencies goes
// through schedule.ts instead.

/**
 * Runs `fn` over `items` with at most `limit` in flight; results keep the input order. The first
 * rejection rejects the whole call once the in-flight calls have settled, and no new item starts.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  if (failure) throw failure.error;
  return results;
}
