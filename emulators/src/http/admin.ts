// The admin API every emulator serves under `/_admin/` (not part of any emulated contract): state
// dump, request log, faults, latency profile and rate limits, for tests in other processes and
// for people rehearsing locally. In-process tests use the same operations on the Emulator object.

import { EmulatorRequestError } from './io.ts';
import type { EmulatorControls, FaultRule, LatencySetting, RateLimits, Route } from './types.ts';

export function buildAdminRoutes(controls: EmulatorControls): Route[] {
  const invalid = (fn: () => unknown) => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof EmulatorRequestError) throw e;
      throw new EmulatorRequestError(400, 'InvalidRequest', (e as Error).message);
    }
  };
  return [
    { name: 'admin.state', method: 'GET', path: '/_admin/state', handler: () => ({ status: 200, body: controls.state() ?? {} }) },
    { name: 'admin.requests.list', method: 'GET', path: '/_admin/requests', handler: () => ({ status: 200, body: { requests: controls.requests() } }) },
    { name: 'admin.requests.clear', method: 'DELETE', path: '/_admin/requests', handler: () => (controls.clearRequests(), { status: 204 }) },
    { name: 'admin.faults.list', method: 'GET', path: '/_admin/faults', handler: () => ({ status: 200, body: { faults: controls.faults() } }) },
    {
      name: 'admin.faults.add',
      method: 'POST',
      path: '/_admin/faults',
      // Accepts one rule, a list, or `{ "rules": [...] }`.
      handler: (req) => {
        const body = req.json<FaultRule | FaultRule[] | { rules: FaultRule[] }>();
        const rules = Array.isArray(body) ? body : body && 'rules' in body && Array.isArray(body.rules) ? body.rules : [body as FaultRule];
        return { status: 201, body: { faults: invalid(() => controls.addFaults(rules)) } };
      },
    },
    { name: 'admin.faults.clear', method: 'DELETE', path: '/_admin/faults', handler: () => (controls.clearFaults(), { status: 204 }) },
    { name: 'admin.latency.get', method: 'GET', path: '/_admin/latency', handler: () => ({ status: 200, body: controls.latency() }) },
    {
      name: 'admin.latency.set',
      method: 'PUT',
      path: '/_admin/latency',
      handler: (req) => {
        invalid(() => controls.setLatency(req.json<LatencySetting>()));
        return { status: 200, body: controls.latency() };
      },
    },
    { name: 'admin.rate-limits.get', method: 'GET', path: '/_admin/rate-limits', handler: () => ({ status: 200, body: controls.rateLimits() }) },
    {
      name: 'admin.rate-limits.set',
      method: 'PUT',
      path: '/_admin/rate-limits',
      handler: (req) => {
        invalid(() => controls.setRateLimits(req.json<RateLimits>()));
        return { status: 200, body: controls.rateLimits() };
      },
    },
    { name: 'admin.rate-limits.clear', method: 'DELETE', path: '/_admin/rate-limits', handler: () => (controls.setRateLimits({}), { status: 204 }) },
  ];
}
