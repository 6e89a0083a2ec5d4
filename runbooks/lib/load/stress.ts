/**
 * Stress analysis: one summary per step of users, and the recommended maximum two ways —
 * the brief's rule (back off from the first step whose success or p95 fails) and the knee
 * of the curve (throughput stops rising while p95 climbs). Pure functions over results.
 */
import type { ErrorCounts, LoadResult } from './types';
import type { LatencySummary } from './hist';
import { sumErrors } from './recorder';
import { KNEE_MARGINAL_SHARE } from './knee';

export { KNEE_MARGINAL_SHARE, KNEE_MIN_STEPS } from './knee';

/** One step of users: what the run at that user count measured. */
export interface StressStep {
  users: number;
  durationMs: number;
  throughputRps: number;
  journeysPerS: number;
  /** Succeeded / completed journeys, percent. */
  successRatePct: number;
  /** Worst p95 over the counted (not knownBroken) steps, ms. */
  p95Ms: number;
  endpoints: Record<string, { knownBroken: boolean; requests: number; ok: number; latency: LatencySummary }>;
  errors: ErrorCounts;
  invalid: boolean;
  partial: boolean;
}

export interface StressRecommendation {
  byRule: { maxUsers: number; firstFailingUsers: number | null; reason: string };
  byKnee: { maxUsers: number; kneeAtUsers: number; reason: string } | null;
  maxUsers: number;
}

export interface StressLimits {
  stopSuccessPct: number;
  failSuccessPct: number;
  /** The brief's p95 limit (config.capacity.stressFailP95Ms). */
  failP95Ms: number;
  /**
   * Per endpoint: the larger of the brief's limit and the endpoint's own SLO p95. The
   * generate endpoints take tens of seconds by design (slo.perStep), so a flat 10 s
   * would fail every step of the real service at one user and recommend nothing.
   */
  p95MsByEndpoint: Record<string, number>;
  backoffUsers: number;
}

/** Per-endpoint p95 limits: max(brief's limit, the endpoint's SLO p95), divided by the time scale. */
export function endpointLimits(
  stepIds: readonly string[],
  failP95Ms: number,
  perStep: Record<string, { p95Ms?: number | undefined }>,
  timeScale = 1,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of stepIds) out[id] = Math.round(Math.max(failP95Ms, perStep[id]?.p95Ms ?? 0) / timeScale);
  return out;
}

/** The step summary of one closed-model run at `users`. */
export function stressStepOf(users: number, r: LoadResult, countBroken = false): StressStep {
  const secs = r.elapsedMs / 1000;
  const counted = r.steps.filter((s) => countBroken || !s.knownBroken);
  const endpoints: StressStep['endpoints'] = {};
  for (const s of r.steps)
    endpoints[s.id] = { knownBroken: s.knownBroken, requests: s.requests, ok: s.ok, latency: s.latency };
  return {
    users,
    durationMs: r.elapsedMs,
    throughputRps: secs > 0 ? Math.round((r.requests / secs) * 100) / 100 : 0,
    journeysPerS: secs > 0 ? Math.round((r.journeys.completed / secs) * 100) / 100 : 0,
    successRatePct: r.journeys.completed
      ? Math.round((r.journeys.succeeded / r.journeys.completed) * 10000) / 100
      : 0,
    p95Ms: Math.max(0, ...counted.map((s) => s.latency.p95)),
    endpoints,
    errors: sumErrors(r.steps.map((s) => s.errors)),
    invalid: r.invalid,
    partial: r.partial,
  };
}

/** Every limit of the brief's rule a step breaks, one line each (empty: it met them). */
export function stepFailures(s: StressStep, l: StressLimits, countBroken = false): string[] {
  const out: string[] = [];
  if (s.successRatePct < l.failSuccessPct) out.push(`success ${s.successRatePct}% < ${l.failSuccessPct}%`);
  for (const [id, e] of Object.entries(s.endpoints)) {
    if (e.knownBroken && !countBroken) continue;
    const limit = l.p95MsByEndpoint[id] ?? l.failP95Ms;
    if (e.latency.p95 > limit) out.push(`${id} p95 ${e.latency.p95} ms > ${limit} ms`);
  }
  return out;
}

