// How deep a YAML text nests, found before parsing: the parser and every walk over its tree recurse,
// so 50,000 nested `[` ended in "Maximum call stack size exceeded" instead of a finding. A scan of
// the text is approximate on purpose (it counts flow brackets outside quotes and comments, and
// block levels by indentation and `- ` markers) and errs towards counting more, never fewer.

/** Far above any real file (a tenant file nests 4 levels), far below what recursion can take. */
export const MAX_DEPTH = 64;

/** The offset at which the text first nests deeper than `limit`, or undefined. */
export function findTooDeep(text: string, limit = MAX_DEPTH): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      else if (ch === '\n' && flow === 0) quote = undefined;
      continue;
    }
    if (ch === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (ch === ' ') {
        indent++;
        continue;
      }
      lineStart = false;
      if (flow === 0 && ch !== '#') {
        while (indents.length && indents.at(-1)! >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') flow++;
    else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    // `- - - x` opens one block level per marker on a single line.
    else if ((ch === '-' || ch === '?') && flow === 0 && text[i + 1] === ' ') indents.push(indent + i);
    if (flow + indents.length > limit) return i;
  }
  return undefined;
}
