// Deterministic fault injection: targeted rules (fail the Nth call of a route, every Kth, a
// number of times) and seeded random rules (mulberry32), so a failure reproduces exactly from
// its rule or seed. The server asks `decide` once per routed call, in arrival order.

import { matchesSelector } from './router.ts';
import type { FaultKind, FaultRule, FaultRuleState } from './types.ts';
import { createPrng } from './prng.ts';

const KINDS: readonly FaultKind[] = ['status', 'reset', 'timeout', 'delay'];

export interface FaultDecision {
  rule: FaultRuleState;
  kind: FaultKind;
}

export interface FaultInjector {
  add(rules: FaultRule[]): FaultRuleState[];
  clear(): void;
  list(): FaultRuleState[];
  /** The fault for this call, if any; advances every matching rule's counters. */
  decide(call: { method: string; path: string; route?: string }): FaultDecision | undefined;
}

/** Throws a message naming the bad field; the admin API answers it with 400. */
export function validateFaultRule(rule: FaultRule): void {
  const positiveInt = (name: keyof FaultRule) => {
    const v = rule[name];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1)) throw new Error(`${name} must be a positive integer`);
  };
  if (typeof rule !== 'object' || rule === null) throw new Error('a fault rule must be an object');
  positiveInt('nth');
  positiveInt('every');
  positiveInt('times');
  if (rule.route !== undefined && typeof rule.route !== 'string') throw new Error('route must be a string');
  if (rule.kind !== undefined && !KINDS.includes(rule.kind)) throw new Error(`kind must be one of ${KINDS.join(', ')}`);
  if (rule.when !== undefined && rule.when !== 'before' && rule.when !== 'after') throw new Error('when must be before or after');
  if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)) {
    throw new Error('status must be an HTTP error status (400-599)');
  }
  if (rule.seed !== undefined) {
    if (!Number.isInteger(rule.seed)) throw new Error('seed must be an integer');
    if (typeof rule.probability !== 'number' || rule.probability < 0 || rule.probability > 1) {
      throw new Error('probability must be a number from 0 to 1 in seeded mode');
    }
    if (!Array.isArray(rule.kinds) || rule.kinds.length === 0 || rule.kinds.some((k) => !KINDS.includes(k))) {
      throw new Error(`kinds must be a non-empty list of ${KINDS.join(', ')} in seeded mode`);
    }
  } else if (rule.probability !== undefined || rule.kinds !== undefined) {
    throw new Error('probability and kinds need a seed');
  }
  if (rule.kind === 'delay' && rule.delayMs === undefined) throw new Error('a delay fault needs delayMs');
}

export function createFaultInjector(options: { caseInsensitive: boolean }): FaultInjector {
  let rules: (FaultRuleState & { next?: () => number })[] = [];
  let nextId = 1;

  const shouldFire = (rule: FaultRuleState): boolean => {
    const k = rule.matched;
    const every = rule.every ?? 1;
    const start = rule.nth ?? every; // `{ every: 3 }` alone fails calls 3, 6, 9, ...
    const times = rule.times ?? (rule.nth !== undefined && rule.every === undefined ? 1 : Infinity);
    return k >= start && (k - start) % every === 0 && rule.fired < times;
  };

  return {
    add(newRules) {
      newRules.forEach(validateFaultRule);
      const added = newRules.map((rule) => ({
        ...rule,
        id: nextId++,
        matched: 0,
        fired: 0,
        firedAt: [],
        next: rule.seed !== undefined ? createPrng(rule.seed) : undefined,
      }));
      rules.push(...added);
      return added.map(publicState);
    },
    clear() {
      rules = [];
    },
    list: () => rules.map(publicState),
    decide(call) {
      let decision: FaultDecision | undefined;
      // Every matching rule counts the call (and draws from its stream), so a rule's call numbers
      // do not depend on which other rules exist; when two would fail one call, the older wins and
      // the other does not spend a failure.
      for (const rule of rules) {
        if (!matchesSelector(rule.route, call, options.caseInsensitive)) continue;
        rule.matched++;
        let kind: FaultKind | undefined;
        if (rule.next) {
          const fail = rule.next() < (rule.probability ?? 0);
          const pick = rule.next(); // always drawn, so the stream advances the same way per call
          const kinds = rule.kinds ?? ['status'];
          if (fail && rule.fired < (rule.times ?? Infinity)) kind = kinds[Math.floor(pick * kinds.length)];
        } else if (shouldFire(rule)) {
          kind = rule.kind ?? 'status';
        }
        if (!kind || decision) continue;
        rule.fired++;
        rule.firedAt.push(rule.matched);
        decision = { rule: publicState(rule), kind };
      }
      return decision;
    },
  };
}

function publicState(rule: FaultRuleState & { next?: () => number }): FaultRuleState {
  const { next: _next, ...state } = rule;
  return { ...state, firedAt: [...state.firedAt] };
}
