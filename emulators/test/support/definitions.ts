// Shared fixtures for the world and Power BI emulator tests: a PBIP semantic model as definition
// parts, and the 25 SemanticModel definitions fabric-cicd sent in the recorded trace. The model
// (fixtures/, PostgreSQL partitions behind four text M parameters) is kept in the package so its
// tests need nothing outside it.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DefinitionPart } from '../../src/world/index.ts';
import { TRACE_FILE } from './specs.ts';

export const TEMPLATE_DIR = join(import.meta.dirname, '../fixtures/Tenant Analytics.SemanticModel');

/** The template folder as definition parts (every file, paths relative, forward slashes). */
export function loadTemplateParts(replace: Record<string, string> = {}): DefinitionPart[] {
  const parts: DefinitionPart[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        let text = readFileSync(full, 'utf8');
        for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
        parts.push({ path: relative(TEMPLATE_DIR, full).split('\\').join('/'), payload: Buffer.from(text).toString('base64'), payloadType: 'InlineBase64' });
      }
    }
  };
  walk(TEMPLATE_DIR);
  return parts;
}

/** The template with its parameter placeholders replaced by real values. */
export function templateFor(values: { host?: string; port?: string; database?: string; schema?: string }): DefinitionPart[] {
  return loadTemplateParts({
    '"template-db.invalid"': JSON.stringify(values.host ?? 'template-db.invalid'),
    'expression Port = "5432"': `expression Port = ${JSON.stringify(values.port ?? '5432')}`,
    '"tenant_template"': JSON.stringify(values.database ?? 'tenant_template'),
    'expression Schema = "tenant"': `expression Schema = ${JSON.stringify(values.schema ?? 'tenant')}`,
  });
}

interface TraceItemBody { type: string; displayName: string; definition?: { format?: string; parts: DefinitionPart[] } }

/** Bodies of `POST /v1/workspaces/{id}/items` in the recorded trace, of one type. */
export function traceItemBodies(type: string): TraceItemBody[] {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE_FILE)).toString('utf8')) as { traces: { request: { method: string; url: string; body: unknown } }[] };
  const out: TraceItemBody[] = [];
  for (const { request } of trace.traces) {
    if (request.method !== 'POST' || !/\/v1\/workspaces\/[^/]+\/items$/.test(new URL(request.url).pathname)) continue;
    const body = (typeof request.body === 'string' ? JSON.parse(request.body) : request.body) as TraceItemBody;
    if (body?.type === type) out.push(body);
  }
  return out;
}
