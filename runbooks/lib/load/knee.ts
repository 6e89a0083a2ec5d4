/**
 * The knee of a stress curve, as numbers: stress.ts finds it, and the terminal and the
 * report page say when it was not looked for. No imports, so the site's pages read it too.
 */

/** A knee needs a step to compare with: with fewer steps none is looked for. */
export const KNEE_MIN_STEPS = 2;

/**
 * Knee: the marginal throughput of the users a step adds falls below this share of the
 * best throughput per user seen so far (each new user adds little) while p95 still rises.
 */
export const KNEE_MARGINAL_SHARE = 0.25;
