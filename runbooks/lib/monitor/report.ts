/**
 * A monitor run as a report (monitor.ts --publish, --out; always a copy in the state
 * directory): the window watched, the samples taken and how many found the target up — what
 * the scorecard's uptime reads where no platform is configured — and each metric's verdict.
 */
import { baseReport, type RunContext, type provenance } from '../report/build';
import type { MonitorReport } from '../report/monitor';
import type { MonitorSummary } from './monitor';

/** The monitor report of a finished watch; `sandbox`: the target is a sandbox on this machine. */
export function buildMonitorReport(
  ctx: RunContext,
  prov: ReturnType<typeof provenance>,
  s: MonitorSummary,
  sandbox: boolean,
): MonitorReport {
  const up = Math.max(0, s.samples - s.unreachableSamples);
  const failures = s.verdict === 'passed' || s.verdict === 'interrupted' ? [] : [`${s.verdict}: ${s.reason}`];
  const base = baseReport(
    ctx,
    prov,
    { startedAt: s.startedAt, endedAt: s.endedAt },
    { partial: s.partial, invalid: false, invalidReasons: [], sandbox },
    [],
    failures,
  );
  return {
    ...base,
    kind: 'monitor',
    monitor: {
      verdict: s.verdict,
      reason: s.reason,
      plannedDurationMs: s.plannedDurationMs,
      durationMs: s.durationMs,
      intervalMs: s.intervalMs,
      healthIntervalMs: s.healthIntervalMs,
      samples: s.samples,
      upSamples: up,
      unreachableSamples: s.unreachableSamples,
      restarts: s.restarts,
      ...(s.platform ? { platformFailures: s.platform.failures.map((f) => f.text) } : {}),
      uptimePct: s.samples ? Math.round((up / s.samples) * 100_000) / 1000 : null,
      coveragePct: Math.min(
        100,
        Math.round(((s.samples * s.intervalMs) / Math.max(1, s.plannedDurationMs)) * 1000) / 10,
      ),
      metrics: s.metrics.map((m) => ({
        id: m.id,
        label: m.label,
        unit: m.unit,
        max: m.max,
        verdict: m.verdict,
        breaches: m.breaches,
        maxValue: m.maxValue,
        source: m.source,
        origin: m.origin,
      })),
    },
  };
}