/** Whether a step fails the brief's rule: the first limit it breaks. */
export function stepFails(s: StressStep, l: StressLimits, countBroken = false): string | undefined {
  return stepFailures(s, l, countBroken)[0];
}

/** The recommended maximum by the rule and by the knee; the plan uses the smaller. */
export function recommend(
  steps: readonly StressStep[],
  l: StressLimits,
  countBroken = false,
): StressRecommendation {
  const firstFail = steps.find((s) => stepFails(s, l, countBroken));
  let byRule: StressRecommendation['byRule'];
  if (firstFail) {
    const lastPassing = [...steps]
      .filter((s) => s.users < firstFail.users && !stepFails(s, l, countBroken))
      .pop();
    // The brief backs off a fixed number of users; never above the last step that passed.
    const backed = Math.max(1, firstFail.users - l.backoffUsers);
    const max = lastPassing ? Math.min(backed, lastPassing.users) : steps[0] === firstFail ? 0 : backed;
    byRule = {
      maxUsers: max,
      firstFailingUsers: firstFail.users,
      reason: `first failing step: ${firstFail.users} users (${stepFails(firstFail, l, countBroken)}); backed off ${l.backoffUsers}${lastPassing ? `, capped at the last passing step (${lastPassing.users})` : ''}`,
    };
  } else {
    const last = steps[steps.length - 1];
    byRule = {
      maxUsers: last?.users ?? 0,
      firstFailingUsers: null,
      reason: last ? `no step failed; the highest step tested (${last.users} users) passed` : 'no step ran',
    };
  }
  let byKnee: StressRecommendation['byKnee'] = null;
  let bestPerUser = 0;
  for (let i = 0; i < steps.length; i++) {
    const b = steps[i]!;
    if (i > 0) {
      const a = steps[i - 1]!;
      const marginal = (b.journeysPerS - a.journeysPerS) / Math.max(1, b.users - a.users);
      if (bestPerUser > 0 && marginal < KNEE_MARGINAL_SHARE * bestPerUser && b.p95Ms > a.p95Ms) {
        byKnee = {
          maxUsers: a.users,
          kneeAtUsers: b.users,
          reason: `from ${a.users} to ${b.users} users each added user brought ${marginal.toFixed(3)} journeys/s (< ${Math.round(KNEE_MARGINAL_SHARE * 100)}% of the best ${bestPerUser.toFixed(3)} per user) while p95 rose ${a.p95Ms} → ${b.p95Ms} ms`,
        };
        break;
      }
    }
    bestPerUser = Math.max(bestPerUser, b.journeysPerS / b.users);
  }
  return { byRule, byKnee, maxUsers: Math.min(byRule.maxUsers, byKnee?.maxUsers ?? Infinity) };
}

/**
 * The verdict of a stress run: it fails when its recommended maximum is below the capacity
 * target (config.slo.concurrentUsers) or no step met the limits, and each failure says
 * which limit broke at which step. A run whose steps never reach the target cannot show
 * the target is served, so it fails too. Empty: the run passed.
 */
export function stressFailures(
  steps: readonly StressStep[],
  rec: StressRecommendation,
  l: StressLimits,
  targetUsers: number,
  countBroken = false,
): string[] {
  if (!steps.length) return ['no step ran'];
  const out: string[] = [];
  const failing = steps.filter((s) => stepFailures(s, l, countBroken).length);
  if (failing.length === steps.length)
    out.push(`no step met the limits (success ≥ ${l.failSuccessPct}% and each endpoint's p95 limit)`);
  if (rec.maxUsers < targetUsers) {
    const highest = Math.max(...steps.map((s) => s.users));
    out.push(
      `recommended maximum ${rec.maxUsers} users is below the target of ${targetUsers} concurrent users (slo.concurrentUsers)${
        highest < targetUsers ? `; the highest step run was ${highest} users` : ''
      }${rec.byKnee && rec.byKnee.maxUsers < rec.byRule.maxUsers ? `; the knee: ${rec.byKnee.reason}` : ''}`,
    );
    // The step that set it, with every limit it broke.
    const first = failing[0];
    if (first) out.push(`at ${first.users} users: ${stepFailures(first, l, countBroken).join('; ')}`);
  }
  return out;
}
