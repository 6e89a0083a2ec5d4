/**
 * The latency model: one lognormal per endpoint kind, per profile, calibrated to the
 * reference (health 2–4 s, routine tens of seconds, nutrition 10–20 s, behavior several
 * seconds in `realistic`; milliseconds in `fast`). Values are modelled milliseconds;
 * the caller divides by the time scale.
 */
import { lognormal, type Rng } from './prng';

export type Profile = 'fast' | 'realistic';

/** Endpoint kinds the model knows; the router maps paths onto these. */
export type EndpointKind =
  | 'root'
  | 'health'
  | 'metrics'
  | 'stats'
  | 'alerts'
  | 'rate_limits'
  | 'routine'
  | 'nutrition'
  | 'behavior'
  | 'insights';

export interface LatencySpec {
  /** Median, modelled ms. */
  medianMs: number;
  /** Lognormal shape. */
  sigma: number;
  /** Clamp, so one draw cannot stall a run for hours. */
  minMs: number;
  maxMs: number;
}

const spec = (medianMs: number, sigma: number, minMs: number, maxMs: number): LatencySpec => ({
  medianMs,
  sigma,
  minMs,
  maxMs,
});

export const PROFILES: Record<Profile, Record<EndpointKind, LatencySpec>> = {
  realistic: {
    root: spec(3, 0.3, 1, 50),
    // Observed 2–4 s (3.3 s recorded): synchronous CPU sampling plus OpenAI's model list.
    health: spec(3_000, 0.15, 2_000, 4_500),
    metrics: spec(5, 0.3, 1, 100),
    stats: spec(3_100, 0.15, 2_000, 4_800),
    alerts: spec(8, 0.3, 1, 100),
    rate_limits: spec(10, 0.3, 1, 100),
    // Four OpenAI calls, two of them long gpt-4o analyses: tens of seconds, long tail.
    routine: spec(25_000, 0.35, 10_000, 120_000),
    nutrition: spec(14_000, 0.25, 8_000, 60_000),
    behavior: spec(6_000, 0.3, 2_500, 30_000),
    insights: spec(5_000, 0.3, 2_000, 30_000),
  },
  fast: {
    root: spec(1, 0.2, 0, 10),
    health: spec(5, 0.2, 1, 30),
    metrics: spec(1, 0.2, 0, 10),
    stats: spec(5, 0.2, 1, 30),
    alerts: spec(1, 0.2, 0, 10),
    rate_limits: spec(1, 0.2, 0, 10),
    routine: spec(20, 0.3, 5, 100),
    nutrition: spec(15, 0.3, 4, 80),
    behavior: spec(8, 0.3, 2, 50),
    insights: spec(6, 0.3, 2, 40),
  },
};

/** A seeded sampler of modelled delays (ms) for one profile. */
export function createLatencyModel(profile: Profile, rng: Rng): (kind: EndpointKind) => number {
  const table = PROFILES[profile];
  return (kind) => {
    const s = table[kind];
    return Math.min(s.maxMs, Math.max(s.minMs, lognormal(rng, s.medianMs, s.sigma)));
  };
}
