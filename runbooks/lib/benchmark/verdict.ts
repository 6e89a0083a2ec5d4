/** The benchmark's verdict table: memory against the target and the alert, baselines, capacity. Pure. */
import type { Config } from '../config/schema';
import type { ThresholdVerdictJson } from '../report/common';
import type { BenchmarkSection } from '../report/benchmark';

const row = (
  metric: string,
  expression: string,
  observed: number | null,
  ok: boolean | null,
  excluded = false,
): ThresholdVerdictJson => ({
  name: `${metric}: ${expression}`,
  metric,
  expression,
  abortOnFail: false,
  source: 'slo',
  excluded,
  observed,
  status: excluded ? 'excluded' : ok === null ? 'no-data' : ok ? 'pass' : 'fail',
});

/** One row per threshold the benchmark checks; every limit comes from the config. */
export function benchmarkVerdicts(config: Config, b: BenchmarkSection): ThresholdVerdictJson[] {
  const out: ThresholdVerdictJson[] = [];
  if (b.coldStart)
    out.push(
      row(
        'cold_start.first_healthy_ms',
        `value<${b.coldStart.timeoutMs}`,
        b.coldStart.firstHealthyMs,
        b.coldStart.firstHealthyMs === null ? false : true,
      ),
    );
  if (b.memory) {
    const peak = b.memory.summary.peakMb;
    out.push(
      row(
        'memory.peak_mb',
        `value<${b.memory.targetMb}`,
        peak,
        peak === null ? null : peak < b.memory.targetMb,
      ),
    );
    out.push(
      row(
        'memory.peak_mb',
        `value<${b.memory.alertMb}`,
        peak,
        peak === null ? null : peak < b.memory.alertMb,
      ),
    );
  }
  if (b.latency) {
    for (const s of b.latency.steps)
      out.push(
        row(
          `baseline.${s.id}.p95_ms`,
          `value<${s.sloP95Ms}`,
          s.latency.count ? s.latency.p95 : null,
          s.latency.count ? s.latency.p95 < s.sloP95Ms : null,
          s.knownBroken,
        ),
      );
  }
  if (b.capacity)
    out.push(
      row(
        'capacity.max_users_at_slo',
        `value>=${config.slo.concurrentUsers}`,
        b.capacity.maxUsersAtSlo,
        b.capacity.steps.length ? b.capacity.maxUsersAtSlo >= config.slo.concurrentUsers : null,
      ),
    );
  return out;
}

/** Failure lines naming each breached threshold. */
export function benchmarkFailures(vs: readonly ThresholdVerdictJson[]): string[] {
  return vs
    .filter((v) => v.status === 'fail')
    .map((v) => `threshold breached: ${v.name} (observed ${v.observed})`);
}
