// Seeded randomness for fault rules: mulberry32, a published 32-bit generator, so a rule's seed
// names the same stream of draws on every machine and in every version of the emulators.

/** Numbers in [0, 1); the same seed gives the same sequence. */
export function createPrng(seed: number): () => number {
  const state = new Uint32Array([seed]);
  function next(): number {
    state[0] += 0x6d2b79f5;
    const s = state[0];
    const mixed = Math.imul(s ^ (s >>> 15), s | 1);
    const folded = mixed ^ (mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61));
    return ((folded ^ (folded >>> 14)) >>> 0) / 2 ** 32;
  }
  return next;
}
