/**
 * A load report's latency percentile curves, for its page: read from the report's HDR
 * histograms at build time (the plugin runs in Node), so the page gets a dozen points per
 * step and never the base64. Pure.
 */
import type { Report } from '@holisticos/runbooks/report/schema';
import { percentileCurve, type PercentileCurve } from '@holisticos/runbooks/load/percentiles';

export interface StepCurve {
  id: string;
  knownBroken: boolean;
  /** Null when the step has no readable histogram or no sample. */
  curve: PercentileCurve | null;
}

export type LatencyCurves =
  /** Curves of the intended latency (`histogram`), per step and for the whole journey. */
  | { status: 'drawn'; steps: StepCurve[]; journey: PercentileCurve | null }
  /**
   * A run of another engine, imported: Artillery reports a few percentiles, not its
   * histogram, and the importer rebuilds one by interpolating between them
   * (runbooks/lib/scale/artillery-metrics.ts, synthHistogram). A curve read from it would
   * draw that interpolation as if it were measured, so none is drawn.
   */
  | { status: 'imported'; engine: string }
  /** No histogram that decodes, or none with a sample. */
  | { status: 'none' };

/** The curves of a load report's page; null for the other kinds. */
export function latencyCurves(r: Report): LatencyCurves | null {
  if (r.kind !== 'load') return null;
  if (r.engine) return { status: 'imported', engine: r.engine.name };
  const steps = r.load.steps.map((s) => ({
    id: s.id,
    knownBroken: s.knownBroken,
    curve: percentileCurve(s.histogram),
  }));
  const journey = percentileCurve(r.load.journeys.histogram);
  return steps.some((s) => s.curve) || journey ? { status: 'drawn', steps, journey } : { status: 'none' };
}
