// Small pieces every provider shares: grouping flat record lists into name+type sets, and the
// real sleep used when no clock is injected.
import { setTimeout as delay } from 'node:timers/promises';
import { normalizeSet } from '../normalize.ts';
import type { RecordSetState } from '../types.ts';

export const realSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

/** Flat records → normalised sets, in name then type order (a stable listing). */
export function groupRecordSets<R>(records: readonly R[], view: (r: R) => { name: string; type: string; ttl: number; value: string }): RecordSetState[] {
  const sets = new Map<string, RecordSetState>();
  for (const r of records) {
    const { name, type, ttl, value } = view(r);
    const key = `${name.toLowerCase()}\u0000${type.toUpperCase()}`;
    const set = sets.get(key);
    if (set) {
      set.values.push(value);
      set.ttl = Math.min(set.ttl, ttl);
    } else sets.set(key, { name, type, ttl, values: [value] });
  }
  return [...sets.values()].map((s) => normalizeSet(s)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
