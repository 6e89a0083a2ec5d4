/** The `load` kind: one run of the journey under a closed or open workload model. */
import { z } from 'zod';
import { baseReportSchema, errorCountsSchema, latencySummarySchema } from './common';

const stageSchema = z.object({ durationMs: z.number().positive(), target: z.number().nonnegative() });

/** The workload model as run. */
export const modelSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('closed'),
    /** Concurrent users, each running journeys back to back. */
    users: z.number().int().nonnegative(),
    /** Pause between a user's journeys, ms. */
    thinkMs: z.number().nonnegative(),
    /** Ramp of the user count (k6 notation), when used. */
    stages: z.array(stageSchema).optional(),
  }),
  z.object({
    type: z.literal('open'),
    /** Journeys started per second, whatever the target does. */
    rate: z.number().nonnegative(),
    /** Cap on journeys in flight. */
    maxInFlight: z.number().int().positive(),
    /** Ramp of the arrival rate, when used. */
    stages: z.array(stageSchema).optional(),
  }),
]);

/** Per-step results: counts, errors and HDR summaries. */
export const stepReportSchema = z.object({
  /** Step id from config.journey.steps. */
  id: z.string(),
  /** Known broken in this release: reported, excluded from verdicts by default. */
  knownBroken: z.boolean(),
  requests: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  errors: errorCountsSchema,
  /** Requests cut by a stop: neither ok nor an error. */
  interrupted: z.number().int().nonnegative(),
  /** From the intended start (open model: the schedule, so stalls count in full). */
  latency: latencySummarySchema,
  /** From the actual send (what a closed-loop tool would report). */
  sendLatency: latencySummarySchema,
  /**
   * HdrHistogram compressed base64 of `latency` in µs. A threshold's percentile (`p(99.9)<…`)
   * is read from it when the run is judged, and the site draws the step's latency percentile
   * curve from it at build time (load/percentiles.ts: the page gets the curve, not this).
   * Empty when none was recorded; an imported run's is rebuilt from the few percentiles its
   * engine reported, so no curve is drawn for it.
   */
  histogram: z.string(),
  /** The same for `sendLatency` (thresholds on `send_latency`; no page draws it yet). */
  sendHistogram: z.string(),
});

/** One second of the run. */
export const secondSchema = z.object({
  /** Seconds since the start. */
  t: z.number().int().positive(),
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  journeysStarted: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  /** Users (closed) or journeys/s (open) aimed at. */
  target: z.number().nonnegative(),
  /** Per step: requests, errors, p50 and p95 (ms) in this second. */
  steps: z.record(
    z.object({ requests: z.number().int(), errors: z.number().int(), p50: z.number(), p95: z.number() }),
  ),
  /** The generator's own CPU (% of one core) and event-loop delay p99 (ms). */
  generator: z.object({ cpuPct: z.number(), loopDelayP99Ms: z.number() }),
});

/** The `load` section. */
export const loadSectionSchema = z.object({
  model: modelSchema,
  /** Why sending stopped: planned duration, request cap, Ctrl-C, a threshold with abort-on-fail, the API key refused (401/403), or nothing connected in the first seconds (`unreachable`, version 2). */
  stoppedBy: z.enum([
    'duration',
    'max-requests',
    'interrupted',
    'abort-on-fail',
    'auth-refused',
    'unreachable',
  ]),
  stopDetail: z.string().optional(),
  /** Wall time, ms. */
  elapsedMs: z.number().nonnegative(),
  /** Time during which journeys were started, ms. */
  sendWindowMs: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  /** Requests per second over the run. */
  rps: z.number().nonnegative(),
  journeys: z.object({
    started: z.number().int(),
    completed: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    interrupted: z.number().int(),
    /** Open model: started later than scheduled. */
    late: z.number().int(),
    /** Of those, late while below the in-flight cap (the generator's fault). */
    lateByGenerator: z.number().int(),
    /** Open model: never started. */
    dropped: z.number().int(),
    /** Succeeded / completed, percent (knownBroken steps do not fail a journey). */
    successRatePct: z.number(),
    latency: latencySummarySchema,
    sendLatency: latencySummarySchema,
    /** As a step's: the whole journey's latency, drawn as the journey's percentile curve. */
    histogram: z.string(),
    sendHistogram: z.string(),
  }),
  steps: z.array(stepReportSchema),
  /** Errors by kind over all steps. */
  errors: errorCountsSchema,
  /** The most frequent failure reasons (bounded). */
  errorReasons: z.array(
    z.object({ step: z.string(), kind: z.string(), reason: z.string(), count: z.number().int() }),
  ),
  timeSeries: z.array(secondSchema),
  /** 10-second windows: per-step and journey HDR summaries. */
  windows: z.array(
    z.object({
      startS: z.number(),
      endS: z.number(),
      steps: z.record(latencySummarySchema),
      journey: latencySummarySchema,
    }),
  ),
  /** Open model: achieved versus target arrivals (fails the run below 95 %). */
  rate: z
    .object({
      targetJourneys: z.number(),
      startedJourneys: z.number(),
      targetRate: z.number(),
      achievedRate: z.number(),
      ratio: z.number(),
      ok: z.boolean(),
    })
    .nullable(),
  /** The generator's own health. */
  generator: z.object({
    cpuPctMean: z.number(),
    cpuPctMax: z.number(),
    saturatedSecondsPct: z.number(),
    loopDelayP99Ms: z.number(),
    loopDelayMaxMs: z.number(),
    rssStartMb: z.number(),
    rssEndMb: z.number(),
  }),
});

export const loadReportSchema = baseReportSchema.extend({ kind: z.literal('load'), load: loadSectionSchema });
export type LoadSection = z.infer<typeof loadSectionSchema>;
export type LoadReport = z.infer<typeof loadReportSchema>;
