/**
 * The `monitor` kind: one published watch of a target (monitor.ts --publish). It carries
 * what uptime needs — the window watched, the samples taken, how many found the target up —
 * and the watch's verdict per metric. The scorecard reads published monitor runs for
 * uptime where Render's events are not configured, and states how much of its window they
 * cover.
 */
import { z } from 'zod';
import { baseReportSchema } from './common';

export const monitorSectionSchema = z.object({
  /** The watch's own verdict (monitor.ts): passed, failed, errored, inconclusive, interrupted. */
  verdict: z.enum(['passed', 'failed', 'errored', 'inconclusive', 'interrupted']),
  /** One line: why the verdict. */
  reason: z.string(),
  /** What was watched and how often, ms. */
  plannedDurationMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  intervalMs: z.number().positive(),
  healthIntervalMs: z.number().positive(),
  /** Samples taken. */
  samples: z.number().int().nonnegative(),
  /** Samples in which the target answered (reachable): the uptime numerator. */
  upSamples: z.number().int().nonnegative(),
  /** Samples in which it could not be reached at all. */
  unreachableSamples: z.number().int().nonnegative(),
  /** Restarts seen (uptime counter went back, process start time moved). */
  restarts: z.number().int().nonnegative(),
  /** Where the platform was read: the failures it recorded during the watch (each failed it), one line each. */
  platformFailures: z.array(z.string()).optional(),
  /** upSamples / samples × 100 (null without a sample). */
  uptimePct: z.number().min(0).max(100).nullable(),
  /** The share of the planned window the samples cover (samples × interval / planned duration, at most 100), percent. */
  coveragePct: z.number().min(0).max(100),
  /** Per metric: its verdict, breaches and worst value against its threshold. */
  metrics: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      unit: z.string(),
      max: z.number(),
      verdict: z.string(),
      breaches: z.number().int().nonnegative(),
      maxValue: z.number().nullable(),
      source: z.string(),
      /** Whose figure: the service's own (app), the platform's (Render, or the sandbox's model), the monitor's journey (synthetic). */
      origin: z.enum(['app', 'platform', 'synthetic']).optional(),
    }),
  ),
});

export const monitorReportSchema = baseReportSchema.extend({
  kind: z.literal('monitor'),
  monitor: monitorSectionSchema,
});
export type MonitorSection = z.infer<typeof monitorSectionSchema>;
export type MonitorReport = z.infer<typeof monitorReportSchema>;
