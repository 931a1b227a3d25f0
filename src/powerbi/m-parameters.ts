// A model's parameters as the scanner reports them: each is one of the model's M expressions,
// `<literal> meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]`. The value
// is read the way Power BI's parameters API reports `currentValue`: a text literal unquoted (with
// `""` as one `"`), a number, `true`/`false` as written, `null` as empty. The literal is read as
// tokens, so text containing ` meta [` or `]` is a value, not the record.

export interface ParsedParameter {
  value: string;
  type: string;
  isRequired: boolean;
}

/** The parameter an expression declares; undefined when it is no parameter (or unreadable). */
export function parseParameterExpression(expression: string): ParsedParameter | undefined {
  const literal = readLiteral(expression, skipSpace(expression, 0));
  if (!literal) return undefined;
  let i = skipSpace(expression, literal.end);
  if (!/^meta\b/i.test(expression.slice(i))) return undefined;
  i = skipSpace(expression, i + 4);
  const record = readRecord(expression, i);
  if (!record || record.fields.isparameterquery?.toLowerCase() !== 'true') return undefined;
  return { value: literal.value, type: record.fields.type ?? 'Any', isRequired: record.fields.isparameterqueryrequired?.toLowerCase() === 'true' };
}

/** Every parameter among a model's expressions, by name. */
export function parametersOf(expressions: readonly { name: string; expression: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of expressions) {
    const p = parseParameterExpression(e.expression);
    if (p) out[e.name] = p.value;
  }
  return out;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) i = text.includes('\n', i) ? text.indexOf('\n', i) : text.length;
    else if (text.startsWith('/*', i)) i = text.includes('*/', i + 2) ? text.indexOf('*/', i + 2) + 2 : text.length;
    else return i;
  }
}

/** A quoted text (doubled quotes inside) from `i`; undefined when unterminated. */
function readText(text: string, i: number): { value: string; end: number } | undefined {
  let value = '';
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] !== '"') {
      value += text[j];
      continue;
    }
    if (text[j + 1] === '"') {
      value += '"';
      j++;
      continue;
    }
    return { value, end: j + 1 };
  }
  return undefined;
}

function readLiteral(text: string, i: number): { value: string; end: number } | undefined {
  if (text[i] === '"') return readText(text, i);
  const bare = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\b/i.exec(text.slice(i));
  if (!bare) return undefined;
  const word = bare[0].toLowerCase();
  return { value: word === 'null' ? '' : word === 'true' || word === 'false' ? word : bare[0], end: i + bare[0].length };
}

/** `[Name=value, ...]` from `i`: names lower-cased, text values unquoted. */
function readRecord(text: string, i: number): { fields: Record<string, string>; end: number } | undefined {
  if (text[i] !== '[') return undefined;
  const fields: Record<string, string> = {};
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== ']') {
    const name = /^[A-Za-z_][\w.]*/.exec(text.slice(i));
    if (!name) return undefined;
    i = skipSpace(text, i + name[0].length);
    if (text[i] !== '=') return undefined;
    i = skipSpace(text, i + 1);
    let value: { value: string; end: number } | undefined;
    if (text[i] === '"') value = readText(text, i);
    else {
      const bare = /^[^,\]\s]+/.exec(text.slice(i));
      value = bare ? { value: bare[0], end: i + bare[0].length } : undefined;
    }
    if (!value) return undefined;
    fields[name[0].toLowerCase()] = value.value;
    i = skipSpace(text, value.end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return text[i] === ']' ? { fields, end: i + 1 } : undefined;
}
