/**
 * The `benchmark` kind: cold start, server memory under load (from the target's own
 * signals, never the client's), latency baselines per endpoint at low load and capacity
 * at SLO. Every section is nullable: a section skipped with --skip, or that could not be
 * measured, is null and the page says so.
 */
import { z } from 'zod';
import { baseReportSchema, latencySummarySchema } from './common';

export const coldStartSchema = z.discriminatedUnion('mode', [
  z.object({
    /** The benchmark started the process itself (local target). */
    mode: z.literal('spawn'),
    /** The command run (the sandbox by default, or --start-command), without secrets. */
    command: z.string(),
    /** Process start → first HTTP answer of any kind, ms (null: never answered). */
    firstResponseMs: z.number().nonnegative().nullable(),
    /** Process start → first health body with overall_status healthy, ms (null: never healthy). */
    firstHealthyMs: z.number().nonnegative().nullable(),
    /** The status the last health answer reported (null: none). */
    lastHealthStatus: z.string().nullable(),
    /** How long the benchmark waited at most. */
    timeoutMs: z.number().nonnegative(),
  }),
  z.object({
    /** A remote target: the first answers after an idle period. */
    mode: z.literal('remote'),
    /** How long no request was sent before measuring, ms. */
    idleMs: z.number().nonnegative(),
    firstResponseMs: z.number().nonnegative().nullable(),
    firstHealthyMs: z.number().nonnegative().nullable(),
    lastHealthStatus: z.string().nullable(),
    /** From a deploy record (start → live/healthy), when one was given. */
    deployToHealthyMs: z.number().nonnegative().nullable(),
    deploySource: z.string().nullable(),
    timeoutMs: z.number().nonnegative(),
    /**
     * What the first answer was (benchmark/cold-start.ts judgeRemoteColdStart): `cold` when the
     * service's uptime shows it started during the measurement, `warm` when it had been up
     * before it (or there was no idle period at all), `unknown` otherwise. Only `cold` is
     * judged; the others leave the cold-start verdict inconclusive. Absent in version 1 reports.
     */
    observed: z.enum(['cold', 'warm', 'unknown']).optional(),
    /** Why, in a sentence. */
    evidence: z.string().optional(),
    /** The service's own uptime when it was read, seconds (null: it reports none). */
    uptimeS: z.number().nonnegative().nullable().optional(),
  }),
]);

/** One memory sample read from the target. */
export const memorySampleSchema = z.object({
  /** Seconds since the memory phase began. */
  t: z.number().nonnegative(),
  phase: z.enum(['before', 'during', 'after']),
  /** holisticos_memory_usage_bytes from /metrics, in MB (null: not exposed or not read this time). */
  metricsMb: z.number().nonnegative().nullable(),
  /** services.system.details.process_memory_mb from /api/health (null: not read this time). */
  healthMb: z.number().nonnegative().nullable(),
});

export const memorySchema = z.object({
  /** Which of the target's signals gave numbers: `metrics`, `health`; empty = the target exposes neither. */
  sources: z.array(z.enum(['metrics', 'health'])),
  /** config.alerts.memoryTargetMb and config.alerts.memoryMb at the time of the run. */
  targetMb: z.number().positive(),
  alertMb: z.number().positive(),
  samples: z.array(memorySampleSchema),
  /** Per phase, the highest reading (metrics preferred, health otherwise); null without a reading. */
  summary: z.object({
    beforeMb: z.number().nullable(),
    duringPeakMb: z.number().nullable(),
    afterMb: z.number().nullable(),
    peakMb: z.number().nullable(),
    /** Peak minus before. */
    growthMb: z.number().nullable(),
  }),
  /** The bounded load run the `during` phase covered. */
  load: z.object({
    users: z.number().int(),
    durationMs: z.number(),
    requests: z.number().int(),
    rps: z.number(),
    successRatePct: z.number(),
  }),
});

export const baselineStepSchema = z.object({
  id: z.string(),
  knownBroken: z.boolean(),
  requests: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  /** Of every call (failed ones too): with no call ok it is no baseline, and the step is judged failed. */
  latency: latencySummarySchema,
  /** Why its calls failed, the most frequent reason (absent when none failed, and in version 1 reports). */
  failure: z.string().optional(),
  /** The p95 SLO of this step (config.slo.perStep or slo.p95Ms), in the run's time (divided by the time scale). */
  sloP95Ms: z.number().nonnegative(),
});

export const capacityStepSchema = z.object({
  users: z.number().int().positive(),
  durationMs: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  rps: z.number().nonnegative(),
  successRatePct: z.number(),
  errorRatePct: z.number(),
  /** p95 per counted step, ms. */
  p95ByStep: z.record(z.number()),
  /** Meets every p95 SLO and the error-rate SLO. */
  meetsSlo: z.boolean(),
  /** Why not (empty when it does). */
  reasons: z.array(z.string()),
});

export const benchmarkSectionSchema = z.object({
  /** The target ran N× faster than real (a time-scaled sandbox): SLO limits were divided by N. */
  timeScale: z.number().positive(),
  /** The spawned sandbox's profile and faults (null / empty for other targets). */
  profile: z.string().nullable(),
  faults: z.array(z.string()),
  coldStart: coldStartSchema.nullable(),
  memory: memorySchema.nullable(),
  latency: z
    .object({ durationMs: z.number(), users: z.number().int(), steps: z.array(baselineStepSchema) })
    .nullable(),
  capacity: z
    .object({
      stepDurationMs: z.number(),
      /** p95 SLO per counted step and the error-rate SLO, in the run's time. */
      sloP95Ms: z.record(z.number()),
      errorRatePct: z.number(),
      steps: z.array(capacityStepSchema),
      /** The most users of a step that met the SLOs, all smaller steps meeting them too (0: none). */
      maxUsersAtSlo: z.number().int().nonnegative(),
      firstFailingUsers: z.number().int().nullable(),
    })
    .nullable(),
  /** Sections not measured and why (skipped, not exposed, …). */
  notes: z.array(z.string()),
});

export const benchmarkReportSchema = baseReportSchema.extend({
  kind: z.literal('benchmark'),
  benchmark: benchmarkSectionSchema,
});
export type BenchmarkSection = z.infer<typeof benchmarkSectionSchema>;
export type BenchmarkReport = z.infer<typeof benchmarkReportSchema>;
export type MemorySample = z.infer<typeof memorySampleSchema>;
export type ColdStart = z.infer<typeof coldStartSchema>;
export type CapacityStep = z.infer<typeof capacityStepSchema>;
