// The OData query options Power BI list calls accept: `$filter` (comparisons with eq/ne/gt/ge/lt/le
// over properties, `lastRefresh/status` reaching into an object; contains/startswith/endswith, tolower, and/or/not, parentheses), `$top` and `$skip`.
// An expression it cannot read answers 400, as the service does.

import { badRequest } from './errors.ts';

type Row = Record<string, unknown>;
type Pred = (row: Row) => boolean;
type Value = (row: Row) => unknown;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*('(?:[^']|'')*'|\(|\)|,|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z_][\w/.]*|-?\d+(?:\.\d+)?)/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    m = re.exec(text);
    if (!m) {
      if (!text.slice(at).trim()) break;
      throw badRequest(`Invalid $filter near "${text.slice(at, at + 20)}".`);
    }
    tokens.push(m[1]);
    at = re.lastIndex;
  }
  return tokens;
}

const ORDER: Record<string, (cmp: number) => boolean> = { gt: (c) => c > 0, ge: (c) => c >= 0, lt: (c) => c < 0, le: (c) => c <= 0 };

/** Compiles a `$filter` into a predicate over rows whose fields are named as in the response. */
export function compileFilter(filter: string): Pred {
  const t = tokenize(filter);
  let i = 0;
  const peek = () => t[i];
  const next = () => t[i++];
  const expect = (tok: string) => {
    if (next() !== tok) throw badRequest(`Invalid $filter: expected "${tok}".`);
  };
  const value = (): Value => {
    const tok = next();
    if (tok === undefined) throw badRequest('Invalid $filter: unexpected end.');
    if (tok.startsWith("'")) { const s = tok.slice(1, -1).replace(/''/g, "'"); return () => s; }
    if (tok === 'true' || tok === 'false') { const b = tok === 'true'; return () => b; }
    if (tok === 'null') return () => null;
    if (/^-?\d/.test(tok) && !/^[0-9a-f]{8}-/i.test(tok)) { const n = Number(tok); return () => n; }
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(tok)) { const g = tok.toLowerCase(); return () => g; }
    const fn = tok.toLowerCase();
    if ((fn === 'tolower' || fn === 'toupper') && peek() === '(') {
      next();
      const inner = value();
      expect(')');
      return (row) => { const v = inner(row); return typeof v === 'string' ? (fn === 'tolower' ? v.toLowerCase() : v.toUpperCase()) : v; };
    }
    return (row) => {
      let at: unknown = row;
      for (const name of tok.split('/')) {
        const obj = at as Row | undefined;
        const key = obj && Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
        // A missing nested object (a refreshable never refreshed has no lastRefresh) is null.
        if (key === undefined) {
          if (obj === row) throw badRequest(`Invalid $filter: unknown property "${tok}".`);
          return null;
        }
        at = obj![key];
      }
      return at;
    };
  };
  const comparable = (v: unknown) => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v) ? v.toLowerCase() : v);
  const primary = (): Pred => {
    const tok = peek();
    if (tok === '(') {
      next();
      const inner = or();
      expect(')');
      return inner;
    }
    if (tok?.toLowerCase() === 'not') {
      next();
      const inner = primary();
      return (row) => !inner(row);
    }
    const fn = tok?.toLowerCase();
    if ((fn === 'contains' || fn === 'startswith' || fn === 'endswith' || fn === 'substringof') && t[i + 1] === '(') {
      next(); next();
      const a = value();
      expect(',');
      const b = value();
      expect(')');
      return (row) => {
        let [hay, needle] = [a(row), b(row)];
        if (fn === 'substringof') [hay, needle] = [needle, hay];
        if (typeof hay !== 'string' || typeof needle !== 'string') return false;
        if (fn === 'startswith') return hay.startsWith(needle);
        if (fn === 'endswith') return hay.endsWith(needle);
        return hay.includes(needle);
      };
    }
    const left = value();
    const op = next()?.toLowerCase();
    const right = value();
    if (op === 'eq') return (row) => comparable(left(row)) === comparable(right(row));
    if (op === 'ne') return (row) => comparable(left(row)) !== comparable(right(row));
    const order = ORDER[op ?? ''];
    if (order) {
      return (row) => {
        const [a, b] = [comparable(left(row)), comparable(right(row))];
        return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') ? order(a < b ? -1 : a > b ? 1 : 0) : false;
      };
    }
    throw badRequest(`Invalid $filter: unsupported operator "${op}".`);
  };
  const and = (): Pred => {
    let p = primary();
    while (peek()?.toLowerCase() === 'and') { next(); const q = primary(); const l = p; p = (row) => l(row) && q(row); }
    return p;
  };
  const or = (): Pred => {
    let p = and();
    while (peek()?.toLowerCase() === 'or') { next(); const q = and(); const l = p; p = (row) => l(row) || q(row); }
    return p;
  };
  const pred = or();
  if (i < t.length) throw badRequest(`Invalid $filter near "${t[i]}".`);
  return pred;
}

/** Applies `$filter`, `$skip` and `$top` from a query to rows already in response shape. */
export function applyODataQuery<T extends Row>(rows: T[], query: Record<string, string>): T[] {
  let out = rows;
  const filter = query.$filter ?? query.$FILTER;
  if (filter) {
    const pred = compileFilter(filter);
    out = out.filter((r) => pred(r));
  }
  const skip = query.$skip;
  const top = query.$top;
  const int = (name: string, v: string) => {
    if (!/^\d+$/.test(v)) throw badRequest(`${name} must be a non-negative integer.`);
    return Number(v);
  };
  if (skip !== undefined) out = out.slice(int('$skip', skip));
  if (top !== undefined) out = out.slice(0, int('$top', top));
  return out;
}
