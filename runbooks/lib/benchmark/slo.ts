/**
 * Latency baselines and capacity at SLO, from load results. Pure: run.ts feeds the
 * results. SLO limits come from config.slo and are divided by the time scale, so a
 * sandbox replayed ×20 is judged on the same shape as the real service.
 */
import type { Config } from '../config/schema';
import type { LoadResult } from '../load/types';
import { stepSloMs } from '../load/thresholds';
import { totalErrors } from '../report/common';
import type { BenchmarkSection, CapacityStep } from '../report/benchmark';

/** Per-endpoint latency at low load. */
export function baselineOf(
  config: Config,
  r: LoadResult,
  timeScale: number,
  users: number,
): NonNullable<BenchmarkSection['latency']> {
  return {
    durationMs: r.elapsedMs,
    users,
    steps: r.steps.map((s) => {
      const why = r.errorReasons.find((e) => e.step === s.id);
      return {
        id: s.id,
        knownBroken: s.knownBroken,
        requests: s.requests,
        ok: s.ok,
        latency: s.latency,
        ...(s.ok < s.requests && why ? { failure: `${why.kind}: ${why.reason}` } : {}),
        sloP95Ms: stepSloMs(config, s.id, timeScale),
      };
    }),
  };
}

const errorsOf = (s: LoadResult['steps'][number]) => totalErrors(s.errors);

/** Judges one capacity step against the p95 SLOs of the counted steps and the error-rate SLO. */
export function capacityStep(
  config: Config,
  users: number,
  r: LoadResult,
  timeScale: number,
  countKnownBroken = false,
): CapacityStep {
  const counted = r.steps.filter((s) => countKnownBroken || !s.knownBroken);
  const requests = counted.reduce((a, s) => a + s.requests, 0);
  const errors = counted.reduce((a, s) => a + errorsOf(s), 0);
  const errorRatePct = requests ? Math.round((errors / requests) * 10000) / 100 : 0;
  const p95ByStep: Record<string, number> = {};
  const reasons: string[] = [];
  for (const s of counted) {
    p95ByStep[s.id] = s.latency.p95;
    const limit = stepSloMs(config, s.id, timeScale);
    if (s.latency.count > 0 && s.latency.p95 > limit)
      reasons.push(`${s.id} p95 ${s.latency.p95} ms > ${limit} ms`);
  }
  if (errorRatePct > config.slo.errorRatePct)
    reasons.push(`error rate ${errorRatePct} % > ${config.slo.errorRatePct} %`);
  if (requests === 0) reasons.push('no request completed');
  const completed = r.journeys.completed;
  return {
    users,
    durationMs: r.elapsedMs,
    requests: r.requests,
    rps: r.elapsedMs > 0 ? Math.round((r.requests / r.elapsedMs) * 100000) / 100 : 0,
    successRatePct: completed ? Math.round((r.journeys.succeeded / completed) * 10000) / 100 : 0,
    errorRatePct,
    p95ByStep,
    meetsSlo: reasons.length === 0,
    reasons,
  };
}

/** The most users meeting the SLOs with every smaller step meeting them too. */
export function maxUsersAtSlo(steps: readonly CapacityStep[]): {
  maxUsersAtSlo: number;
  firstFailingUsers: number | null;
} {
  let max = 0;
  for (const s of [...steps].sort((a, b) => a.users - b.users)) {
    if (!s.meetsSlo) return { maxUsersAtSlo: max, firstFailingUsers: s.users };
    max = s.users;
  }
  return { maxUsersAtSlo: max, firstFailingUsers: null };
}
