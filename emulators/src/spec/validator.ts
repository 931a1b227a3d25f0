// Validates calls against the loaded specs with ajv: a request's path, query and body against
// the operation it addresses, and a response's status, headers and body against what the
// operation declares for that status. Used by the emulator fidelity tests (Fabric, Power BI, and
// GitHub, whose OpenAPI 3 description a `transform` reads into the same shape).

import { Ajv, type ValidateFunction } from 'ajv';
import { getPointer, loadDocuments, type DocumentSet, type DocumentTransform } from './documents.ts';
import { indexOperations, type OperationIndex, type SpecOperation } from './operations.ts';
import { applySchemaOverrides, expandNullable, type SpecOverride } from './overrides.ts';

export interface LoadSpecOptions {
  /** The folder the spec files (and their relative `$ref`s) live in. */
  root: string;
  /** Swagger/OpenAPI files relative to `root` whose `paths` define operations. */
  files: readonly string[];
  /** Match literal path segments case-insensitively (Power BI). Default false. */
  caseInsensitivePaths?: boolean;
  overrides?: readonly SpecOverride[];
  /** Applied to each file's JSON before it is read (e.g. an OpenAPI 3 description into the swagger 2.0 shape). */
  transform?: DocumentTransform;
}

export interface CallToValidate {
  method: string;
  /** The URL path as sent (with the base path, e.g. `/v1/workspaces/...`), without the query. */
  path: string;
  query?: Record<string, string>;
  /** Parsed JSON body, or undefined for none. */
  body?: unknown;
}

export interface ResponseToValidate extends CallToValidate {
  status: number;
  /** Response headers (any case). */
  headers?: Record<string, string>;
  /** The parsed response body, or undefined for none. */
  responseBody?: unknown;
}

export interface ValidationResult {
  /** The operation the call matched; undefined when no operation of the spec matches. */
  operationId?: string;
  /** One line per problem, prefixed with where it is (`request body /folderId: ...`). */
  errors: string[];
}

export interface OpenApiSpec {
  operations(): readonly SpecOperation[];
  operation(operationId: string): SpecOperation | undefined;
  findOperation(method: string, path: string, query?: Record<string, string>): SpecOperation | undefined;
  validateRequest(call: CallToValidate): ValidationResult;
  /**
   * Checks the status is declared (2xx only; errors use `default`), declared headers have their
   * type, and the body matches the status's schema. `requireHeaders` also demands every header
   * the status declares. `operationId` validates against that operation instead of the matched
   * one (e.g. an LRO result against the operation that started it).
   */
  validateResponse(response: ResponseToValidate, options?: { requireHeaders?: boolean; operationId?: string; status?: number }): ValidationResult;
  /** Validates a JSON value against a schema addressed as `<file>#<pointer>`. */
  validateValue(fileAndPointer: string, value: unknown): string[];
}

