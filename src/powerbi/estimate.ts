// Power BI answers a refresh and a capacity assignment with no estimate or Retry-After, and every
// status poll spends a call of the principal's budget (60 a minute, shared by the fleet). The
// registry's record of what the fleet's recent ones took is the estimate instead.

/**
 * Before the first poll of an operation accepted at `since`: waits until `typical` ms after it,
 * at most `capMs` (one slow outlier must not stall a tenant) and never past `deadline`. No
 * estimate (the fleet's first), no wait.
 */
export async function waitForEstimate(
  pbi: { sleep: (ms: number) => Promise<void>; now: () => number },
  typical: number | undefined,
  since: number,
  capMs: number,
  deadline: number,
): Promise<void> {
  if (!typical) return;
  await pbi.sleep(Math.max(0, Math.min(typical - (pbi.now() - since), capMs, deadline - pbi.now())));
}
