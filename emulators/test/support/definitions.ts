// Item definitions for the emulator tests: base64 definition parts, a small TMDL model and a PBIR
// report written inline, the PBIP semantic model in fixtures/ (PostgreSQL partitions behind four
// text M parameters, kept in the package so its tests need nothing outside it) as parts, and the
// SemanticModel definitions fabric-cicd sent in the recorded trace.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DefinitionPart } from '../../src/world/index.ts';
import { TRACE_FILE } from './specs.ts';

export const TEMPLATE_DIR = join(import.meta.dirname, '../fixtures/Tenant Analytics.SemanticModel');

/** A base64 definition part. */
export function part(path: string, content: string | object): { path: string; payload: string; payloadType: 'InlineBase64' } {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return { path, payload: Buffer.from(text, 'utf8').toString('base64'), payloadType: 'InlineBase64' };
}

/** A small TMDL semantic model reading PostgreSQL through M parameters, as the product deploys. */
export function modelDefinition(name = 'Model'): { parts: ReturnType<typeof part>[] } {
  return {
    parts: [
      part('definition.pbism', { version: '4.0', settings: {} }),
      part('definition/database.tmdl', 'database\n\tcompatibilityLevel: 1550\n'),
      part('definition/model.tmdl', `model ${name}\n\tculture: en-US\n\nref table learners\n`),
      part('definition/expressions.tmdl', 'expression Host = "db.example.invalid" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]\n'),
      part('definition/tables/learners.tmdl', 'table learners\n\n\tcolumn tenant_marker\n\t\tdataType: string\n\t\tsourceColumn: tenant_marker\n\n\tpartition learners = m\n\t\tmode: import\n\t\tsource =\n\t\t\t\tlet\n\t\t\t\t    Source = PostgreSQL.Database(Host, "tenant"),\n\t\t\t\t    learners = Source{[Schema="public",Item="learners"]}[Data]\n\t\t\t\tin\n\t\t\t\t    learners\n'),
    ],
  };
}

/** A PBIR report bound to a model by id. */
export function reportDefinition(modelId: string): { parts: ReturnType<typeof part>[] } {
  return {
    parts: [
      part('definition.pbir', { version: '4.0', datasetReference: { byConnection: { connectionString: null, pbiServiceModelId: null, pbiModelVirtualServerName: 'sobe_wowvirtualserver', pbiModelDatabaseName: modelId, name: 'EntityDataSource', connectionType: 'pbiServiceXmlaStyleLive' } } }),
      part('report.json', { config: '{}', sections: [{ name: 'ReportSection', displayName: 'Overview', ordinal: 0 }] }),
    ],
  };
}

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
        parts.push(part(relative(TEMPLATE_DIR, full).split('\\').join('/'), text));
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
