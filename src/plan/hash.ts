// Canonical JSON and the plan hash. The hash binds an apply to the plan a reviewer saw, so it must
// depend on what would change and on nothing else: not on key order, whitespace, timestamps,
// counts or the hash field itself.

import { createHash } from 'node:crypto';
import { EnvironmentError, InternalError } from '../errors/index.ts';

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth and no whitespace.
 * `undefined` object members are dropped (inside arrays they become `null`, as JSON.stringify
 * does, so indices keep their meaning); `-0` becomes `0`; objects with `toJSON` (Dates) use it.
 * Values JSON cannot carry faithfully (NaN, Infinity, bigint, functions, symbols, Map, Set,
 * cycles) throw InternalError rather than hash to something that silently collides.
 */
export function canonicalJson(value: unknown): string {
  // Plans format thousands of strings per tenant: no cycle set or trail for a value without depth.
  if (typeof value === 'string') return JSON.stringify(value);
  return write(value, new Set(), []);
}

/** Parses canonical JSON back: a plain-data copy with the same normalisation applied. */
export function toPlainData<T>(value: T): T {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  // A finite number other than -0 is its own plain form; planning meets thousands of them per tenant.
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return value;
  return JSON.parse(canonicalJson(value)) as T;
}

/** The parts of a plan the hash covers: per tenant, the planned changes. */
export interface HashablePlan {
  version: number;
  tenants: readonly { tenant: string; changes: readonly unknown[] }[];
}

/**
 * SHA-256 hex over the version and the changes of every tenant that has some. Tenants without
 * changes are left out so that planning one tenant or all of them gives the same hash when only
 * that tenant changes.
 */
export function hashPlan(plan: HashablePlan): string {
  const hasher = createPlanHasher();
  for (const t of plan.tenants) hasher.add(t.tenant, t.changes);
  return hasher.digest(plan.version);
}

/** hashPlan fed one tenant at a time, for a plan whose tenants are never all held at once. */
export interface PlanHasher {
  /** The next tenant in plan order; one without changes adds nothing. */
  add(tenant: string, changes: readonly unknown[]): void;
  digest(version: number): string;
}

export function createPlanHasher(): PlanHasher {
  // The same bytes as canonicalJson({ tenants, version }), without ever holding them as one string.
  const hash = createHash('sha256').update('{"tenants":[');
  let first = true;
  return {
    add(tenant, changes) {
      if (changes.length === 0) return;
      const json = isMarkedCanonical(changes) ? JSON.stringify(changes) : canonicalJson(changes);
      hash.update(`${first ? '' : ','}{"changes":${json},"tenant":${JSON.stringify(tenant)}}`);
      first = false;
    },
    digest: (version) => hash.update(`],"version":${canonicalJson(version)}}`).digest('hex'),
  };
}

const CANONICAL = Symbol('canonical key order');

/**
 * Marks a list whose every object was built with its keys in sorted order and whose values are
 * plain data (see build.ts), so JSON.stringify of it is its canonical JSON. The mark is a symbol:
 * it never reaches JSON, and a plan read back from a file is hashed the slow, safe way.
 */
export function markCanonical<T extends object>(list: T): T {
  Object.defineProperty(list, CANONICAL, { value: true, enumerable: false });
  return list;
}

function isMarkedCanonical(list: object): boolean {
  return (list as { [CANONICAL]?: boolean })[CANONICAL] === true;
}

/** The first 12 hex digits: enough to tell plans apart in a title, a log line or a comment. */
export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH_LENGTH);
}

const SHORT_HASH_LENGTH = 12;
const HASH_LENGTH = 64;

/**
 * A reviewed plan hash as a person or a workflow passes it: the whole SHA-256 (workflows) or a
 * prefix of at least the 12 digits the text plan shows. Anything shorter would let a mistyped or
 * truncated value bind an apply to a plan nobody saw, so it is a usage error, not a mismatch.
 */
export function parsePlanHash(value: string, what = '--plan-hash'): string {
  const hash = value.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(hash)) {
    throw new EnvironmentError(`${what} is not a plan hash (${hash.length ? 'not hexadecimal' : 'empty'}); allowed: the hash \`tenantops plan\` prints, ${SHORT_HASH_LENGTH} to ${HASH_LENGTH} hex digits`);
  }
  if (hash.length < SHORT_HASH_LENGTH || hash.length > HASH_LENGTH) {
    throw new EnvironmentError(`${what} has ${hash.length} hex digits; allowed: ${SHORT_HASH_LENGTH} to ${HASH_LENGTH} (the whole hash, or the first ${SHORT_HASH_LENGTH} that the text plan shows)`);
  }
  return hash;
}

/** Whether the computed full hash is the reviewed one (given whole or as a prefix, see parsePlanHash). */
export function matchesPlanHash(reviewed: string, computed: string): boolean {
  const hash = reviewed.toLowerCase();
  return hash.length >= SHORT_HASH_LENGTH && computed.startsWith(hash);
}

// `trail` holds the path segments of the value being written; it is only joined into a string
// when something has to be refused, because building paths eagerly doubled the cost of hashing.
function write(value: unknown, seen: Set<object>, trail: (string | number)[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw refuse(trail, `is ${value}, which JSON cannot represent`);
      // ECMAScript's Number#toString is already the shortest round-trip form; only -0 differs.
      return Object.is(value, -0) ? '0' : String(value);
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      throw refuse(trail, `is a ${typeof value}, which is not plain data`);
  }
  if (value === null) return 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON(): unknown }).toJSON(), seen, trail);
  }
  if (value instanceof Map || value instanceof Set) {
    throw refuse(trail, `is a ${value.constructor.name}, which is not plain data`);
  }
  if (seen.has(value)) throw refuse(trail, 'refers back to itself');
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      trail.push(i);
      out += (i > 0 ? ',' : '') + write(value[i], seen, trail);
      trail.pop();
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const k of keys) {
      const v = record[k];
      if (v === undefined) continue;
      trail.push(k);
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + write(v, seen, trail);
      trail.pop();
      first = false;
    }
    out += '}';
  }
  seen.delete(value);
  return out;
}

function refuse(trail: (string | number)[], what: string): InternalError {
  const path = trail.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
  return new InternalError(`canonicalJson: $${path} ${what}`);
}
