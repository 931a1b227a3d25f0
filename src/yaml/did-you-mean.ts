// "Did you mean" suggestions for misspelt keys, module names and the like: the closest candidate
// by edit distance, when it is close enough to be a plausible typo rather than a different word.
// One helper for every file kind, so tenant files and the catalog phrase hints the same way.

/** Levenshtein distance, with a transposition of neighbours counted as one edit (Damerau, OSA). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `input` (case-insensitively), or undefined when none is within a third
 * of the input's length (at least one edit, at most three).
 */
export function suggestClosest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(needle.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * The hint a message puts right after what is wrong: ` (did you mean "x"?)`, or '' when nothing is
 * close. In parentheses so every finding keeps its `what is wrong; what is allowed` shape.
 */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const close = suggestClosest(input, candidates);
  return close && close !== input ? ` (did you mean ${JSON.stringify(close)}?)` : '';
}
