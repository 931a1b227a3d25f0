// A small, tolerant TMDL reader: just what the emulators need from a semantic model definition —
// the model name, its M parameters (expressions.tmdl), and its tables with their columns and
// partitions (and, for a PostgreSQL partition, which server/database/schema/table it reads).
// Anything it does not understand is skipped, never an error, so every real definition loads.

import { findPostgresSource, parseParameterExpression } from './m.ts';
import type { DefinitionPart, ModelColumn, ModelPartition, ModelTable, ParsedModel } from './types.ts';

/** One TMDL line with the lines indented below it. */
interface TmdlNode {
  /** Declaration keyword (`table`, `column`, ...) or property name. */
  keyword: string;
  /** Declared object name, unquoted; undefined for properties and anonymous objects. */
  name?: string;
  /** `:` property value, or the text after `=` (whole dedented block for a multi-line expression). */
  value?: string;
  children: TmdlNode[];
}

/** Reads a semantic model from its definition parts (base64 payloads). Never throws on content. */
export function parseModelDefinition(parts: readonly DefinitionPart[]): ParsedModel {
  const model: ParsedModel = { name: 'Model', parameters: [], tables: [], otherParts: [] };
  const sorted = [...parts].sort((a, b) => a.path.localeCompare(b.path));
  for (const part of sorted) {
    if (!/\.tmdl$/i.test(part.path)) {
      model.otherParts.push(part.path);
      continue;
    }
    const text = Buffer.from(part.payload, 'base64').toString('utf8');
    for (const node of parseTmdl(text)) collect(node, model);
  }
  return model;
}

function collect(node: TmdlNode, model: ParsedModel): void {
  switch (node.keyword) {
    case 'model':
      if (node.name) model.name = node.name;
      for (const child of node.children) collect(child, model);
      break;
    case 'table':
      if (node.name) model.tables.push(readTable(node));
      break;
    case 'expression': {
      if (!node.name || node.value === undefined) break;
      const parameter = parseParameterExpression(node.name, node.value);
      if (parameter) model.parameters.push(parameter);
      break;
    }
    default:
      break;
  }
}

function readTable(node: TmdlNode): ModelTable {
  const table: ModelTable = { name: node.name ?? '', columns: [], partitions: [] };
  for (const child of node.children) {
    if (child.keyword === 'column' && child.name) {
      table.columns.push({ name: child.name, dataType: propertyOf(child, 'dataType'), sourceColumn: propertyOf(child, 'sourceColumn') });
    } else if (child.keyword === 'partition' && child.name) {
      const source = propertyOf(child, 'source');
      table.partitions.push({
        name: child.name,
        kind: (child.value ?? '').trim(),
        mode: propertyOf(child, 'mode'),
        source,
        postgres: source ? findPostgresSource(source) : undefined,
      });
    }
  }
  return table;
}

function propertyOf(node: TmdlNode, key: string): string | undefined {
  return node.children.find((c) => c.keyword === key && c.name === undefined)?.value;
}

/** Parses TMDL text into a tree of declarations and properties by indentation. */
export function parseTmdl(text: string): TmdlNode[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const roots: TmdlNode[] = [];
  const stack: { depth: number; node: TmdlNode }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const content = raw.trim();
    if (!content || content.startsWith('///') || content.startsWith('//')) continue;
    const depth = depthOf(raw);
    const node = parseLine(content);
    // A property or declaration ending in `=` (or opening ```) takes the deeper lines as its expression.
    if (node.value !== undefined && (node.value === '' || node.value === '```')) {
      const block: string[] = [];
      const fenced = node.value === '```';
      // A property's expression is anything deeper; a declaration's (`expression X =`) must sit
      // one level below the object's own properties, which follow at depth + 1.
      const minDepth = node.name === undefined ? depth + 1 : depth + 2;
      let j = i + 1;
      for (; j < lines.length; j++) {
        if (fenced) {
          if (lines[j].trim() === '```') { j++; break; }
          block.push(lines[j]);
          continue;
        }
        if (lines[j].trim() && depthOf(lines[j]) < minDepth) break;
        block.push(lines[j]);
      }
      node.value = dedent(block);
      i = j - 1;
    }
    while (stack.length && stack[stack.length - 1].depth >= depth) stack.pop();
    if (stack.length) stack[stack.length - 1].node.children.push(node);
    else roots.push(node);
    stack.push({ depth, node });
  }
  return roots;
}

/** Indentation level: tabs count one each, four spaces count one (TMDL allows either, consistently). */
function depthOf(line: string): number {
  const lead = /^[\t ]*/.exec(line)?.[0] ?? '';
  let depth = 0;
  let spaces = 0;
  for (const ch of lead) {
    if (ch === '\t') depth++;
    else if (++spaces === 4) { depth++; spaces = 0; }
  }
  return depth;
}

function parseLine(content: string): TmdlNode {
  const property = /^([A-Za-z_][\w.]*)\s*:\s*(.*)$/.exec(content);
  if (property) return { keyword: property[1], value: property[2].trim(), children: [] };
  const assignment = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(content);
  if (assignment) return { keyword: assignment[1], value: assignment[2].trim(), children: [] };
  const declaration = /^([A-Za-z_]\w*)\s+(.*)$/.exec(content);
  if (!declaration) return { keyword: content, children: [] };
  const { name, rest } = readName(declaration[2]);
  const eq = /^\s*=\s*(.*)$/.exec(rest);
  return { keyword: declaration[1], name, value: eq ? eq[1].trim() : undefined, children: [] };
}

/** A TMDL object name: `'quoted ''with'' quotes'` or a bare word sequence up to `=`. */
function readName(text: string): { name: string; rest: string } {
  if (text.startsWith("'")) {
    let name = '';
    let i = 1;
    for (; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") { name += "'"; i++; continue; }
        break;
      }
      name += text[i];
    }
    return { name, rest: text.slice(i + 1) };
  }
  const eq = text.indexOf('=');
  return eq < 0 ? { name: text.trim(), rest: '' } : { name: text.slice(0, eq).trim(), rest: text.slice(eq) };
}

function dedent(lines: string[]): string {
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indents = lines.filter((l) => l.trim()).map((l) => /^[\t ]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, l.length))).join('\n');
}

/**
 * Rewrites the literal value of the M parameter `name` wherever the definition declares it
 * (`expression Name = <literal> meta [...]`), keeping everything else byte for byte, as the
 * service does when `UpdateParameters` changes a model. Returns the parts unchanged if absent.
 */
export function rewriteParameterValue(parts: readonly DefinitionPart[], name: string, literal: string): DefinitionPart[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = `(?:'${escaped.replace(/'/g, "''")}'|${escaped}|#"${escaped}")`;
  const pattern = new RegExp(`^(\\s*expression\\s+${quoted}\\s*=\\s*)(?:"(?:[^"]|"")*"|[^\\s]+)(\\s+meta\\s*\\[)`, 'm');
  return parts.map((part) => {
    if (!/\.tmdl$/i.test(part.path)) return part;
    const text = Buffer.from(part.payload, 'base64').toString('utf8');
    if (!pattern.test(text)) return part;
    const updated = text.replace(pattern, (_m, head: string, tail: string) => `${head}${literal}${tail}`);
    return { ...part, payload: Buffer.from(updated, 'utf8').toString('base64') };
  });
}
