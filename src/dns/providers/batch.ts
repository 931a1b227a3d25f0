// Group commit for a provider whose API has list and batch endpoints (GoDaddy: one listing answers
// every read, one PATCH adds many records) and a per-endpoint rate limit: requests made while a
// batch is in flight wait for the next one, which then carries all of them. Batches grow with the
// fleet's concurrency by themselves, and a lone request is never held back for company.
//
// A request is never answered by a batch that started before it was made: a read that guards a
// write must see the zone as it is after the caller asked, not as it was a moment earlier.

/** The calls of one batch, given every request in it; one settled result per request, in order. */
export type BatchRunner<Req, Res> = (requests: Req[]) => Promise<PromiseSettledResult<Res>[]>;

export function createBatcher<Req, Res>(run: BatchRunner<Req, Res>): (request: Req) => Promise<Res> {
  let pending: { request: Req; resolve: (r: Res) => void; reject: (e: unknown) => void }[] = [];
  let busy = false;
  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      const settled = await run(batch.map((p) => p.request)).catch((err: unknown) => batch.map((): PromiseSettledResult<Res> => ({ status: 'rejected', reason: err })));
      batch.forEach((p, i) => {
        const s = settled[i];
        if (s?.status === 'fulfilled') p.resolve(s.value);
        else p.reject(s ? s.reason : new Error('batch runner returned no result for this request'));
      });
    } finally {
      busy = false;
      schedule();
    }
  };
  // setImmediate: the requests made in the same turn of the event loop (one wave of tenants
  // reaching the same step) travel together.
  const schedule = () => {
    if (busy || !pending.length) return;
    busy = true;
    setImmediate(() => void flush());
  };
  return (request) =>
    new Promise<Res>((resolve, reject) => {
      pending.push({ request, resolve, reject });
      schedule();
    });
}

/** Who a shared call is for, in its errors: the tenants it carries (the first few, then a count). */
export function describeTenants(tenants: readonly (string | undefined)[]): string | undefined {
  const named = [...new Set(tenants.filter((t): t is string => !!t))];
  if (named.length <= 3) return named.join(', ') || undefined;
  return `${named.slice(0, 3).join(', ')} and ${named.length - 3} more`;
}
