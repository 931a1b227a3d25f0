// GitHub's filter patterns for branches, tags and paths, with its own meaning of the special
// characters (`?` and `+` quantify the preceding character, as in a regular expression; they are
// not the shell's wildcards) and `!` patterns that negate earlier matches, the last match winning.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet

const cache = new Map<string, RegExp>();

/** Whether one pattern (without a leading `!`) matches the whole of `value`. */
export function matchesPattern(value: string, pattern: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${patternToRegExp(pattern)}$`);
    cache.set(pattern, re);
  }
  return re.test(value);
}

/** A list of patterns in order: a plain pattern includes, a `!pattern` excludes what matched before. */
export function matchesPatternList(value: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matched && matchesPattern(value, p.slice(1))) matched = false;
    } else if (!matched && matchesPattern(value, p)) {
      matched = true;
    }
  }
  return matched;
}

function patternToRegExp(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]);
    } else if (c === '*' && pattern[i + 1] === '*') {
      i++;
      // `**/` also matches no directory at all: `**/README.md` matches README.md at the root.
      if (pattern[i + 1] === '/') {
        i++;
        out += '(?:.*/)?';
      } else {
        out += '.*';
      }
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?' || c === '+') {
      out += c;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
      } else {
        out += `[${pattern.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else {
      out += escapeRegExp(c);
    }
  }
  return out;
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
