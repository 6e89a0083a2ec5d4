/**
 * Percentile curves as chart data: x is log10(1/(1−p)), so 90 %, 99 % and 99.9 % sit one
 * step apart, as on HdrHistogram's plots. Pure (no React), so it is unit-tested.
 */
import type { PercentileCurve } from '@holisticos/runbooks/load/percentiles';
import type { StepCurve } from '../../plugins/reports/percentiles';

/** One line of the chart: a step or the whole journey. */
export interface CurveLine {
  key: string;
  /** The step id, or "whole journey". */
  name: string;
  knownBroken: boolean;
  curve: PercentileCurve;
  color: 1 | 2 | 3 | 4 | 5;
}

export interface PercentilePlot {
  lines: CurveLine[];
  /** One row per x position: `x` and each line's latency there, in `unit`. */
  data: Record<string, number>[];
  unit: 'ms' | 's';
  domain: [number, number];
  ticks: number[];
  /** Percentiles that some line reads, ascending (100 = the slowest sample), for the table. */
  percentiles: number[];
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * The x of percentile p on a curve of `count` samples. 100 % has no place on a 1/(1−p)
 * axis, so the slowest sample is drawn at its plotting position n/(n+1): just right of the
 * last percentile the count supports (1 − 1/n), which it never passes.
 */
export function percentileX(p: number, count: number): number {
  return round4(p >= 100 ? Math.log10(count + 1) : Math.log10(100 / (100 - p)));
}

/** Tick positions and their labels: 0 %, 50 %, then one tick per added nine. */
const TICKS: [number, string][] = [
  [0, '0%'],
  [percentileX(50, 0), '50%'],
  [1, '90%'],
  [2, '99%'],
  [3, '99.9%'],
  [4, '99.99%'],
  [5, '99.999%'],
  [6, '99.9999%'],
];

/** A tick's label, or the percentile of any other x ("97.7%"), for tooltips. */
export function percentileLabel(x: number): string {
  const t = TICKS.find(([v]) => Math.abs(v - x) < 1e-4);
  if (t) return t[1];
  return `${+(100 * (1 - 10 ** -x)).toFixed(2)}%`;
}

/** "p50", "p99.9"; p0 and p100 by what they are. */
export function percentileName(p: number): string {
  return p === 0 ? 'fastest (p0)' : p >= 100 ? 'slowest (p100)' : `p${p}`;
}

/**
 * The chart of a report's curves: one line per step that has samples (palette slots 1–4,
 * in journey order), then the whole journey (slot 5). Seconds when the slowest point is
 * 10 s or more (the pages' `ms()` switches there too).
 */
export function percentilePlot(steps: readonly StepCurve[], journey: PercentileCurve | null): PercentilePlot {
  const lines: CurveLine[] = steps.flatMap((s, i) =>
    s.curve
      ? [
          {
            key: `s${i}`,
            name: s.id,
            knownBroken: s.knownBroken,
            curve: s.curve,
            color: ((i % 4) + 1) as CurveLine['color'],
          },
        ]
      : [],
  );
  if (journey)
    lines.push({ key: 'journey', name: 'whole journey', knownBroken: false, curve: journey, color: 5 });
  const slowest = Math.max(0, ...lines.flatMap((l) => l.curve.points.map((pt) => pt.ms)));
  const unit = slowest >= 10_000 ? 's' : 'ms';
  const rows = new Map<number, Record<string, number>>();
  for (const l of lines) {
    for (const pt of l.curve.points) {
      const x = percentileX(pt.p, l.curve.count);
      const row = rows.get(x) ?? { x };
      row[l.key] = unit === 's' ? round4(pt.ms / 1000) : pt.ms;
      rows.set(x, row);
    }
  }
  const data = [...rows.values()].sort((a, b) => a.x! - b.x!);
  // Up to the next tick past the last point, so the room a line leaves says "too few samples".
  const end = Math.max(1, Math.ceil(data.at(-1)?.x ?? 1));
  return {
    lines,
    data,
    unit,
    domain: [0, end],
    ticks: TICKS.map(([v]) => v).filter((v) => v <= end),
    percentiles: [...new Set(lines.flatMap((l) => l.curve.points.map((pt) => pt.p)))].sort((a, b) => a - b),
  };
}
