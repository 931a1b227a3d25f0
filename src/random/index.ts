// Seeded randomness for everything that must repeat exactly: fault injection, sampled crash
// points, generated fixtures. mulberry32: small, well known, the same sequence on every machine.

/** A generator of numbers in [0, 1), the same sequence for the same seed. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
