/**
 * The report format: a discriminated union on `kind`, one module per kind beside this
 * one (load, stress, benchmark, cost). To add a kind, write `<kind>.ts` exporting
 * `baseReportSchema.extend({ kind: z.literal('<kind>'), <kind>: <section> })` and list it
 * in REPORT_KINDS below; validateReport then checks it.
 */
import { z } from 'zod';
import { READABLE_SCHEMA_VERSIONS, REPORT_SCHEMA_VERSION } from './common';
import { consistentSummaries } from './legacy';
import { loadReportSchema } from './load';
import { stressReportSchema } from './stress';
import { benchmarkReportSchema } from './benchmark';
import { costReportSchema } from './cost';
// H8: drills and post-incident reviews.
import { drillReportSchema } from './drill';
import { incidentReportSchema } from './incident';
// H15: published monitor runs (uptime) and the scorecard of the brief's promises.
import { monitorReportSchema } from './monitor';
import { scorecardReportSchema } from './scorecard';
import { RunbookError } from '../errors';

/** Every kind of report, keyed by `kind`. */
export const REPORT_KINDS = [
  loadReportSchema,
  stressReportSchema,
  benchmarkReportSchema,
  costReportSchema,
  drillReportSchema,
  incidentReportSchema,
  monitorReportSchema,
  scorecardReportSchema,
] as const;

export const reportSchema = z.discriminatedUnion('kind', [...REPORT_KINDS]);

export type Report = z.infer<typeof reportSchema>;
export type ReportKind = Report['kind'];

/** The kinds' names, from their schemas (the site orders its own list; tests walk this one). */
export const REPORT_KIND_NAMES: readonly ReportKind[] = REPORT_KINDS.map((s) => s.shape.kind.value);

export type ValidateResult = { ok: true; report: Report } | { ok: false; errors: string[] };

/** Validates a parsed JSON report; errors name the field (`load.steps.0.latency.p95: …`). A version-1 report is read through report/legacy.ts. */
export function validateReport(json: unknown): ValidateResult {
  if (json && typeof json === 'object' && 'schemaVersion' in json) {
    const v = (json as { schemaVersion: unknown }).schemaVersion;
    if (!(READABLE_SCHEMA_VERSIONS as readonly unknown[]).includes(v))
      return {
        ok: false,
        errors: [
          `schemaVersion: this reader knows versions ${READABLE_SCHEMA_VERSIONS.join(' and ')}, the report has ${String(v)}`,
        ],
      };
  }
  const r = reportSchema.safeParse(json);
  if (r.success)
    return { ok: true, report: r.data.schemaVersion === 1 ? consistentSummaries(r.data) : r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}

/** Like validateReport, but throws RB_REPORT naming the first problem. */
export function assertReport(json: unknown, source = 'the report'): Report {
  const v = validateReport(json);
  if (!v.ok)
    throw new RunbookError(
      'RB_REPORT',
      `${source} is not a valid report: ${v.errors[0]}${v.errors.length > 1 ? ` (and ${v.errors.length - 1} more)` : ''}.`,
      { hint: 'See runbooks/lib/report/schema.ts for the format.' },
    );
  return v.report;
}

export { REPORT_SCHEMA_VERSION };
