/**
 * The `incident` kind: a post-incident review, written by `incident.ts resolve` from the
 * incident log in the ledger. Times are UTC ISO; durations are measured from when the
 * incident began (its `--since`, else when it was opened). A drill's incident is marked
 * `drill` and kept out of the real incident figures.
 */
import { z } from 'zod';
import { baseReportSchema } from './common';

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;

/** One line of the UTC timeline. */
export const timelineEntrySchema = z.object({
  /** ISO time (UTC). */
  at: z.string(),
  /** What happened: the incident's own events, or a handbook command that ran. */
  kind: z.enum([
    'began',
    'opened',
    'note',
    'action',
    'done',
    'update',
    'severity',
    'assess',
    'mitigated',
    'command',
    'resolved',
    'alert',
    'fault',
    'diagnosis',
    'remedy',
    'wrong-remedy',
    'ended',
  ]),
  /** One line, as the timeline shows it. */
  text: z.string(),
  /** Who (the operator), when known. */
  by: z.string().optional(),
});

/** A handbook command that ran during the incident (from the ledger's command records). */
export const commandRunSchema = z.object({
  startedAt: z.string(),
  script: z.string(),
  /** Its arguments, redacted. */
  args: z.array(z.string()),
  env: z.string(),
  url: z.string().nullable(),
  /** Null: still running when the incident ended. */
  exitCode: z.number().int().nullable(),
  operator: z.string(),
});

/** A measured duration against its target. */
export const targetedDurationSchema = z.object({
  /** ms, or null when it never happened (never mitigated, never assessed). */
  ms: z.number().nonnegative().nullable(),
  /** The target it is held to, ms. */
  targetMs: z.number().positive().nullable(),
  /** Where the target comes from (config path). */
  source: z.string(),
  status: z.enum(['met', 'missed', 'no-data', 'no-target']),
});

export const incidentSectionSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  severity: z.enum(SEVERITIES),
  severityTitle: z.string(),
  /** Severities it had before the final one, oldest first. */
  severityChanges: z.array(z.object({ at: z.string(), from: z.enum(SEVERITIES), to: z.enum(SEVERITIES) })),
  /** Opened by a drill: practice, not an incident of the service. */
  drill: z.boolean(),
  environment: z.string(),
  summary: z.string(),
  beganAt: z.string(),
  openedAt: z.string(),
  mitigatedAt: z.string().nullable(),
  resolvedAt: z.string(),
  /** Time to detect (began → opened), to first assessment (opened → first diagnosis), to mitigate and to resolve (from began). */
  durations: z.object({
    detect: targetedDurationSchema,
    firstAssessment: targetedDurationSchema,
    mitigate: targetedDurationSchema,
    resolve: targetedDurationSchema,
  }),
  timeline: z.array(timelineEntrySchema),
  commands: z.array(commandRunSchema),
  actionItems: z.array(z.object({ id: z.string(), text: z.string(), done: z.boolean() })),
  /** Stakeholder updates sent, and whether the cadence (config.incident.updateEveryMs) was kept. */
  updates: z.object({
    sent: z.number().int().nonnegative(),
    required: z.boolean(),
    everyMs: z.number().positive(),
    longestGapMs: z.number().nonnegative().nullable(),
  }),
  /** The review is due within this many working days (config.incident.reviewWithinDays). */
  reviewWithinDays: z.number().int().positive(),
});

export const incidentReportSchema = baseReportSchema.extend({
  kind: z.literal('incident'),
  incident: incidentSectionSchema,
});
export type IncidentSection = z.infer<typeof incidentSectionSchema>;
export type IncidentReport = z.infer<typeof incidentReportSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type CommandRun = z.infer<typeof commandRunSchema>;
export type TargetedDuration = z.infer<typeof targetedDurationSchema>;
