/**
 * The `drill` kind: one incident drill on a local sandbox, scored. The fault went on (the
 * alert), the responder ran the playbook's diagnosis for the symptom (from the ledger's
 * command records), and the fault was cleared by the right remedy (seen on the sandbox),
 * each timed from the alert and held to the severity's targets.
 */
import { z } from 'zod';
import { baseReportSchema } from './common';
import { SEVERITIES, commandRunSchema, targetedDurationSchema, timelineEntrySchema } from './incident';

export const drillSectionSchema = z.object({
  /** The scenario's id (drill.ts --list). */
  scenario: z.string().min(1),
  title: z.string().min(1),
  severity: z.enum(SEVERITIES),
  /** The incident the drill opened (marked as a drill in the ledger). */
  incidentId: z.string(),
  /** What was switched on: fault labels, or the release deployed. */
  injected: z.array(z.string()),
  /** The alert the responder was handed, as its first line reads. */
  alert: z.string(),
  /** The handbook section for the symptom (title, URL). */
  section: z.object({ title: z.string(), url: z.string() }),
  /** The sandbox it ran on, and whether the drill started it itself. */
  sandbox: z.object({
    url: z.string(),
    ownProcess: z.boolean(),
    timeScale: z.number().positive(),
    profile: z.string(),
  }),
  alertAt: z.string(),
  endedAt: z.string(),
  /** How the drill ended: the right remedy seen, the deadline, or Ctrl-C. */
  outcome: z.enum(['mitigated', 'deadline', 'interrupted']),
  deadlineMs: z.number().positive(),
  diagnosis: z.object({
    /** The commands that count (the playbook's diagnosis for the symptom). */
    expected: z.array(z.string()),
    /** The first of them the responder ran against the drill's sandbox, or null. */
    command: commandRunSchema.nullable(),
    time: targetedDurationSchema,
  }),
  remedy: z.object({
    /** What restores the service in this scenario, in words. */
    expected: z.string(),
    /** What was seen on the sandbox, or null when nothing restored it. */
    observed: z.string().nullable(),
    time: targetedDurationSchema,
  }),
  /** Things done that do not restore this service (a restart during a cold start, …). */
  wrongRemedies: z.array(z.object({ at: z.string(), what: z.string() })),
  timeline: z.array(timelineEntrySchema),
  commands: z.array(commandRunSchema),
});

export const drillReportSchema = baseReportSchema.extend({
  kind: z.literal('drill'),
  drill: drillSectionSchema,
});
export type DrillSection = z.infer<typeof drillSectionSchema>;
export type DrillReport = z.infer<typeof drillReportSchema>;
