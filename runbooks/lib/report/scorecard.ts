/**
 * The `scorecard` kind: for each promise of the brief, whether it is kept, by what evidence,
 * measured when and on which target; and the four keys of delivery (DORA), each naming the
 * source it was read from. Written by scorecard.ts from published reports, the ledger and
 * Render. A verdict the evidence cannot support is `not-measured`, never `kept`; evidence
 * from the sandbox is labelled and never counts for another environment.
 */
import { z } from 'zod';
import { baseReportSchema } from './common';

export const PROMISE_IDS = [
  'load-10-users',
  'capacity-15-users',
  'p95-latency',
  'uptime',
  'p0-resolution',
  'resolution-halved',
  'daily-deploys',
  'consistent-releases',
  'cost-per-user',
  'cost-accuracy',
  'baselines',
] as const;
export type PromiseId = (typeof PROMISE_IDS)[number];

export const VERDICTS = ['kept', 'missed', 'not-measured'] as const;
export type PromiseVerdict = (typeof VERDICTS)[number];

/** Where a figure was read from. */
export const SOURCES = [
  'report',
  'ledger',
  'render',
  'platform',
  'monitor-runs',
  'incident-reviews',
  'drills',
  'git',
  'none',
] as const;

/** One piece of evidence: a published report, a ledger record, Render's deploy list, … */
export const evidenceSchema = z.object({
  source: z.enum(SOURCES),
  /** What it is, in a few words ("load test, 15 users", "6 deploys in the ledger"). */
  label: z.string(),
  /** A published report, relative to the reports folder ("load/<name>.json"): the site links its page. */
  file: z.string().nullable(),
  /** When it was measured (a report's start, the newest record used), ISO; null when unknown. */
  measuredAt: z.string().nullable(),
  /** Age at the scorecard's time, days (null when unknown). */
  ageDays: z.number().nonnegative().nullable(),
  /** The environment it was measured on (null when it names none). */
  environment: z.string().nullable(),
  /** Measured against the sandbox: labelled, never counted for another environment. */
  sandbox: z.boolean(),
  /** A committed example report (examples.json). */
  example: z.boolean(),
  /** Counted for the verdict; when false, `excludedBecause` says why (sandbox, stale, other environment, partial). */
  counted: z.boolean(),
  excludedBecause: z.string().nullable(),
});

/** A number and how it reads. */
export const figureSchema = z.object({
  value: z.number().nullable(),
  /** Unit, as the units module formats it (ms, %, USD, users, per day, h). */
  unit: z.string(),
  /** The value in words, with its unit ("p95 4.2 s", "99.7 % over 12 runs"). */
  text: z.string(),
});

export const promiseRowSchema = z.object({
  id: z.enum(PROMISE_IDS),
  /** The promise as the brief words it. */
  promise: z.string(),
  /** The target and where it lives (a config path, or the brief). */
  target: figureSchema.extend({ source: z.string() }),
  /** What the evidence measured (null: nothing usable). */
  measured: figureSchema.nullable(),
  verdict: z.enum(VERDICTS),
  /** One sentence: why this verdict. */
  reason: z.string(),
  /** The source the measured figure used. */
  source: z.enum(SOURCES),
  /** The evidence looked at: counted first, then what was seen but not counted and why. */
  evidence: z.array(evidenceSchema),
});

/** One of the four keys of delivery. */
export const deliveryKeySchema = figureSchema.extend({
  /** Which source the figure used (render, ledger, incident-reviews, none). */
  source: z.enum(SOURCES),
  /** How many things it was computed from (deploys, restorations). */
  basis: z.number().int().nonnegative(),
  /** One sentence: how it was computed, or why it could not be. */
  detail: z.string(),
});

export const scorecardSectionSchema = z.object({
  /** The environment whose promises are judged. */
  environment: z.string(),
  /** The time ages are measured to, ISO. */
  asOf: z.string(),
  windowDays: z.number().int().positive(),
  evidenceMaxAgeDays: z.number().positive(),
  summary: z.object({
    total: z.number().int().nonnegative(),
    kept: z.number().int().nonnegative(),
    missed: z.number().int().nonnegative(),
    notMeasured: z.number().int().nonnegative(),
    /** "7 of 11 promises kept, 2 missed, 2 not measured". */
    line: z.string(),
  }),
  promises: z.array(promiseRowSchema),
  delivery: z.object({
    deploymentFrequency: deliveryKeySchema,
    leadTime: deliveryKeySchema,
    changeFailureRate: deliveryKeySchema,
    timeToRestore: deliveryKeySchema,
    /** Deploys in the window, newest first (at most 50), as the delivery keys read them. */
    deploys: z.array(
      z.object({
        id: z.string(),
        commit: z.string().nullable(),
        createdAt: z.string(),
        liveAt: z.string().nullable(),
        outcome: z.enum(['live', 'failed-verification', 'rolled-back', 'not-live']),
        source: z.enum(SOURCES),
      }),
    ),
  }),
  /** What each source gave, or why it was not read (Render not configured, no ledger, …). */
  sources: z.array(z.object({ source: z.enum(SOURCES), status: z.string() })),
});

export const scorecardReportSchema = baseReportSchema.extend({
  kind: z.literal('scorecard'),
  scorecard: scorecardSectionSchema,
});
export type Evidence = z.infer<typeof evidenceSchema>;
export type Figure = z.infer<typeof figureSchema>;
export type PromiseRow = z.infer<typeof promiseRowSchema>;
export type DeliveryKey = z.infer<typeof deliveryKeySchema>;
export type ScorecardSection = z.infer<typeof scorecardSectionSchema>;
export type ScorecardReport = z.infer<typeof scorecardReportSchema>;
export type EvidenceSource = (typeof SOURCES)[number];
