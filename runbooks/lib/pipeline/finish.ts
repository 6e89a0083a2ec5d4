/**
 * The end of every long run (load, stress, cost, benchmark, and what comes after them):
 * the report is redacted, validated against its schema, and written atomically to the
 * state directory, --out and, with --publish, static/reports for the site.
 */
import { RunbookError } from '../errors';
import type { Redactor } from '../secrets/mask';
import { assertReport, type Report } from '../report/schema';
import { reportPaths, writeReport } from '../report/write';

export interface FinishOptions {
  redactor: Redactor;
  stateDir: string;
  /** --out: one more copy. */
  out?: string | undefined;
  /** --publish: a copy under static/reports/<kind>/ for the site. */
  publish?: boolean | undefined;
  /** Where published reports go (RUNBOOKS_PUBLISH_DIR, default static/reports). */
  publishDir: string;
}

/** Redacts, validates and writes the report; returns what was written and where. */
export async function finishReport<R extends Report>(
  report: R,
  o: FinishOptions,
): Promise<{ report: R; paths: string[] }> {
  const safe = o.redactor.redactDeep(report);
  assertReport(safe, `the ${report.kind} report just built`);
  const paths = await writeReport(
    JSON.stringify(safe, null, 2),
    reportPaths(safe, { stateDir: o.stateDir, publishDir: o.publishDir, out: o.out, publish: o.publish }),
  ).catch((e: Error) => {
    throw new RunbookError('RB_REPORT', `Could not write the ${report.kind} report: ${e.message}.`, {
      hint: 'Check that the --out directory (and the state directory, RUNBOOKS_STATE_DIR) is writable.',
    });
  });
  return { report: safe, paths };
}
