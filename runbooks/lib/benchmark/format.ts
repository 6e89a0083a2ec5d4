/** Human summaries of a benchmark report and its progress events. Strings only; the shell prints. */
import type { BenchmarkReport } from '../report/benchmark';
import type { ThresholdVerdictJson } from '../report/common';
import type { BenchEvent } from './run';
import { formatMb, formatMs } from '../units';

const mb = formatMb;
const ms = (n: number | null) => (n === null ? 'never' : formatMs(n));

/** One line per progress event worth showing (load ticks are summarised every 5 s). */
export function formatBenchEvent(e: BenchEvent): string | undefined {
  if (e.type === 'phase') return `› ${e.phase}: ${e.detail}`;
  if (e.type === 'memory')
    return e.sample.t % 5 < 1
      ? `  memory t=${e.sample.t}s ${e.sample.phase}: metrics ${mb(e.sample.metricsMb)}, health ${mb(e.sample.healthMb)}`
      : undefined;
  if (e.event.type === 'tick' && e.event.second.t % 5 === 0)
    return `  ${e.phase} t=${e.event.second.t}s in flight ${e.event.second.inFlight}, ${e.event.live.requests} requests, ${e.event.live.errors} errors`;
  return undefined;
}

function verdictLines(vs: readonly ThresholdVerdictJson[]): string[] {
  return vs.map(
    (v) =>
      `  ${v.status === 'pass' ? '✓' : v.status === 'fail' ? '✗' : '·'} ${v.name.padEnd(44)} observed ${v.observed ?? 'n/a'} (${v.status})`,
  );
}

/** The summary printed at the end of a run. */
export function formatBenchmarkSummary(r: BenchmarkReport): string {
  const b = r.benchmark;
  const out = [
    `Benchmark of ${r.target.url}${r.target.sandbox ? ' (sandbox)' : ''}${b.timeScale !== 1 ? `, time scale ×${b.timeScale}` : ''}${b.faults.length ? `, faults ${b.faults.join(', ')}` : ''}`,
  ];
  if (b.coldStart)
    out.push(
      `cold start (${b.coldStart.mode}): first answer ${ms(b.coldStart.firstResponseMs)}, first healthy ${ms(b.coldStart.firstHealthyMs)}${b.coldStart.mode === 'remote' && b.coldStart.deployToHealthyMs !== null ? `, deploy to healthy ${ms(b.coldStart.deployToHealthyMs)}` : ''}`,
    );
  if (b.memory) {
    const s = b.memory.summary;
    out.push(
      `server memory (from ${b.memory.sources.join(' + ') || 'no signal'}): before ${mb(s.beforeMb)}, peak under load ${mb(s.duringPeakMb)}, after ${mb(s.afterMb)} — target ${b.memory.targetMb} MB, alert ${b.memory.alertMb} MB`,
    );
  }
  if (b.latency)
    out.push(
      `latency at low load (p50 / p95 ms): ${b.latency.steps.map((s) => `${s.id} ${s.latency.p50}/${s.latency.p95}`).join(', ')}`,
    );
  if (b.capacity)
    out.push(
      `capacity at SLO: ${b.capacity.maxUsersAtSlo} users${b.capacity.firstFailingUsers !== null ? ` (first failing step: ${b.capacity.firstFailingUsers} users — ${b.capacity.steps.find((s) => s.users === b.capacity!.firstFailingUsers)?.reasons.join('; ')})` : ''}`,
    );
  out.push(
    `verdict: ${r.verdict.status.toUpperCase()}${r.partial ? ' (partial)' : ''}`,
    ...verdictLines(r.verdict.thresholds),
  );
  for (const n of b.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
