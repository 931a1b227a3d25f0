// The field-level diff most resources need: compare desired and actual state as plain JSON,
// report each leaf that differs, and mark the fields whose change would destroy data (declared as
// data by the resource, as the Terraform plugin framework's "requires replace" is).
import { canonicalJson } from './hash.ts';
import type { Change, FieldChange } from './types.ts';

export interface DiffFieldsOptions {
  /** Field paths whose change forces replacement, with the reason shown to the reviewer. */
  replaceOn?: Record<string, string>;
  /** Field paths not compared (e.g. values only the service assigns). */
  ignore?: readonly string[];
  /** One-line summaries per action, e.g. `{ create: 'create schema tenant_acme' }`. */
  summary?: Partial<Record<Change['action'], string>>;
}

/**
 * create when nothing exists, delete when nothing is desired, otherwise update (or replace when a
 * `replaceOn` field differs) with one FieldChange per differing leaf; undefined when equal.
 */
export function diffFields<T extends object>(desired: T | undefined, actual: T | undefined, options: DiffFieldsOptions = {}): Change | undefined {
  if (desired === undefined && actual === undefined) return undefined;
  const ignore = new Set(options.ignore ?? []);
  // Creates and deletes list every field too: the reviewer sees what will exist (or go), and the
  // plan hash changes with any of it.
  if (actual === undefined) return { action: 'create', fields: leaves(desired!, ignore, 'after'), summary: options.summary?.create };
  if (desired === undefined) return { action: 'delete', fields: leaves(actual, ignore, 'before'), summary: options.summary?.delete };
  const fields: FieldChange[] = [];
  collect(desired, actual, '', ignore, fields);
  if (fields.length === 0) return undefined;
  const replaceOn = options.replaceOn ?? {};
  for (const f of fields) {
    const reason = replaceOn[f.path];
    if (reason !== undefined) Object.assign(f, { forcesReplacement: true, reason });
  }
  const replace = fields.some((f) => f.forcesReplacement);
  const action = replace ? 'replace' : 'update';
  return { action, fields, summary: options.summary?.[action], ...(replace ? { destroysData: true } : {}) };
}

function collect(desired: unknown, actual: unknown, path: string, ignore: Set<string>, out: FieldChange[]): void {
  if (ignore.has(path)) return;
  if (isPlainObject(desired) && isPlainObject(actual)) {
    const keys = [...new Set([...Object.keys(desired), ...Object.keys(actual)])].sort();
    for (const key of keys) collect(desired[key], actual[key], path ? `${path}.${key}` : key, ignore, out);
    return;
  }
  if (desired === undefined) return; // not managed: a field we do not ask for is left alone
  if (canonicalJson(desired) !== canonicalJson(actual ?? null)) out.push({ path, before: actual, after: desired });
}

function leaves(state: object, ignore: Set<string>, side: 'before' | 'after'): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (value: unknown, path: string) => {
    if (ignore.has(path)) return;
    if (isPlainObject(value)) for (const key of Object.keys(value).sort()) walk(value[key], path ? `${path}.${key}` : key);
    else if (value !== undefined) out.push({ path, [side]: value });
  };
  walk(state, '');
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
