/**
 * The `cost` kind: a projection from the config's cost model and, when a validation run
 * was made, the projection for that run set against what the target itself accounted.
 */
import { z } from 'zod';
import { baseReportSchema } from './common';

export const costLineSchema = z.object({
  /** Journey step id. */
  step: z.string(),
  /** Cost-model key (config.costModel.perCall), null for a step that costs nothing. */
  costKey: z.string().nullable(),
  perCallUsd: z.number().nonnegative(),
  /** Counted in the cost per journey (knownBroken steps fail before any model call and are not, by default). */
  counted: z.boolean(),
});

export const validationEndpointSchema = z.object({
  costKey: z.string(),
  step: z.string(),
  /** Requests the load run sent to this endpoint. */
  callsMade: z.number().int().nonnegative(),
  /** Of those, answered as a success by the response rules. */
  okCalls: z.number().int().nonnegative(),
  /** callsMade × per-call cost (0 for a step not counted). */
  projectedUsd: z.number().nonnegative(),
  /** What the target charged for this endpoint during the run (null: the target gives no breakdown). */
  accountedCalls: z.number().int().nullable(),
  accountedUsd: z.number().nullable(),
});

export const costSectionSchema = z.object({
  perCall: z.record(z.number().nonnegative()),
  lines: z.array(costLineSchema),
  costPerJourneyUsd: z.number().nonnegative(),
  projection: z.object({
    users: z.number().int().nonnegative(),
    journeysPerUserPerDay: z.number().nonnegative(),
    dailyUsd: z.number().nonnegative(),
    perUserPerDayUsd: z.number().nonnegative(),
    monthlyUsd: z.number().nonnegative(),
    /** config.slo.costPerUserPerDayUsd. */
    targetPerUserPerDayUsd: z.number().nonnegative(),
    /** config.alerts.dailyCostUsd. */
    dailyAlertUsd: z.number().nonnegative(),
    /** Users at which the daily cost reaches the alert. */
    usersAtDailyAlert: z.number().nonnegative().nullable(),
  }),
  /** Daily cost at other user counts (for the chart). */
  scenarios: z.array(z.object({ users: z.number().int().nonnegative(), dailyUsd: z.number().nonnegative() })),
  validation: z
    .object({
      /** `sandbox-accounting` (GET /__sandbox/accounting) or `rate-limits` (cost_tracking.total_cost_today). */
      source: z.enum(['sandbox-accounting', 'rate-limits']),
      /** The load run it covered. */
      run: z.object({
        runId: z.string(),
        users: z.number().int(),
        durationMs: z.number(),
        requests: z.number().int(),
        journeysCompleted: z.number().int(),
      }),
      endpoints: z.array(validationEndpointSchema),
      projectedUsd: z.number().nonnegative(),
      accountedUsd: z.number().nullable(),
      /** (projected − accounted) / accounted × 100; null when inconclusive. */
      errorPct: z.number().nullable(),
      tolerancePct: z.number().nonnegative(),
      status: z.enum(['pass', 'fail', 'inconclusive']),
      /** One sentence: why this status. */
      reason: z.string(),
      /** rate_limiting.redis_available as the target reported it (null: not read). */
      redisAvailable: z.boolean().nullable(),
      /** The rate-limits delta as a cross-check (null when not read). */
      rateLimitsDeltaUsd: z.number().nullable(),
      /** No request of the validation run connected: the target was unreachable. */
      unreachable: z.boolean().optional(),
    })
    .nullable(),
  /** Caveats the reader must know (Redis-only tracking, sandbox prices, …). */
  notes: z.array(z.string()),
});

export const costReportSchema = baseReportSchema.extend({ kind: z.literal('cost'), cost: costSectionSchema });
export type CostSection = z.infer<typeof costSectionSchema>;
export type CostReport = z.infer<typeof costReportSchema>;
export type CostValidation = NonNullable<CostSection['validation']>;
