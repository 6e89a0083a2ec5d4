/**
 * Artillery's 10-second intermediate periods as the report's time series and windows.
 * Artillery reports no per-second figures: each period becomes one sample at its end,
 * with its counts as per-second averages (rounded), and one window with per-step
 * latency summaries.
 */
import { totalErrors } from '../report/common';
import type { LoadSection } from '../report/load';
import { targetAt } from '../load/stages';
import type { WorkloadModel } from '../load/types';
import { stepCounts, toLatency } from './artillery-metrics';
import type { ArtilleryPeriod, ArtilleryReport } from './artillery-report';

interface Span {
  p: ArtilleryPeriod;
  startMs: number;
  endMs: number;
}

/** The periods in time order, clipped to the run (Artillery aligns them to the clock). */
export function spans(r: ArtilleryReport): Span[] {
  const first = r.aggregate.firstMetricAt;
  const last = r.aggregate.lastMetricAt;
  const sorted = r.intermediate
    .map((p) => ({ p, start: Number(p.period ?? p.firstMetricAt ?? Number.NaN) }))
    .filter((x) => Number.isFinite(x.start))
    .sort((a, b) => a.start - b.start);
  return sorted.map((x, i) => {
    const next = sorted[i + 1]?.start ?? Math.min(last, x.start + 10_000);
    const startMs = Math.max(first, x.start);
    return { p: x.p, startMs, endMs: Math.max(startMs + 1, Math.min(last, next)) };
  });
}

const modelTarget = (m: WorkloadModel, atMs: number): number =>
  m.stages?.length
    ? Math.round(targetAt(m.stages, atMs) * 100) / 100
    : m.type === 'closed'
      ? m.users
      : m.rate;

/** Time series and windows of a report, for these steps. */
export function series(
  r: ArtilleryReport,
  steps: readonly { id: string; judged: boolean }[],
  model: WorkloadModel,
): Pick<LoadSection, 'timeSeries' | 'windows'> {
  const first = r.aggregate.firstMetricAt;
  const timeSeries: LoadSection['timeSeries'] = [];
  const windows: LoadSection['windows'] = [];
  let prevT = 0;
  for (const s of spans(r)) {
    const secs = Math.max(1, (s.endMs - s.startMs) / 1000);
    const per = (n: number) => Math.round(n / secs);
    const counts = steps.map((st) => ({ id: st.id, c: stepCounts(s.p, st.id, st.judged) }));
    const t = Math.max(prevT + 1, Math.round((s.endMs - first) / 1000));
    prevT = t;
    timeSeries.push({
      t,
      requests: per(counts.reduce((a, x) => a + x.c.requests, 0)),
      errors: per(counts.reduce((a, x) => a + totalErrors(x.c.errors), 0)),
      journeysStarted: per(s.p.counters['vusers.created'] ?? 0),
      inFlight: 0,
      target: modelTarget(model, (s.startMs + s.endMs) / 2 - first),
      steps: Object.fromEntries(
        counts.map((x) => [
          x.id,
          {
            requests: per(x.c.requests),
            errors: per(totalErrors(x.c.errors)),
            p50: x.c.latency.p50,
            p95: x.c.latency.p95,
          },
        ]),
      ),
      generator: { cpuPct: 0, loopDelayP99Ms: 0 },
    });
    windows.push({
      startS: Math.round((s.startMs - first) / 100) / 10,
      endS: Math.round((s.endMs - first) / 100) / 10,
      steps: Object.fromEntries(counts.map((x) => [x.id, x.c.latency])),
      journey: toLatency(s.p.summaries['vusers.session_length']),
    });
  }
  return { timeSeries, windows };
}
