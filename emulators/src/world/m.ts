// The sliver of Power Query M the emulators understand: parameter declarations
// (`"value" meta [IsParameterQuery=true, Type="Text", ...]`), and in a partition source the
// `PostgreSQL.Database(server, database)` call and its `{[Schema=..., Item=...]}[Data]`
// navigation, with arguments built from text literals, parameter names, `&` and `Text.From`.

export type MParameterType = 'Text' | 'Number' | 'Logical' | 'DateTime' | 'Date' | 'Any' | string;

export interface MParameter {
  name: string;
  type: MParameterType;
  isRequired: boolean;
  /** The current value as text (Power BI's parameters API reports `currentValue` as a string). */
  value: string;
  /** The literal as written in M (e.g. `"db.example"`, `5432`, `true`). */
  literal: string;
}

/** Unevaluated argument expressions of a PostgreSQL partition. */
export interface PostgresSourceExpr {
  server: string;
  database: string;
  schema?: string;
  item?: string;
}

type Token = { kind: 'string' | 'ident' | 'number' | 'punct'; text: string };

function tokenize(m: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < m.length) {
    const ch = m[i];
    if (/\s/.test(ch)) { i++; continue; }
    if (m.startsWith('//', i)) { i = m.indexOf('\n', i) < 0 ? m.length : m.indexOf('\n', i); continue; }
    if (m.startsWith('/*', i)) { const end = m.indexOf('*/', i + 2); i = end < 0 ? m.length : end + 2; continue; }
    if (ch === '"' || m.startsWith('#"', i)) {
      const quoted = ch === '#';
      let j = i + (quoted ? 2 : 1);
      let text = '';
      for (; j < m.length; j++) {
        if (m[j] === '"') {
          if (m[j + 1] === '"') { text += '"'; j++; continue; }
          break;
        }
        text += m[j];
      }
      tokens.push({ kind: quoted ? 'ident' : 'string', text });
      i = j + 1;
      continue;
    }
    const ident = /^[A-Za-z_][\w.]*/.exec(m.slice(i, i + 200));
    if (ident) { tokens.push({ kind: 'ident', text: ident[0] }); i += ident[0].length; continue; }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(m.slice(i, i + 50));
    if (num) { tokens.push({ kind: 'number', text: num[0] }); i += num[0].length; continue; }
    tokens.push({ kind: 'punct', text: ch });
    i++;
  }
  return tokens;
}

function quoteText(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Reads `"x" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]`; undefined when not a parameter. */
export function parseParameterExpression(name: string, expression: string): MParameter | undefined {
  const metaAt = expression.search(/\bmeta\s*\[/);
  if (metaAt < 0) return undefined;
  const record = readRecord(expression.slice(metaAt).replace(/^meta\s*/, ''));
  if (record.IsParameterQuery?.toLowerCase() !== 'true') return undefined;
  const literal = expression.slice(0, metaAt).trim();
  const tokens = tokenize(literal);
  let value = literal;
  if (tokens.length === 1 && (tokens[0].kind === 'string' || tokens[0].kind === 'number')) value = tokens[0].text;
  else if (tokens.length === 1 && /^(true|false|null)$/.test(tokens[0].text)) value = tokens[0].text === 'null' ? '' : tokens[0].text;
  return { name, type: record.Type ?? 'Any', isRequired: record.IsParameterQueryRequired?.toLowerCase() === 'true', value, literal };
}

/** `[A=1, B="x"]` → `{A: '1', B: 'x'}` (values as text). */
function readRecord(text: string): Record<string, string> {
  const tokens = tokenize(text);
  const out: Record<string, string> = {};
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].kind === 'ident' && tokens[i + 1].text === '=') {
      out[tokens[i].text] = tokens[i + 2].text;
      i += 2;
    }
    if (tokens[i]?.text === ']') break;
  }
  return out;
}

/** The M literal for a new parameter value of the given type (what UpdateParameters writes). */
export function formatParameterLiteral(type: MParameterType, value: string): string {
  if (type === 'Number' || type === 'Logical') return value;
  return quoteText(value);
}

/** Checks a value against a parameter type the way UpdateParameters validates it; returns a reason or undefined. */
export function checkParameterValue(type: MParameterType, value: string): string | undefined {
  if (type === 'Number' && !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim())) return `"${value}" is not a Number`;
  if (type === 'Logical' && !/^(true|false)$/i.test(value.trim())) return `"${value}" is not a Logical (true or false)`;
  if ((type === 'DateTime' || type === 'Date') && Number.isNaN(Date.parse(value))) return `"${value}" is not a ${type}`;
  return undefined;
}

