/** Human summaries of a benchmark report and its progress events. Strings only; the shell prints. */
import type { BenchmarkReport } from '../report/benchmark';
import type { ThresholdVerdictJson } from '../report/common';
import type { BenchEvent } from './run';
import { formatLatencyBrief, formatMb, formatMs } from '../units';
import type { ColdStart } from '../report/benchmark';

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
      `  ${v.status === 'pass' ? '✓' : v.status === 'fail' ? '✗' : '·'} ${v.name.padEnd(44)} observed ${v.observed ?? 'n/a'} (${v.status === 'no-data' ? 'inconclusive' : v.status})`,
  );
}

/** The cold start in a line: what was timed, and whether it was a cold start at all. */
export function formatColdStart(c: ColdStart): string {
  const times = `first answer ${ms(c.firstResponseMs)}, first healthy ${ms(c.firstHealthyMs)}`;
  if (c.mode === 'spawn') return `cold start (the process the benchmark started): ${times}`;
  const deploy = c.deployToHealthyMs !== null ? `, deploy to healthy ${ms(c.deployToHealthyMs)}` : '';
  if (c.observed === undefined || c.observed === 'cold')
    return `cold start (remote): ${times}${deploy}${c.evidence ? ` — ${c.evidence}` : ''}`;
  return `cold start (remote): inconclusive — ${c.evidence ?? 'not shown to be a cold start'} (${times})${deploy}`;
}

/** One baseline: its calls and how many were ok beside its latency, or that it failed. */
function baselineText(s: NonNullable<BenchmarkReport['benchmark']['latency']>['steps'][number]): string {
  const calls = `${s.requests} call${s.requests === 1 ? '' : 's'}, ${s.ok} ok`;
  if (s.requests > 0 && s.ok === 0)
    return `${s.id} (${calls}): FAILED, no latency baseline${s.failure ? ` — ${s.failure}` : ''}`;
  return `${s.id} (${calls}${s.knownBroken ? ', known broken' : ''}): ${formatLatencyBrief(s.latency)}`;
}

/** The summary printed at the end of a run. */
export function formatBenchmarkSummary(r: BenchmarkReport): string {
  const b = r.benchmark;
  const out = [
    `Benchmark of ${r.target.url}${r.target.sandbox ? ' (sandbox)' : ''}${b.timeScale !== 1 ? `, time scale ×${b.timeScale}` : ''}${b.faults.length ? `, faults ${b.faults.join(', ')}` : ''}`,
  ];
  if (b.coldStart) out.push(formatColdStart(b.coldStart));
  if (b.memory) {
    const s = b.memory.summary;
    out.push(
      `server memory (from ${b.memory.sources.join(' + ') || 'no signal'}): before ${mb(s.beforeMb)}, peak under load ${mb(s.duringPeakMb)}, after ${mb(s.afterMb)} — target ${b.memory.targetMb} MB, alert ${b.memory.alertMb} MB`,
    );
  }
  if (b.latency)
    out.push(
      `latency baselines, ${b.latency.users} user for ${formatMs(b.latency.durationMs)}:`,
      ...b.latency.steps.map((s) => `  ${baselineText(s)}`),
    );
  if (b.capacity)
    out.push(
      `capacity at SLO: ${b.capacity.maxUsersAtSlo} users${b.capacity.firstFailingUsers !== null ? ` (first failing step: ${b.capacity.firstFailingUsers} users — ${b.capacity.steps.find((s) => s.users === b.capacity!.firstFailingUsers)?.reasons.join('; ')})` : ''}`,
    );
  out.push(
    `verdict: ${r.verdict.status.toUpperCase()}${r.partial ? ' (partial)' : ''}`,
    ...verdictLines(r.verdict.thresholds),
    ...r.verdict.failures.map((f) => `  failed: ${f}`),
  );
  for (const n of b.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
