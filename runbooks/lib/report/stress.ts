/** The `stress` kind: users ramped through steps until the target degrades, with a recommended maximum. */
import { z } from 'zod';
import { baseReportSchema, errorCountsSchema, latencySummarySchema } from './common';
import type { StressRecommendation, StressStep as StepResult } from '../load/stress';

/** One stress step. */
export const stressStepSchema = z.object({
  /** Concurrent users (closed model). */
  users: z.number().int().positive(),
  durationMs: z.number().nonnegative(),
  /** Requests per second. */
  throughputRps: z.number().nonnegative(),
  /** Completed journeys per second. */
  journeysPerS: z.number().nonnegative(),
  /** Succeeded / completed journeys, percent. */
  successRatePct: z.number(),
  /** Worst p95 over the counted (not knownBroken) steps, ms: the number the brief's rule reads. */
  p95Ms: z.number(),
  /** Per endpoint (journey step). */
  endpoints: z.record(
    z.object({
      knownBroken: z.boolean(),
      requests: z.number().int(),
      ok: z.number().int(),
      latency: latencySummarySchema,
    }),
  ),
  errors: errorCountsSchema,
  /** The generator was the bottleneck during this step. */
  invalid: z.boolean(),
  partial: z.boolean(),
});

export const stressSectionSchema = z.object({
  stepDurationMs: z.number().positive(),
  /** Users per step as configured (config.capacity.stressSteps). */
  plannedSteps: z.array(z.number().int().positive()),
  /** The capacity target the recommendation was judged against (config.slo.concurrentUsers); absent in version 1 reports, which were not judged. */
  targetUsers: z.number().int().positive().optional(),
  steps: z.array(stressStepSchema),
  /** Set when the run stopped before the last step (success below the stop floor, Ctrl-C, an unreachable target, a refused key). */
  stoppedEarly: z
    .object({
      atUsers: z.number().int(),
      reason: z.string(),
      cause: z.enum(['success-floor', 'interrupted', 'unreachable', 'auth-refused']).optional(),
    })
    .nullable(),
  recommendation: z.object({
    /** The brief's rule: back off from the first step failing success or p95 limits. */
    byRule: z.object({
      maxUsers: z.number().int().nonnegative(),
      firstFailingUsers: z.number().int().nullable(),
      reason: z.string(),
    }),
    /** Knee: the last step before throughput stops rising while p95 climbs; null when no knee was seen. */
    byKnee: z
      .object({ maxUsers: z.number().int().nonnegative(), kneeAtUsers: z.number().int(), reason: z.string() })
      .nullable(),
    /** The smaller of the two: what to plan with. */
    maxUsers: z.number().int().nonnegative(),
  }),
  /** The limits the rule applied. */
  limits: z.object({
    stopSuccessPct: z.number(),
    failSuccessPct: z.number(),
    failP95Ms: z.number(),
    p95MsByEndpoint: z.record(z.number()),
    backoffUsers: z.number().int(),
  }),
});

export const stressReportSchema = baseReportSchema.extend({
  kind: z.literal('stress'),
  stress: stressSectionSchema,
});
export type StressSection = z.infer<typeof stressSectionSchema>;
export type StressStep = z.infer<typeof stressStepSchema>;
// The load library's step and recommendation are exactly what the report stores (a compile error when they drift).
const _sameStep: [StepResult] extends [StressStep] ? true : never = true;
const _sameRecommendation: [StressRecommendation] extends [StressSection['recommendation']] ? true : never =
  true;
void _sameStep;
void _sameRecommendation;
export type StressReport = z.infer<typeof stressReportSchema>;
