// Reads an OpenAPI 3.0 description (GitHub's) into the swagger 2.0 shape the loader, operation
// index and validator of this folder understand: components' schemas become `definitions`, its
// parameters `parameters` (the schema's type, format, enum and bounds on the parameter itself),
// a JSON request body a `body` parameter, each response its JSON `schema` and typed `headers`
// (shared responses and headers inlined), and `nullable: true` the `x-nullable` the validator
// turns into "also null". Examples and extensions are dropped.

type Json = Record<string, any>;

const PARAMETER_SCHEMA_KEYS = ['type', 'format', 'enum', 'items', 'minimum', 'maximum', 'pattern'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function openApi3ToSwagger(doc: Json): Json {
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) return doc;
  const components: Json = doc.components ?? {};
  const resolve = (node: Json, section: string): Json => {
    const ref = typeof node?.$ref === 'string' ? /^#\/components\/([^/]+)\/(.+)$/.exec(node.$ref) : null;
    if (!ref) return node;
    if (ref[1] !== section) throw new Error(`${node.$ref}: expected a reference to components/${section}`);
    return resolve(components[section]?.[ref[2]] ?? {}, section);
  };
  const parameter = (raw: Json): Json => {
    if (typeof raw.$ref === 'string' && raw.$ref.startsWith('#/components/parameters/')) return { $ref: raw.$ref.replace('#/components/parameters/', '#/parameters/') };
    const schema = convertSchema(raw.schema ?? {});
    const hoisted = Object.fromEntries(PARAMETER_SCHEMA_KEYS.filter((k) => schema[k] !== undefined).map((k) => [k, schema[k]]));
    return { name: raw.name, in: raw.in, required: raw.required === true, ...hoisted };
  };
  const response = (raw: Json): Json => {
    const r = resolve(raw, 'responses');
    const schema = jsonContent(r.content)?.schema;
    const headers = Object.fromEntries(Object.entries((r.headers ?? {}) as Json).map(([name, h]) => {
      const header = resolve(h, 'headers');
      const hs = convertSchema(header.schema ?? {});
      return [name, Object.fromEntries(['type', 'format', 'enum'].filter((k) => hs[k] !== undefined).map((k) => [k, hs[k]]))];
    }));
    return { description: r.description ?? '', ...(schema ? { schema: convertSchema(schema) } : {}), ...(Object.keys(headers).length ? { headers } : {}) };
  };

  const paths: Json = {};
  for (const [template, item] of Object.entries((doc.paths ?? {}) as Json)) {
    const out: Json = {};
    if (item.parameters) out.parameters = item.parameters.map(parameter);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = (op.parameters ?? []).map(parameter);
      const body = op.requestBody ? resolve(op.requestBody, 'requestBodies') : undefined;
      const bodySchema = jsonContent(body?.content)?.schema;
      if (bodySchema) parameters.push({ name: 'body', in: 'body', required: body?.required === true, schema: convertSchema(bodySchema) });
      const responses = Object.fromEntries(Object.entries((op.responses ?? {}) as Json).map(([status, r]) => [status, response(r)]));
      out[method] = { operationId: op.operationId, parameters, responses };
    }
    paths[template] = out;
  }
  const parameters = Object.fromEntries(Object.entries((components.parameters ?? {}) as Json).map(([name, p]) => [name, parameter(p)]));
  const definitions = Object.fromEntries(Object.entries((components.schemas ?? {}) as Json).map(([name, s]) => [name, convertSchema(s)]));
  return { swagger: '2.0', info: doc.info, basePath: '', paths, parameters, definitions };
}

/** The JSON media type of a content map (`application/json`, or a vendor `+json` one). */
function jsonContent(content: Json | undefined): Json | undefined {
  if (!content) return undefined;
  const key = Object.keys(content).find((k) => k === 'application/json') ?? Object.keys(content).find((k) => /[/+]json\b/.test(k));
  return key ? content[key] : undefined;
}

/** Schema refs into `definitions`, `nullable` into `x-nullable`; everything else as it is. */
function convertSchema(node: unknown): Json {
  if (Array.isArray(node)) return node.map(convertSchema) as unknown as Json;
  if (node === null || typeof node !== 'object') return node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', '#/definitions/');
    else if (key === 'nullable') {
      if (value === true) out['x-nullable'] = true;
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, convertSchema(v)]));
    } else out[key] = convertSchema(value);
  }
  return out;
}
