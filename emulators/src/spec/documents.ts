// Loads swagger 2.0 / OpenAPI files and every file their `$ref`s reach, and rewrites them into
// plain JSON Schema documents ajv can compile: each file gets an absolute id, every `$ref`
// (relative, cross-file, or local) becomes absolute, and the swagger-only constructs ajv does not
// understand are dropped (`type: file`, string `discriminator`, `x-ms-*` extensions, examples).
// File names are matched case-insensitively because Microsoft's specs write `../../Common/` for
// a folder named `common/` (it works on Windows, where they are written).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';

/** The base of every document id; refs become `${ID_BASE}<path relative to the root, lower case>#<pointer>`. */
export const ID_BASE = 'https://specs.emulators.invalid/';

export interface SpecDocument {
  /** Absolute id used by ajv. */
  id: string;
  /** Path relative to the root, forward slashes, as found on disk. */
  file: string;
  /** The rewritten document. */
  doc: Record<string, any>;
}

export interface DocumentSet {
  root: string;
  documents: Map<string, SpecDocument>;
  /** Referenced files that do not exist (a schema that needs one cannot be validated). */
  missing: Set<string>;
  /** Resolves a pointer inside a loaded document (`file#/a/b`, file relative to the root). */
  resolvePointer(id: string): unknown;
}

/** Keys whose values are never schemas: dropped so their contents are not mistaken for keywords. */
const DROPPED_KEYS = new Set(['x-ms-examples', 'example', 'examples']);

/** Turns a file's parsed JSON into the swagger 2.0 shape read here (an OpenAPI 3 description, see openapi3.ts). */
export type DocumentTransform = (doc: Record<string, any>, file: string) => Record<string, any>;

export function loadDocuments(root: string, entryFiles: readonly string[], transform?: DocumentTransform): DocumentSet {
  const absRoot = resolve(root);
  const documents = new Map<string, SpecDocument>();
  const missing = new Set<string>();
  const queue = entryFiles.map((f) => toRelative(absRoot, resolve(absRoot, f)));

  while (queue.length > 0) {
    const rel = queue.shift() as string;
    const id = idFor(rel);
    if (documents.has(id) || missing.has(rel.toLowerCase())) continue;
    const onDisk = findCaseInsensitive(absRoot, rel);
    if (!onDisk) {
      missing.add(rel.toLowerCase());
      continue;
    }
    const parsed = JSON.parse(readFileSync(join(absRoot, onDisk), 'utf8')) as Record<string, any>;
    const raw = transform ? transform(parsed, onDisk) : parsed;
    const referenced: string[] = [];
    const doc = rewrite(raw, { dir: posix.dirname(onDisk), selfId: id, referenced }) as Record<string, any>;
    documents.set(id, { id, file: onDisk, doc });
    queue.push(...referenced);
  }

  return {
    root: absRoot,
    documents,
    missing,
    resolvePointer(ref) {
      const [base, pointer = ''] = ref.split('#');
      const entry = documents.get(base.toLowerCase());
      return entry ? getPointer(entry.doc, pointer) : undefined;
    },
  };
}

/** The ajv id of a file (relative to the root). */
export function idFor(relFile: string): string {
  return ID_BASE + relFile.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
}

/** Reads a JSON pointer (`/a/b~1c`) inside a value; undefined when a step is missing. */
export function getPointer(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return value;
  let node: any = value;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Escapes one JSON pointer segment. */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface RewriteContext {
  /** The file's folder relative to the root. */
  dir: string;
  selfId: string;
  /** Files this one refers to, relative to the root. */
  referenced: string[];
}

/** Maps whose keys are names (a header `x-ms-operation-id`, a property), not keywords. */
const NAME_MAPS = new Set(['headers', 'properties', 'definitions', 'parameters', 'paths', 'responses', 'patternProperties']);

function rewrite(node: unknown, ctx: RewriteContext, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, ctx));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const isNameMap = NAME_MAPS.has(parentKey);
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (isNameMap) {
      out[key] = rewrite(value, ctx, '');
      continue;
    }
    if (DROPPED_KEYS.has(key)) continue;
    if (key === 'x-nullable') {
      out[key] = value; // kept: the validator turns it into "also null"
      continue;
    }
    if (key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = absoluteRef(value, ctx);
      continue;
    }
    // Swagger 2.0's `discriminator` is a property name; ajv's keyword of that name is OpenAPI 3's object.
    if (key === 'discriminator' && typeof value === 'string') continue;
    // `type: file` (a binary body) has no JSON Schema equivalent: accept anything.
    if (key === 'type' && value === 'file') continue;
    out[key] = rewrite(value, ctx, key);
  }
  return out;
}

function absoluteRef(ref: string, ctx: RewriteContext): string {
  const hash = ref.indexOf('#');
  const filePart = hash < 0 ? ref : ref.slice(0, hash);
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  if (filePart === '') return `${ctx.selfId}#${pointer}`;
  const target = posix.normalize(posix.join(ctx.dir, filePart));
  ctx.referenced.push(target);
  return `${idFor(target)}#${pointer}`;
}

function toRelative(absRoot: string, absFile: string): string {
  return relative(absRoot, absFile).split(sep).join('/');
}

/** The on-disk spelling of a relative path, matching each segment case-insensitively. */
function findCaseInsensitive(absRoot: string, rel: string): string | undefined {
  if (existsSync(join(absRoot, rel))) return rel;
  let dir = absRoot;
  const found: string[] = [];
  for (const segment of rel.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      dir = dirname(dir);
      found.push('..');
      continue;
    }
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return undefined;
    }
    const match = entries.find((e) => e.toLowerCase() === segment.toLowerCase());
    if (!match) return undefined;
    found.push(match);
    dir = join(dir, match);
  }
  return found.join('/');
}
