/** Renderers for stress runs (strings only). */
import { labelText } from '../target/label';
import type { Target } from '../target/resolve';
import {
  formatDuration,
  formatMs,
  formatPercentile,
  PERCENTILE_LEGEND,
  samplesForPercentile,
} from '../units';
import type { StressStep } from '../load/stress';
import { KNEE_MIN_STEPS } from '../load/knee';
import type { StressPlan } from '../load/stress-run';
import type { StressReport } from './stress';

const ms = formatMs;
const pad = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);

/** What is about to happen, before anything is sent: target, the steps, the limits, how long it takes. */
export function formatStressPlan(
  target: Pick<Target, 'baseUrl' | 'label'>,
  plan: StressPlan,
  maxRequests: number,
): string {
  const l = plan.limits;
  return [
    `Target:  ${target.baseUrl} (${labelText(target.label)})`,
    `Model:   closed, users ${plan.users.join(' → ')}, ${formatDuration(plan.stepMs)} per step`,
    `Limits:  stop below ${l.stopSuccessPct}% success; a step fails below ${l.failSuccessPct}% or above p95 ${Object.entries(
      l.p95MsByEndpoint,
    )
      .map(([k, v]) => `${k} ${formatMs(v)}`)
      .join(
        ', ',
      )}${plan.timeScale !== 1 ? ` (time-scale ${plan.timeScale})` : ''}; ≤ ${maxRequests} requests per step`,
    `Takes:   up to ${formatDuration(plan.users.length * (plan.stepMs + plan.graceMs))} (${plan.users.length} steps of ${formatDuration(plan.stepMs)}, each with up to ${formatDuration(plan.graceMs)} for journeys in flight)`,
  ].join('\n');
}

/** One line per finished step ("–" for a p95 no request measured). */
export function formatStressStep(s: StressStep): string {
  const errs = Object.entries(s.errors)
    .filter(([k, v]) => k !== 'byStatus' && (v as number) > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  // The worst counted p95; with fewer samples than a p95 needs it is that endpoint's slowest one, and says so.
  const worst = Object.values(s.endpoints)
    .filter((e) => !e.knownBroken && e.latency.count > 0)
    .sort((a, b) => b.latency.p95 - a.latency.p95)[0];
  const p95 = !worst
    ? `p95 ${pad('–', 8)}`
    : worst.latency.count < samplesForPercentile(95)
      ? `max ${pad(ms(s.p95Ms), 8)} (n=${worst.latency.count})`
      : `p95 ${pad(ms(s.p95Ms), 8)}`;
  return `${pad(String(s.users), 4)} users: ${pad(s.throughputRps.toFixed(1), 8)} req/s ${pad(s.journeysPerS.toFixed(2), 7)} journeys/s  success ${pad(s.successRatePct.toFixed(1), 5)}%  ${p95}${errs ? `  errors: ${errs}` : ''}${s.invalid ? '  [INVALID: generator-bound]' : ''}`;
}

/** The closing summary: per-step table with per-endpoint percentiles, then the recommendation and the verdict. */
export function formatStressSummary(r: StressReport): string {
  const S = r.stress;
  const ids = Object.keys(S.steps[0]?.endpoints ?? {});
  const head = `${pad('users', 6)}${pad('req/s', 9)}${pad('succ%', 7)}${ids.map((id) => pad(`${id} p50/p95/p99`, 30)).join('')}`;
  let few = false;
  const cell = (l: StressStep['endpoints'][string]['latency'], p: 50 | 95 | 99) => {
    const t = formatPercentile(l.count, p, l[`p${p}`]);
    few ||= t === '·';
    return t;
  };
  const rows = S.steps.map(
    (s) =>
      `${pad(String(s.users), 6)}${pad(s.throughputRps.toFixed(1), 9)}${pad(s.successRatePct.toFixed(1), 7)}${ids
        .map((id) => {
          const l = s.endpoints[id]!.latency;
          // One sample is a value, not a percentile: shown as itself.
          const text =
            l.count === 1 ? `${ms(l.max)} (1 sample)` : `${cell(l, 50)}/${cell(l, 95)}/${cell(l, 99)}`;
          return pad(`${text}${s.endpoints[id]!.knownBroken ? '*' : ''}`, 30);
        })
        .join('')}`,
  );
  const rec = S.recommendation;
  const knee = rec.byKnee
    ? `max ${rec.byKnee.maxUsers} users — ${rec.byKnee.reason}`
    : S.steps.length < KNEE_MIN_STEPS
      ? `not judged: a knee needs at least ${KNEE_MIN_STEPS} steps, and ${S.steps.length} ran`
      : 'none seen (throughput kept rising or p95 stayed flat)';
  // The rule backs off from the first failing step; a first step that failed leaves 0.
  const passed = rec.maxUsers > 0;
  return [
    '',
    `${r.partial ? 'PARTIAL ' : ''}stress run ${r.runId}: ${S.steps.length} of ${S.plannedSteps.length} steps, ${formatDuration(S.stepDurationMs)} each${r.target.sandbox ? '  [target is the sandbox]' : ''}`,
    head,
    ...rows,
    ...(few ? [PERCENTILE_LEGEND] : []),
    ...(S.stoppedEarly ? [`stopped early at ${S.stoppedEarly.atUsers} users: ${S.stoppedEarly.reason}`] : []),
    `rule (success ≥ ${S.limits.failSuccessPct}%, p95 ≤ ${Object.entries(S.limits.p95MsByEndpoint)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(
        ', ',
      )}, back off ${S.limits.backoffUsers}): max ${rec.byRule.maxUsers} users — ${rec.byRule.reason}`,
    `knee: ${knee}`,
    passed
      ? `recommended maximum: ${rec.maxUsers} concurrent users${S.targetUsers !== undefined ? ` (target ${S.targetUsers})` : ''}`
      : `recommended maximum: none — no step met the limits${S.targetUsers !== undefined ? ` (target ${S.targetUsers})` : ''}`,
    ...(r.invalid ? [`INVALID: ${r.invalidReasons.join('; ')}`] : []),
    r.verdict.status === 'pass'
      ? 'verdict: pass'
      : `verdict: ${r.verdict.status.toUpperCase()}${r.verdict.failures.length ? ` — ${r.verdict.failures.join('; ')}` : ''}`,
  ].join('\n');
}
