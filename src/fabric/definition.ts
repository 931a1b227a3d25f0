// Item definitions from PBIP folders in git (the way fabric-cicd deploys them): every file of the
// item folder becomes one base64 part. A semantic model's M parameters are written into
// `definition/expressions.tmdl` before upload, so the definition itself carries the tenant's
// values and a later redeploy cannot put the template's back.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ConfigurationError, InternalError } from '../errors/index.ts';
import type { ItemDefinition } from './client.ts';

export interface LoadedDefinition {
  /** Path (forward slashes, relative to the item folder) → file text. */
  files: Map<string, string>;
  /** SHA-256 over the files as they are in git (before any parameter is written). */
  hash: string;
}

const cache = new Map<string, { stamp: string; loaded: LoadedDefinition }>();

/**
 * Reads an item folder, once per version of it (plans of thousands of tenants share one read;
 * a file whose size or modification time changed is read again).
 */
export function loadItemFolder(folder: string): LoadedDefinition {
  const paths: string[] = [];
  const stamps: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else {
        paths.push(full);
        stamps.push(`${full}:${st.size}:${st.mtimeMs}`);
      }
    }
  };
  walk(folder);
  const stamp = stamps.join('|');
  const known = cache.get(folder);
  if (known?.stamp === stamp) return known.loaded;
  if (paths.length === 0) throw new InternalError(`item folder ${folder} holds no files`);
  const files = new Map<string, string>();
  for (const full of paths) files.set(relative(folder, full).split(sep).join('/'), readFileSync(full, 'utf8'));
  const hash = createHash('sha256');
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\0${text}\0`);
  const loaded = { files, hash: hash.digest('hex') };
  cache.set(folder, { stamp, loaded });
  return loaded;
}

const EXPRESSIONS = 'definition/expressions.tmdl';

/**
 * The definition with each named M parameter's value replaced. Every parameter must exist in the
 * template (a renamed parameter would otherwise silently keep the template's value).
 */
export function writeParameters(loaded: LoadedDefinition, parameters: Record<string, string>): ItemDefinition {
  const files = new Map(loaded.files);
  const expressions = files.get(EXPRESSIONS);
  if (Object.keys(parameters).length) {
    if (expressions === undefined) throw new ConfigurationError([{ file: 'templates/semantic-model', line: 1, col: 1, message: `the template model has no ${EXPRESSIONS}; parameters ${Object.keys(parameters).join(', ')} cannot be written` }]);
    let text = expressions;
    for (const [name, value] of Object.entries(parameters)) {
      const pattern = new RegExp(`^(expression\\s+${escapeRegExp(name)}\\s*=\\s*)"(?:[^"]|"")*"(\\s+meta\\b)`, 'm');
      if (!pattern.test(text)) {
        throw new ConfigurationError([{ file: `templates/semantic-model/${EXPRESSIONS}`, line: 1, col: 1, message: `M parameter ${name} is not declared as \`expression ${name} = "..." meta [IsParameterQuery=true, ...]\`; declared parameters are the ones tenantops writes: ${Object.keys(parameters).join(', ')}` }]);
      }
      text = text.replace(pattern, (_m, head: string, tail: string) => `${head}${mString(value)}${tail}`);
    }
    files.set(EXPRESSIONS, text);
  }
  return {
    parts: [...files].map(([path, text]) => ({ path, payload: Buffer.from(text, 'utf8').toString('base64'), payloadType: 'InlineBase64' as const })),
  };
}

/** Reads the parameter values back from a definition (what a getDefinition returns). */
export function readParameters(definition: ItemDefinition): Record<string, string> {
  const part = definition.parts.find((p) => p.path === EXPRESSIONS);
  if (!part) return {};
  const text = Buffer.from(part.payload, 'base64').toString('utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^expression\s+([A-Za-z_][\w]*)\s*=\s*"((?:[^"]|"")*)"\s+meta\b/gm)) out[m[1]] = m[2].replaceAll('""', '"');
  return out;
}

/** An M text literal: double quotes are doubled. */
function mString(value: string): string {
  if (/[\r\n]/.test(value)) throw new InternalError('an M parameter value cannot span lines');
  return `"${value.replaceAll('"', '""')}"`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
