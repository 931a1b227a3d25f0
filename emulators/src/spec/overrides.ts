// Overrides: the places where a published spec is known to disagree with the service it
// describes. Each one is data with a `why` that cites the evidence (a trace exchange, a
// documentation page), so the list stays short, reviewable and honest. They are applied to the
// loaded documents before anything is compiled.

import { getPointer, idFor, type DocumentSet } from './documents.ts';

export type SpecOverride =
  | {
      kind: 'schema';
      /**
       * `<file relative to the spec root>#<JSON pointer>`, e.g.
       * `platform/definitions/platform.json#/definitions/OperationState/properties/percentComplete`,
       * or `operation:<operationId>#<pointer inside the operation>`, e.g.
       * `operation:Groups_CreateGroup#/responses/200/schema`.
       */
      target: string;
      /** The value may also be JSON `null`. */
      nullable?: true;
      /** Replaces the node (a JSON Schema; a `$ref` in it must be absolute, see `specRef`). */
      replace?: unknown;
      /** Shallow-merges into the node. */
      merge?: Record<string, unknown>;
      why: string;
    }
  | {
      kind: 'format';
      /** A JSON Schema `format` name such as `date-time`. */
      format: string;
      /** What the service really sends. */
      pattern: RegExp;
      why: string;
    };

/** The absolute `$ref` for a definition in a spec file, for use in `replace` schemas. */
export function specRef(fileAndPointer: string): string {
  const [file, pointer = ''] = fileAndPointer.split('#');
  return `${idFor(file)}#${pointer}`;
}

/**
 * Applies the schema overrides to the loaded documents. `findOperation` maps an operation id to
 * its document id and pointer. Throws when a target does not exist, so a stale override is noticed.
 */
export function applySchemaOverrides(
  docs: DocumentSet,
  overrides: readonly SpecOverride[],
  findOperation: (operationId: string) => { docId: string; pointer: string } | undefined,
): void {
  for (const o of overrides) {
    if (o.kind !== 'schema') continue;
    const { docId, pointer } = resolveTarget(o.target, findOperation);
    const entry = docs.documents.get(docId);
    if (!entry) throw new Error(`spec override ${o.target}: no such spec file`);
    const parentPointer = pointer.slice(0, pointer.lastIndexOf('/'));
    const key = decodeSegment(pointer.slice(pointer.lastIndexOf('/') + 1));
    const parent = getPointer(entry.doc, parentPointer) as Record<string, unknown> | undefined;
    if (!parent || typeof parent !== 'object' || !(key in parent)) throw new Error(`spec override ${o.target}: the target does not exist`);
    let node = parent[key] as Record<string, unknown>;
    if (o.replace !== undefined) node = structuredClone(o.replace) as Record<string, unknown>;
    if (o.merge) node = { ...node, ...structuredClone(o.merge) };
    if (o.nullable) node = { ...node, 'x-nullable': true };
    parent[key] = node;
  }
}

function resolveTarget(target: string, findOperation: (operationId: string) => { docId: string; pointer: string } | undefined) {
  const hash = target.indexOf('#');
  if (hash < 0) throw new Error(`spec override ${target}: a target needs a #/pointer`);
  const head = target.slice(0, hash);
  const pointer = target.slice(hash + 1);
  if (head.startsWith('operation:')) {
    const op = findOperation(head.slice('operation:'.length));
    if (!op) throw new Error(`spec override ${target}: no operation ${head.slice('operation:'.length)}`);
    return { docId: op.docId, pointer: op.pointer + pointer };
  }
  return { docId: idFor(head), pointer };
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Swagger 2.0 says "nullable" with `x-nullable: true`; JSON Schema says "also null" with anyOf.
 * Runs over every document after the overrides.
 */
export function expandNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(expandNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) if (k !== 'x-nullable') out[k] = expandNullable(v);
  return (node as Record<string, unknown>)['x-nullable'] === true ? { anyOf: [{ type: 'null' }, out] } : out;
}
