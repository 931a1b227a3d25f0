// Body shapes for the trace replay: keys and JSON types, never values. An object's keys must be
// the same and each value's shape must match. An array's elements are merged into one shape (the
// union of their keys, and per key the set of types seen); the emulator's merged keys must equal
// the recorded ones and each of its types must be one the service used. An empty array says
// nothing about its elements, so it matches any array.

type Kind = 'null' | 'string' | 'number' | 'boolean' | 'object' | 'array' | 'empty';

interface Shape {
  kinds: Set<Kind>;
  props?: Map<string, Shape>;
  items?: Shape;
}

function kindOf(v: unknown): Kind {
  if (v === undefined || v === '') return 'empty';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as Kind;
}

function shapeOf(v: unknown): Shape {
  const kind = kindOf(v);
  const shape: Shape = { kinds: new Set([kind]) };
  if (kind === 'object') shape.props = new Map(Object.entries(v as object).map(([k, x]) => [k, shapeOf(x)]));
  if (kind === 'array' && (v as unknown[]).length > 0) shape.items = (v as unknown[]).map(shapeOf).reduce(merge);
  return shape;
}

function merge(a: Shape, b: Shape): Shape {
  const out: Shape = { kinds: new Set([...a.kinds, ...b.kinds]) };
  if (a.props || b.props) {
    out.props = new Map(a.props ?? []);
    for (const [k, s] of b.props ?? []) out.props.set(k, out.props.has(k) ? merge(out.props.get(k) as Shape, s) : s);
  }
  if (a.items || b.items) out.items = a.items && b.items ? merge(a.items, b.items) : (a.items ?? b.items);
  return out;
}

function describe(kinds: Set<Kind>): string {
  return [...kinds].sort().join('|');
}

function compare(recorded: Shape, actual: Shape, path: string, merged: boolean, out: string[]): void {
  const kindsOk = merged ? [...actual.kinds].every((k) => recorded.kinds.has(k)) : describe(recorded.kinds) === describe(actual.kinds);
  if (!kindsOk) {
    out.push(`${path || '/'}: ${describe(actual.kinds)} where the service sent ${describe(recorded.kinds)}`);
    return;
  }
  if (recorded.props && actual.props) {
    const missing = [...recorded.props.keys()].filter((k) => !actual.props!.has(k));
    const extra = [...actual.props.keys()].filter((k) => !recorded.props!.has(k));
    if (missing.length) out.push(`${path || '/'}: missing key(s) ${missing.join(', ')}`);
    if (extra.length) out.push(`${path || '/'}: unexpected key(s) ${extra.join(', ')}`);
    for (const [k, s] of recorded.props) if (actual.props.has(k)) compare(s, actual.props.get(k) as Shape, `${path}/${k}`, merged, out);
  }
  if (recorded.items && actual.items) compare(recorded.items, actual.items, `${path}[]`, true, out);
}

/** Where the emulator's body differs in shape from the recorded one; empty when they match. */
export function compareShapes(recorded: unknown, actual: unknown): string[] {
  const out: string[] = [];
  compare(shapeOf(recorded), shapeOf(actual), '', false, out);
  return out;
}
