// Turns ajv's errors into one friendly issue per fault: missing keys of one mapping are grouped,
// several failed constraints on one value become one message, and conditional (if/then/else)
// failures say which condition applies instead of ajv's "must match then schema".

import type { ErrorObject } from 'ajv/dist/2020.js';
import { formatPath, suggestClosest } from '../yaml/index.ts';
import type { PathSegment } from '../yaml/index.ts';
import type { Issue } from './issues.ts';
import * as msg from './messages.ts';

interface Condition {
  instancePath: string;
  /** schemaPath prefix of the branch, e.g. `#/properties/database/then/`. */
  branchPrefix: string;
  branch: 'then' | 'else';
  /** `when isolation is byod` / `unless isolation is byod`. */
  text: string;
}

/** Which value issue wins when several constraints fail on the same value. */
const PRIORITY = ['type', 'false schema', 'enum', 'const', 'string', 'number', 'minItems', 'minProperties', 'uniqueItems'];

/** Keywords whose faults on one value make one message: a string's length and form, a number's range. */
const KEYWORD_GROUP: Partial<Record<string, 'string' | 'number'>> = {
  pattern: 'string',
  minLength: 'string',
  maxLength: 'string',
  minimum: 'number',
  maximum: 'number',
  exclusiveMinimum: 'number',
  exclusiveMaximum: 'number',
};

export function collectSchemaIssues(errors: readonly ErrorObject[], data: unknown): Issue[] {
  const conditions = errors.filter((e) => e.keyword === 'if').map(toCondition);
  const issues: Issue[] = [];
  const valueIssues = new Map<string, { rank: number; issue: Issue }>();
  const grouped = new Map<string, { path: PathSegment[]; missing: string[]; required: string[]; condition?: string }>();
  const seenKeys = new Set<string>();
  /** Misspelt keys by mapping, so a missing key explained by a typo is not reported twice. */
  const typoTargets = new Map<string, Set<string>>();

  const addValueIssue = (path: PathSegment[], kind: string, target: 'key' | 'value', message: string) => {
    const id = JSON.stringify(path);
    const rank = PRIORITY.indexOf(kind) === -1 ? PRIORITY.length : PRIORITY.indexOf(kind);
    const prior = valueIssues.get(id);
    if (!prior || rank < prior.rank) valueIssues.set(id, { rank, issue: { path, target, message } });
  };

  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    const path = toSegments(e.instancePath, data);
    const shown = formatPath(path);
    const value = valueAt(data, path);
    const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
    const cond = conditions.find((c) => e.instancePath.startsWith(c.instancePath) && e.schemaPath.startsWith(c.branchPrefix));

    if (e.propertyName !== undefined) {
      // A mapping key breaking its naming rule (propertyNames): one issue per key, at the key.
      const keyPath = [...path, e.propertyName];
      const id = JSON.stringify(keyPath);
      if (!seenKeys.has(id)) {
        seenKeys.add(id);
        issues.push({ path: keyPath, target: 'key', message: msg.badKeyName(shown, e.propertyName, schema) });
      }
      continue;
    }

    switch (KEYWORD_GROUP[e.keyword] ?? e.keyword) {
      case 'required': {
        const id = `${e.instancePath}|${cond?.branchPrefix ?? ''}`;
        const group = grouped.get(id) ?? { path, missing: [], required: (schema.required as string[]) ?? [], condition: cond?.text };
        group.missing.push((e.params as { missingProperty: string }).missingProperty);
        grouped.set(id, group);
        break;
      }
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys((schema.properties as object | undefined) ?? {});
        const target = suggestClosest(key, allowed);
        if (target) typoTargets.set(e.instancePath, (typoTargets.get(e.instancePath) ?? new Set()).add(target));
        issues.push({ path: [...path, key], target: 'key', message: msg.unknownKey(key, shown, allowed) });
        break;
      }
      case 'false schema':
        addValueIssue(path, e.keyword, 'key', msg.forbiddenKey(shown, cond?.text.replace(/^unless /, 'when '), cond?.branch));
        break;
      case 'type':
        addValueIssue(path, e.keyword, 'value', msg.wrongType(shown, value, String((e.params as { type: string }).type).split(',')));
        break;
      case 'enum':
        addValueIssue(path, e.keyword, 'value', msg.notAllowedValue(shown, value, (e.params as { allowedValues: unknown[] }).allowedValues));
        break;
      case 'const':
        addValueIssue(path, e.keyword, 'value', msg.notAllowedValue(shown, value, [(e.params as { allowedValue: unknown }).allowedValue]));
        break;
      case 'string':
        addValueIssue(path, 'string', 'value', msg.badString(shown, String(value), schema));
        break;
      case 'number':
        addValueIssue(path, 'number', 'value', msg.badNumber(shown, Number(value), schema));
        break;
      case 'minItems':
        addValueIssue(path, e.keyword, 'value', msg.tooFewItems(shown, Number(schema.minItems)));
        break;
      case 'minProperties':
        addValueIssue(path, e.keyword, 'value', msg.tooFewProperties(shown, Number(schema.minProperties)));
        break;
      case 'uniqueItems': {
        const { i, j } = e.params as { i: number; j: number };
        const [first, again] = i < j ? [i, j] : [j, i];
        const itemPath = [...path, again];
        addValueIssue(itemPath, e.keyword, 'value', msg.duplicateItem(formatPath(itemPath), valueAt(data, itemPath), formatPath([...path, first])));
        break;
      }
      default:
        addValueIssue(path, e.keyword, 'value', `${shown || 'the file'} ${e.message ?? 'is not valid'}`);
    }
  }

  for (const [id, g] of grouped) {
    const typos = typoTargets.get(id.slice(0, id.indexOf('|')));
    g.missing = g.missing.filter((k) => !typos?.has(k));
    if (g.missing.length === 0) continue;
    issues.push({ path: g.path, target: 'key', message: msg.missingKeys(formatPath(g.path), g.missing, g.required, g.condition) });
  }
  return [...issues, ...[...valueIssues.values()].map((v) => v.issue)];
}

function toCondition(e: ErrorObject): Condition {
  const branch = (e.params as { failingKeyword: 'then' | 'else' }).failingKeyword;
  const ifSchema = ((e.parentSchema ?? {}) as { if?: { properties?: Record<string, { const?: unknown }> } }).if;
  const parts = Object.entries(ifSchema?.properties ?? {})
    .filter(([, s]) => s && typeof s === 'object' && 'const' in s)
    .map(([k, s]) => `${k} is ${String(s.const)}`);
  const text = parts.length ? `${branch === 'then' ? 'when' : 'unless'} ${parts.join(' and ')}` : '';
  return { instancePath: e.instancePath, branchPrefix: e.schemaPath.replace(/\/if$/, `/${branch}/`), branch, text };
}

/** JSON Pointer → path segments; array positions become numbers. */
function toSegments(pointer: string, data: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      out.push(Number(seg));
      node = node[Number(seg)];
    } else {
      out.push(seg);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
