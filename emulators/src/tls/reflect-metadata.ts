// @peculiar/x509 registers its algorithms through tsyringe, which refuses to load unless a
// Reflect metadata API exists (its README asks for `import 'reflect-metadata'`). tsyringe only
// records constructor parameter types with it, and x509's classes have none, so this small store
// is enough; it steps aside when a real polyfill is already loaded. Imported before x509.

type MetadataTarget = object;
const tables = new WeakMap<MetadataTarget, Map<string, unknown>>();
const slot = (key: unknown, property?: PropertyKey) => `${String(property ?? '')}\u0000${String(key)}`;

function getOwnMetadata(key: unknown, target: MetadataTarget, property?: PropertyKey): unknown {
  return tables.get(target)?.get(slot(key, property));
}

function getMetadata(key: unknown, target: MetadataTarget, property?: PropertyKey): unknown {
  for (let t: MetadataTarget | null = target; t; t = Object.getPrototypeOf(t)) {
    const value = getOwnMetadata(key, t, property);
    if (value !== undefined) return value;
  }
  return undefined;
}

function defineMetadata(key: unknown, value: unknown, target: MetadataTarget, property?: PropertyKey): void {
  let table = tables.get(target);
  if (!table) tables.set(target, (table = new Map()));
  table.set(slot(key, property), value);
}

const reflect = Reflect as typeof Reflect & { getMetadata?: unknown };
if (typeof reflect.getMetadata !== 'function') {
  Object.assign(Reflect, {
    getMetadata,
    getOwnMetadata,
    defineMetadata,
    metadata: (key: unknown, value: unknown) => (target: MetadataTarget, property?: PropertyKey) => defineMetadata(key, value, target, property),
  });
}
