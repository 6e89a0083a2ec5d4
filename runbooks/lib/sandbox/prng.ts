/**
 * A seedable PRNG (mulberry32) and the heavy-tailed draws the latency model needs.
 * Seeded so that a drill or a test replays the same delays run after run.
 */
export type Rng = () => number;

/** mulberry32: 32-bit state, good enough spread for modelling delays, trivially seedable. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1], so log(u) is finite
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A lognormal draw with the given median and shape σ (σ≈0.3 mild tail, ≈0.6 heavy tail). */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}