const STRICT_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function loadOpenApiSpec(options: LoadSpecOptions): OpenApiSpec {
  const docs: DocumentSet = loadDocuments(options.root, options.files, options.transform);
  const entryIds = [...docs.documents.values()].filter((d) => options.files.some((f) => sameFile(f, d.file))).map((d) => d.id);
  let index: OperationIndex = indexOperations(docs, entryIds, { caseInsensitive: options.caseInsensitivePaths ?? false });
  const overrides = options.overrides ?? [];
  applySchemaOverrides(docs, overrides, (id) => index.byId(id));
  for (const entry of docs.documents.values()) entry.doc = expandNullable(entry.doc) as Record<string, any>;
  // Re-index: overrides and nullable expansion replaced objects the first index pointed at.
  index = indexOperations(docs, entryIds, { caseInsensitive: options.caseInsensitivePaths ?? false });

  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv, overrides);
  for (const entry of docs.documents.values()) ajv.addSchema(entry.doc, entry.id);

  const cache = new Map<string, ValidateFunction | Error>();
  const compile = (key: string, schema: () => unknown): ValidateFunction | Error => {
    let fn = cache.get(key);
    if (!fn) {
      try {
        fn = ajv.compile(schema() as object);
      } catch (e) {
        fn = new Error(`the spec schema cannot be compiled: ${(e as Error).message}`);
      }
      cache.set(key, fn);
    }
    return fn;
  };
  const check = (key: string, schema: () => unknown, value: unknown, where: string): string[] => {
    const fn = compile(key, schema);
    if (fn instanceof Error) return [`${where}: ${fn.message}`];
    if (fn(value)) return [];
    return (fn.errors ?? []).map((e) => `${where} ${e.instancePath || '/'}: ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
  };
  const schemaOf = (op: SpecOperation, sub: string) => ({ $ref: `${op.docId}#${op.pointer}${sub}` });

  const validateRequest = (call: CallToValidate): ValidationResult => {
    const match = index.match(call.method, call.path, call.query);
    if (!match) return { errors: [`no operation in the spec for ${call.method} ${call.path}`] };
    const op = match.operation;
    const errors: string[] = [];
    op.parameters.forEach((p, i) => {
      const where = `${op.operationId} ${p.in} ${p.name}`;
      const pointer = `/parameters/${i}`;
      if (p.in === 'body') {
        if (call.body === undefined) {
          if (p.required) errors.push(`${where}: the body is required`);
          return;
        }
        errors.push(...check(`${op.operationId}:body`, () => p.schema, call.body, `${op.operationId} request body`));
        return;
      }
      if (p.in !== 'path' && p.in !== 'query') return; // headers and form fields are not checked
      const raw = p.in === 'path' ? match.params[p.name] : call.query?.[p.name];
      if (raw === undefined) {
        if (p.required) errors.push(`${where}: required but missing`);
        return;
      }
      errors.push(...check(`${op.operationId}:${pointer}`, () => p.schema, coerce(raw, p.schema, p.collectionFormat), where));
    });
    return { operationId: op.operationId, errors };
  };

  const validateResponse: OpenApiSpec['validateResponse'] = (res, opts = {}) => {
    const op = opts.operationId ? index.byId(opts.operationId) : index.match(res.method, res.path, res.query)?.operation;
    if (!op) return { errors: [`no operation in the spec for ${opts.operationId ?? `${res.method} ${res.path}`}`] };
    const status = String(opts.status ?? res.status);
    const declared = op.responses[status] ?? (res.status >= 400 ? op.responses.default : undefined);
    const where = `${op.operationId} ${status}`;
    if (!declared) return { operationId: op.operationId, errors: [`${where}: status not declared (declared: ${Object.keys(op.responses).join(', ')})`] };
    const key = op.responses[status] ? status : 'default';
    const errors: string[] = [];
    const headers = lowerKeys(res.headers ?? {});
    for (const [name, spec] of Object.entries(declared.headers ?? {})) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) {
        if (opts.requireHeaders) errors.push(`${where} header ${name}: declared but missing`);
        continue;
      }
      const headerSchema = Object.fromEntries(['type', 'format', 'enum'].filter((k) => spec[k] !== undefined).map((k) => [k, spec[k]]));
      errors.push(...check(`${op.operationId}:${key}:h:${name}`, () => headerSchema, coerce(value, headerSchema), `${where} header ${name}`));
    }
    if (declared.schema) {
      if (res.responseBody === undefined) errors.push(`${where} body: the spec declares a body, none was sent`);
      else errors.push(...check(`${op.operationId}:${key}:body`, () => schemaOf(op, `/responses/${key}/schema`), res.responseBody, `${where} body`));
    }
    return { operationId: op.operationId, errors };
  };

  return {
    operations: () => index.all,
    operation: (id) => index.byId(id),
    findOperation: (method, path, query) => index.match(method, path, query)?.operation,
    validateRequest,
    validateResponse,
    validateValue(fileAndPointer, value) {
      const [file, pointer = ''] = fileAndPointer.split('#');
      const entry = [...docs.documents.values()].find((d) => sameFile(file, d.file));
      if (!entry || getPointer(entry.doc, pointer) === undefined) return [`no schema at ${fileAndPointer}`];
      return check(`value:${entry.id}#${pointer}`, () => ({ $ref: `${entry.id}#${pointer}` }), value, fileAndPointer);
    },
  };
}

/** Query, path and header values arrive as strings; the spec types them. */
function coerce(raw: string, schema: Record<string, unknown>, collectionFormat?: string): unknown {
  switch (schema.type) {
    case 'boolean':
      return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : raw;
    case 'integer':
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'array': {
      const sep = collectionFormat === 'pipes' ? '|' : collectionFormat === 'ssv' ? ' ' : collectionFormat === 'tsv' ? '\t' : ',';
      const items = (schema.items ?? {}) as Record<string, unknown>;
      return raw.split(sep).map((v) => coerce(v, items));
    }
    default:
      return raw;
  }
}

function addFormats(ajv: Ajv, overrides: readonly SpecOverride[]): void {
  const custom = new Map(overrides.flatMap((o) => (o.kind === 'format' ? [[o.format, o.pattern] as const] : [])));
  const str = (name: string, re: RegExp) => ajv.addFormat(name, { type: 'string', validate: (v: string) => (custom.get(name) ?? re).test(v) });
  str('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  str('date-time', STRICT_DATE_TIME);
  str('date', /^\d{4}-\d{2}-\d{2}$/);
  str('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  str('url', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('int32', { type: 'number', validate: (v: number) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (v: number) => Number.isInteger(v) });
  for (const loose of ['double', 'float', 'byte', 'binary', 'password', 'string', 'time', 'time-span', 'date-time-offset', 'duration', 'email']) {
    if (!custom.has(loose)) ajv.addFormat(loose, true);
    else str(loose, /./);
  }
  for (const name of custom.keys()) if (!['uuid', 'date-time', 'date', 'uri', 'url'].includes(name)) str(name, /./);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function sameFile(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
  return norm(a) === norm(b);
}
