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
  if (b.coldStart) {
    // A remote first answer that was not shown to be cold measured a warm service: inconclusive, not a pass.
    const judged = b.coldStart.mode === 'spawn' || (b.coldStart.observed ?? 'cold') === 'cold';
    const answered = b.coldStart.firstResponseMs !== null;
    out.push(
      row(
        'cold_start.first_healthy_ms',
        `value<${b.coldStart.timeoutMs}`,
        judged || !answered ? b.coldStart.firstHealthyMs : null,
        judged || !answered ? b.coldStart.firstHealthyMs !== null : null,
      ),
    );
  }
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
    // A baseline is the latency of calls that worked: one whose every call failed measured
    // only how fast the service fails, so it fails, whatever its p95.
    for (const s of b.latency.steps)
      out.push(
        row(
          `baseline.${s.id}.p95_ms`,
          `value<${s.sloP95Ms}`,
          s.latency.count && s.ok > 0 ? s.latency.p95 : null,
          !s.requests ? null : s.ok === 0 ? false : s.latency.p95 < s.sloP95Ms,
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

/** Failure lines naming each breached threshold, and each baseline whose every call failed. */
export function benchmarkFailures(vs: readonly ThresholdVerdictJson[], b?: BenchmarkSection): string[] {
  return vs
    .filter((v) => v.status === 'fail')
    .map((v) => {
      const s = b?.latency?.steps.find((x) => v.metric === `baseline.${x.id}.p95_ms`);
      return s && s.ok === 0
        ? `baseline ${s.id}: all ${s.requests} call(s) failed${s.failure ? ` (${s.failure})` : ''}, so there is no latency baseline`
        : `threshold breached: ${v.name} (observed ${v.observed})`;
    });
}
