// The renderings are what `plan` prints, newline-terminated lines; the render… functions return
// the same text as one string without its last newline, which the printing adds.

/** Lines as printed: each ends in a newline. */
export function lines(list: readonly string[]): string {
  return list.join('\n') + '\n';
}

/** The printed chunks as one string, without the newline printing ends with. */
export function printed(chunks: Iterable<string>): string {
  return [...chunks].join('').slice(0, -1);
}
