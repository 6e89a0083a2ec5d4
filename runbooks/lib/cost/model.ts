/**
 * The cost model, pure: cost per journey from the config's per-call estimates, the daily
 * projection, and the validation arithmetic (projection for a run vs what the target
 * accounted). No I/O here; accounting.ts reads the target.
 */
import type { Config } from '../config/schema';
import type { CostSection, CostValidation } from '../report/cost';

/** Rounds money to 6 decimals so sums of cents do not print as 0.060000000000000005. */
export const usd = (n: number): number => Math.round(n * 1e6) / 1e6;

/** One line per journey step: its cost key, price and whether it counts. */
export function costLines(config: Config, opts: { countKnownBroken: boolean }): CostSection['lines'] {
  return config.journey.steps.map((s) => {
    const key = s.cost ?? null;
    const perCallUsd = key ? (config.costModel.perCall[key] ?? 0) : 0;
    // A knownBroken step fails before any model call (insights: a missing import), so it costs nothing.
    return {
      step: s.id,
      costKey: key,
      perCallUsd,
      counted: key !== null && (!s.knownBroken || opts.countKnownBroken),
    };
  });
}

/** Σ per-call cost over the counted steps. */
export function costPerJourney(lines: CostSection['lines']): number {
  return usd(lines.reduce((a, l) => a + (l.counted ? l.perCallUsd : 0), 0));
}

/** cost per journey × journeys per user per day × users, against the SLO and the alert. */
export function project(
  costPerJourneyUsd: number,
  users: number,
  journeysPerUserPerDay: number,
  limits: { targetPerUserPerDayUsd: number; dailyAlertUsd: number },
): CostSection['projection'] {
  const perUserPerDayUsd = usd(costPerJourneyUsd * journeysPerUserPerDay);
  const dailyUsd = usd(perUserPerDayUsd * users);
  return {
    users,
    journeysPerUserPerDay,
    dailyUsd,
    perUserPerDayUsd,
    monthlyUsd: usd(dailyUsd * 30),
    targetPerUserPerDayUsd: limits.targetPerUserPerDayUsd,
    dailyAlertUsd: limits.dailyAlertUsd,
    usersAtDailyAlert: perUserPerDayUsd > 0 ? Math.floor(limits.dailyAlertUsd / perUserPerDayUsd) : null,
  };
}

/** Daily cost at a spread of user counts around the projected one, for the chart. */
export function scenarios(perUserPerDayUsd: number, projectedUsers: number): CostSection['scenarios'] {
  const base = [10, 50, 100, 250, 500, 1000, 2000];
  const users = [...new Set([...base, projectedUsers])].sort((a, b) => a - b);
  return users.map((u) => ({ users: u, dailyUsd: usd(perUserPerDayUsd * u) }));
}

/** (projected − accounted) / accounted, percent; null when there is nothing to divide by. */
export function errorPct(projectedUsd: number, accountedUsd: number): number | null {
  if (!(accountedUsd > 0)) return projectedUsd > 0 ? null : 0;
  return Math.round(((projectedUsd - accountedUsd) / accountedUsd) * 10000) / 100;
}

export interface ValidationInput {
  source: CostValidation['source'];
  run: CostValidation['run'];
  endpoints: CostValidation['endpoints'];
  /** Total the target accounted during the run (null: could not read it). */
  accountedUsd: number | null;
  redisAvailable: boolean | null;
  rateLimitsDeltaUsd: number | null;
  tolerancePct: number;
}

/** Judges a validation run: pass within the tolerance, fail outside, inconclusive without real accounting. */
export function judgeValidation(v: ValidationInput): CostValidation {
  const projectedUsd = usd(v.endpoints.reduce((a, e) => a + e.projectedUsd, 0));
  const base = { ...v, projectedUsd };
  if (v.accountedUsd === null)
    return {
      ...base,
      errorPct: null,
      status: 'inconclusive',
      reason: 'the target did not report what it accounted (no cost tracking could be read)',
    };
  if (v.redisAvailable === false && v.accountedUsd === 0) {
    return {
      ...base,
      errorPct: null,
      status: 'inconclusive',
      reason:
        'the target reports redis_available false and accounted $0: the service tracks cost only with Redis, so there is nothing to compare with',
    };
  }
  if (v.accountedUsd === 0 && projectedUsd > 0)
    return {
      ...base,
      errorPct: null,
      status: 'inconclusive',
      reason: `the target accounted $0 for a run projected at $${projectedUsd}: its cost tracking is off or the calls failed before reaching the model`,
    };
  if (projectedUsd === 0 && v.accountedUsd === 0)
    return {
      ...base,
      errorPct: null,
      status: 'inconclusive',
      reason: 'no billable call was made during the run',
    };
  const err = errorPct(projectedUsd, v.accountedUsd)!;
  const ok = Math.abs(err) <= v.tolerancePct;
  return {
    ...base,
    errorPct: err,
    status: ok ? 'pass' : 'fail',
    reason: `projected $${projectedUsd} vs accounted $${usd(v.accountedUsd)}: ${err > 0 ? '+' : ''}${err} % (tolerance ±${v.tolerancePct} %)`,
  };
}
