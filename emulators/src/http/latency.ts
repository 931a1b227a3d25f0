// Latency profiles: `instant` (tests: no artificial waits) or `realistic` (each route answers
// after the emulator's documented latency for it, times a scale factor). The numbers are data
// supplied by each emulator (its LatencyTable); this module only applies them.

import type { LatencySetting, LatencyTable } from './types.ts';

export interface LatencyController {
  get(): LatencySetting;
  set(setting: LatencySetting): void;
  /** Milliseconds a call of this route waits before it is handled. */
  routeDelay(routeName: string | undefined): number;
  /** A named asynchronous duration; `fallbackMs` when neither the table nor the setting name it. */
  duration(name: string, fallbackMs?: number): number;
}

export function validateLatencySetting(setting: LatencySetting): void {
  if (typeof setting !== 'object' || setting === null) throw new Error('a latency setting must be an object');
  if (setting.profile !== 'instant' && setting.profile !== 'realistic') throw new Error('profile must be instant or realistic');
  if (setting.scale !== undefined && !(typeof setting.scale === 'number' && setting.scale >= 0)) {
    throw new Error('scale must be a non-negative number');
  }
  for (const key of ['routes', 'durations'] as const) {
    const map = setting[key];
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'number' || v < 0)) {
      throw new Error(`${key} must map names to non-negative milliseconds`);
    }
  }
}

export function createLatencyController(table: LatencyTable, initial: LatencySetting = { profile: 'instant' }): LatencyController {
  let setting = initial;
  validateLatencySetting(setting);
  const scale = () => setting.scale ?? 1;
  return {
    get: () => setting,
    set(next) {
      validateLatencySetting(next);
      setting = next;
    },
    routeDelay(routeName) {
      if (setting.profile === 'instant') return 0;
      const named = routeName === undefined ? undefined : (setting.routes?.[routeName] ?? table.routes?.[routeName]);
      const ms = named ?? table.defaultMs ?? 0;
      return Math.round(ms * scale());
    },
    duration(name, fallbackMs = 0) {
      if (setting.profile === 'instant') return 0;
      return Math.round((setting.durations?.[name] ?? table.durations?.[name] ?? fallbackMs) * scale());
    },
  };
}
