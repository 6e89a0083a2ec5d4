/** Renderers for stress runs (strings only). */
import { labelText } from '../target/label';
import type { Target } from '../target/resolve';
import { formatDuration, formatMs } from '../units';
import type { StressStep } from '../load/stress';
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

/** One line per finished step. */
export function formatStressStep(s: StressStep): string {
  const errs = Object.entries(s.errors)
    .filter(([k, v]) => k !== 'byStatus' && (v as number) > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${pad(String(s.users), 4)} users: ${pad(s.throughputRps.toFixed(1), 8)} req/s ${pad(s.journeysPerS.toFixed(2), 7)} journeys/s  success ${pad(s.successRatePct.toFixed(1), 5)}%  p95 ${pad(ms(s.p95Ms), 8)}${errs ? `  errors: ${errs}` : ''}${s.invalid ? '  [INVALID: generator-bound]' : ''}`;
}

/** The closing summary: per-step table with per-endpoint percentiles, then the recommendation. */
export function formatStressSummary(r: StressReport): string {
  const S = r.stress;
  const ids = Object.keys(S.steps[0]?.endpoints ?? {});
  const head = `${pad('users', 6)}${pad('req/s', 9)}${pad('succ%', 7)}${ids.map((id) => pad(`${id} p50/p95/p99`, 30)).join('')}`;
  const rows = S.steps.map(
    (s) =>
      `${pad(String(s.users), 6)}${pad(s.throughputRps.toFixed(1), 9)}${pad(s.successRatePct.toFixed(1), 7)}${ids
        .map((id) => {
          const l = s.endpoints[id]!.latency;
          return pad(`${ms(l.p50)}/${ms(l.p95)}/${ms(l.p99)}${s.endpoints[id]!.knownBroken ? '*' : ''}`, 30);
        })
        .join('')}`,
  );
  const rec = S.recommendation;
  return [
    '',
    `${r.partial ? 'PARTIAL ' : ''}stress run ${r.runId}: ${S.steps.length} of ${S.plannedSteps.length} steps, ${formatDuration(S.stepDurationMs)} each${r.target.sandbox ? '  [target is the sandbox]' : ''}`,
    head,
    ...rows,
    ...(S.stoppedEarly ? [`stopped early at ${S.stoppedEarly.atUsers} users: ${S.stoppedEarly.reason}`] : []),
    `rule (success ≥ ${S.limits.failSuccessPct}%, p95 ≤ ${Object.entries(S.limits.p95MsByEndpoint)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(
        ', ',
      )}, back off ${S.limits.backoffUsers}): max ${rec.byRule.maxUsers} users — ${rec.byRule.reason}`,
    `knee: ${rec.byKnee ? `max ${rec.byKnee.maxUsers} users — ${rec.byKnee.reason}` : 'none seen (throughput kept rising or p95 stayed flat)'}`,
    `recommended maximum: ${rec.maxUsers} concurrent users`,
    ...(r.invalid ? [`INVALID: ${r.invalidReasons.join('; ')}`] : []),
  ].join('\n');
}
