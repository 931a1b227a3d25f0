// The DAX the emulator answers through `executeQueries`, over what a refresh loaded (row counts
// and the distinct values of marker columns):
//   EVALUATE VALUES('table'[column])        (also DISTINCT(...); only loaded columns have values)
//   EVALUATE ROW("name", COUNTROWS('table')) (several name/COUNTROWS pairs allowed)
//   EVALUATE { COUNTROWS('table') }
// Anything else is refused with a clear message, so a check never passes on an unsupported query.

import type { LoadedData, ModelTable } from '../world/index.ts';

export type DaxRow = Record<string, string | number | null>;
export type DaxResult = { ok: true; rows: DaxRow[] } | { ok: false; message: string };

const TABLE = String.raw`(?:'((?:[^']|'')+)'|([A-Za-z_][\w]*))`;
const COLUMN = String.raw`\[((?:[^\]]|\]\])+)\]`;
const VALUES_RE = new RegExp(String.raw`^EVALUATE\s+(VALUES|DISTINCT)\s*\(\s*${TABLE}\s*${COLUMN}\s*\)\s*;?$`, 'i');
const COUNTROWS = String.raw`COUNTROWS\s*\(\s*${TABLE}\s*\)`;
const ROW_RE = /^EVALUATE\s+ROW\s*\(([\s\S]*)\)\s*;?$/i;
const BRACES_RE = new RegExp(String.raw`^EVALUATE\s*\{\s*${COUNTROWS}\s*\}\s*;?$`, 'i');

function unquote(quoted: string | undefined, bare: string | undefined): string {
  return quoted !== undefined ? quoted.replace(/''/g, "'") : (bare ?? '');
}

export function evaluateDax(query: string, tables: ModelTable[], data: LoadedData | undefined): DaxResult {
  const q = query.trim().replace(/^(\/\/[^\n]*\n|--[^\n]*\n)+/, '').trim();
  const findTable = (name: string) => tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  const missingTable = (name: string): DaxResult => ({ ok: false, message: `Query (1, 1) Cannot find table '${name}'.` });
  const countOf = (name: string): number | undefined => {
    const t = findTable(name);
    if (!t) return undefined;
    return data?.tables[t.name]?.rowCount ?? 0;
  };

  const values = VALUES_RE.exec(q);
  if (values) {
    const tableName = unquote(values[2], values[3]);
    const columnName = values[4].replace(/\]\]/g, ']');
    const table = findTable(tableName);
    if (!table) return missingTable(tableName);
    const column = table.columns.find((c) => c.name.toLowerCase() === columnName.toLowerCase());
    if (!column) return { ok: false, message: `Query (1, 1) Column '${columnName}' in table '${table.name}' cannot be found or may not be used in this expression.` };
    const loaded = data?.tables[table.name];
    if (!loaded) return { ok: true, rows: [] };
    const distinct = loaded.columns[column.sourceColumn ?? column.name] ?? loaded.columns[column.name];
    if (!distinct) {
      return { ok: false, message: `The sandbox loads only marker columns; '${table.name}'[${column.name}] has no values here (supported: VALUES of a marker column, COUNTROWS).` };
    }
    return { ok: true, rows: distinct.map((v) => ({ [`${table.name}[${column.name}]`]: v })) };
  }

  const braces = BRACES_RE.exec(q);
  if (braces) {
    const name = unquote(braces[1], braces[2]);
    const n = countOf(name);
    return n === undefined ? missingTable(name) : { ok: true, rows: [{ '[Value]': n }] };
  }

  const row = ROW_RE.exec(q);
  if (row) {
    const pairs = new RegExp(String.raw`\s*"((?:[^"]|"")*)"\s*,\s*${COUNTROWS}\s*(,|$)`, 'iy');
    const out: DaxRow = {};
    const body = row[1];
    let at = 0;
    while (at < body.length) {
      pairs.lastIndex = at;
      const m = pairs.exec(body);
      if (!m) return { ok: false, message: 'The sandbox answers ROW only with "name", COUNTROWS(\'table\') pairs.' };
      const n = countOf(unquote(m[2], m[3]));
      if (n === undefined) return missingTable(unquote(m[2], m[3]));
      out[`[${m[1].replace(/""/g, '"')}]`] = n;
      at = pairs.lastIndex;
    }
    if (Object.keys(out).length === 0) return { ok: false, message: 'ROW needs at least one name/expression pair.' };
    return { ok: true, rows: [out] };
  }

  return {
    ok: false,
    message: "The sandbox answers only EVALUATE VALUES('table'[column]), EVALUATE ROW(\"name\", COUNTROWS('table')) and EVALUATE { COUNTROWS('table') }.",
  };
}
