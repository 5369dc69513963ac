/**
 * mulberry32: a small seeded PRNG. Wherever something must look random yet replay the same
 * (generated benchmark series, probabilistic faults in the simulator, shuffled deliveries in
 * tests), this is the one generator, never Math.random.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
