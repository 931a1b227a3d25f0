// The operations of the loaded specs, and finding the one a call addresses: method + path
// against the path templates (after the file's `basePath`), a literal segment beating a
// `{param}` at the same position, and templates that carry a query (`...?beta=true`) matching
// only calls that send it.

import { safeDecode, splitPath } from '../http/index.ts';
import { escapePointerSegment, type DocumentSet } from './documents.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  required: boolean;
  /** For `body`: the body schema; for others a schema built from `type`/`format`/`enum`/`items`. */
  schema: Record<string, unknown>;
  collectionFormat?: string;
}

export interface SpecOperation {
  operationId: string;
  /** Upper case. */
  method: string;
  /** The path template as written in the spec, with the `basePath` in front (e.g. `/v1/workspaces/{workspaceId}`). */
  path: string;
  /** The spec file relative to the spec root. */
  file: string;
  docId: string;
  /** JSON pointer of the operation object inside its document. */
  pointer: string;
  parameters: SpecParameter[];
  /** Status (`200`, `default`) → its response object (schema as an absolute-ref JSON Schema, headers). */
  responses: Record<string, { schema?: Record<string, unknown>; headers?: Record<string, Record<string, unknown>> }>;
  /** Query parameters fixed by the template (`?beta=true`). */
  fixedQuery: Record<string, string>;
  segments: string[];
}

export interface OperationIndex {
  all: SpecOperation[];
  byId(operationId: string): SpecOperation | undefined;
  match(method: string, path: string, query?: Record<string, string>): { operation: SpecOperation; params: Record<string, string> } | undefined;
}

export function indexOperations(docs: DocumentSet, entryIds: readonly string[], options: { caseInsensitive: boolean }): OperationIndex {
  const all: SpecOperation[] = [];
  for (const docId of entryIds) {
    const entry = docs.documents.get(docId);
    if (!entry || typeof entry.doc.paths !== 'object') continue;
    const basePath = typeof entry.doc.basePath === 'string' ? entry.doc.basePath.replace(/\/+$/, '') : '';
    for (const [template, pathItem] of Object.entries(entry.doc.paths as Record<string, Record<string, any>>)) {
      const [rawPath, rawQuery = ''] = template.split('?');
      const fixedQuery = Object.fromEntries(new URLSearchParams(rawQuery));
      const shared = (pathItem.parameters ?? []) as unknown[];
      for (const method of METHODS) {
        const op = pathItem[method];
        if (!op || typeof op !== 'object') continue;
        const path = basePath + rawPath;
        all.push({
          operationId: String(op.operationId ?? `${method.toUpperCase()} ${path}`),
          method: method.toUpperCase(),
          path,
          file: entry.file,
          docId,
          pointer: `/paths/${escapePointerSegment(template)}/${method}`,
          parameters: mergeParameters(docs, [...shared, ...((op.parameters ?? []) as unknown[])]),
          responses: op.responses ?? {},
          fixedQuery,
          segments: splitPath(path),
        });
      }
    }
  }
  const byId = new Map(all.map((o) => [o.operationId, o]));
  const fold = (s: string) => (options.caseInsensitive ? s.toLowerCase() : s);

  return {
    all,
    byId: (id) => byId.get(id),
    match(method, path, query = {}) {
      const segments = splitPath(path);
      let best: { operation: SpecOperation; score: string } | undefined;
      for (const op of all) {
        if (op.method !== method.toUpperCase() || op.segments.length !== segments.length) continue;
        let score = '';
        let ok = true;
        for (let i = 0; i < segments.length && ok; i++) {
          const t = op.segments[i];
          if (/^\{[^}]+\}$/.test(t)) score += '0';
          else if (fold(t) === fold(segments[i])) score += '1';
          else ok = false;
        }
        if (!ok) continue;
        const fixed = Object.entries(op.fixedQuery);
        if (fixed.some(([k, v]) => String(query[k]).toLowerCase() !== v.toLowerCase())) continue;
        score += fixed.length > 0 ? '1' : '0';
        if (!best || score > best.score) best = { operation: op, score };
      }
      if (!best) return undefined;
      const params: Record<string, string> = {};
      best.operation.segments.forEach((t, i) => {
        const m = /^\{([^}]+)\}$/.exec(t);
        if (m) params[m[1]] = safeDecode(segments[i]);
      });
      return { operation: best.operation, params };
    },
  };
}

/** Resolves `#/parameters/x` refs and turns non-body parameters into small schemas; operation parameters override path-level ones. */
function mergeParameters(docs: DocumentSet, raw: unknown[]): SpecParameter[] {
  const byKey = new Map<string, SpecParameter>();
  for (const item of raw) {
    let p = item as Record<string, any>;
    if (typeof p.$ref === 'string') p = (docs.resolvePointer(p.$ref) ?? {}) as Record<string, any>;
    if (typeof p.name !== 'string' || typeof p.in !== 'string') continue;
    const schema: Record<string, unknown> =
      p.in === 'body'
        ? ((p.schema ?? {}) as Record<string, unknown>)
        : Object.fromEntries(['type', 'format', 'enum', 'items', 'minimum', 'maximum', 'pattern'].filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
    byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in as SpecParameter['in'], required: p.required === true, schema, collectionFormat: p.collectionFormat });
  }
  return [...byKey.values()];
}