/** Finds `PostgreSQL.Database(a, b)` and the first `{[Schema=s, Item=t]}` navigation in a partition source. */
export function findPostgresSource(source: string): PostgresSourceExpr | undefined {
  const call = /PostgreSQL\.Database\s*\(/i.exec(source);
  if (!call) return undefined;
  const args = splitArguments(source, call.index + call[0].length, ')');
  if (args.length < 2) return undefined;
  const result: PostgresSourceExpr = { server: args[0], database: args[1] };
  const nav = /\{\s*\[/.exec(source.slice(call.index));
  if (nav) {
    const start = call.index + nav.index + nav[0].length;
    for (const field of splitArguments(source, start, ']')) {
      const kv = /^\s*([A-Za-z_]\w*|#"[^"]*")\s*=\s*([\s\S]*)$/.exec(field);
      if (!kv) continue;
      const key = kv[1].replace(/^#"|"$/g, '').toLowerCase();
      if (key === 'schema') result.schema = kv[2].trim();
      if (key === 'item' || key === 'name') result.item = kv[2].trim();
    }
  }
  return result;
}

/** Top-level comma-separated pieces from `start` up to the matching `close`. */
function splitArguments(text: string, start: number, close: ')' | ']'): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = skipString(text, i);
      current += text.slice(i, end);
      i = end - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0 && ch === close) { pieces.push(current.trim()); return pieces; }
      depth--;
    }
    if (ch === ',' && depth === 0) { pieces.push(current.trim()); current = ''; continue; }
    current += ch;
  }
  return pieces;
}

function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '"') {
      if (text[j + 1] === '"') { j++; continue; }
      return j + 1;
    }
  }
  return text.length;
}

export type MValue = { ok: true; value: string } | { ok: false; error: string };

/**
 * Evaluates a text expression of literals, parameter names, `&` and `Text.From(...)`.
 * Errors read like Power Query's (`Expression.Error: ...`) so refresh failures can quote them.
 */
export function evaluateTextExpression(expr: string, parameters: Record<string, { value: string; type: MParameterType }>): MValue {
  const tokens = tokenize(expr);
  let pos = 0;
  const fail = (error: string): MValue => ({ ok: false, error });
  const term = (): { text: string; type: string } | string => {
    const t = tokens[pos++];
    if (!t) return 'Expression.Error: unexpected end of expression.';
    if (t.kind === 'string') return { text: t.text, type: 'Text' };
    if (t.kind === 'number') return { text: t.text, type: 'Number' };
    if (t.kind === 'ident' && /^(Text\.From|Number\.ToText)$/.test(t.text) && tokens[pos]?.text === '(') {
      pos++;
      const inner = term();
      if (typeof inner === 'string') return inner;
      if (tokens[pos++]?.text !== ')') return 'Expression.Error: ) expected.';
      return { text: inner.text, type: 'Text' };
    }
    if (t.kind === 'punct' && t.text === '(') {
      const inner = sum();
      if (typeof inner === 'string') return inner;
      if (tokens[pos++]?.text !== ')') return 'Expression.Error: ) expected.';
      return inner;
    }
    if (t.kind === 'ident') {
      const p = Object.entries(parameters).find(([name]) => name === t.text);
      if (!p) return `Expression.Error: The name '${t.text}' wasn't recognized. Make sure it's spelled correctly.`;
      return { text: p[1].value, type: p[1].type === 'Number' ? 'Number' : 'Text' };
    }
    return `Expression.Error: unexpected '${t.text}'.`;
  };
  const sum = (): { text: string; type: string } | string => {
    let left = term();
    while (typeof left !== 'string' && tokens[pos]?.text === '&') {
      pos++;
      const right = term();
      if (typeof right === 'string') return right;
      if (left.type !== 'Text' || right.type !== 'Text') {
        return `Expression.Error: We cannot apply operator & to types ${left.type} and ${right.type}.`;
      }
      left = { text: left.text + right.text, type: 'Text' };
    }
    return left;
  };
  const result = sum();
  if (typeof result === 'string') return fail(result);
  if (pos < tokens.length) return fail(`Expression.Error: unexpected '${tokens[pos].text}'.`);
  return { ok: true, value: result.text };
}
