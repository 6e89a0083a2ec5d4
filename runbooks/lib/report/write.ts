/** Where reports go, and writing them atomically (readers never see half a file). */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import type { Report } from './schema';
import { labelSlug, reportLabel } from '../target/label';

/** `2025-11-28T05-34-00Z`: sortable and safe in file names on every OS. */
export function fileStamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Paths a report is written to, named by its start and its target's label (target/label.ts):
 * `2025-…Z-local.json`, `2025-…Z-url-127.0.0.1-8002.json`. Always a copy in the state directory; `--out` and `--publish`
 * (into `publishDir`) add theirs. The directories come from config/load.ts (stateDir, publishDir).
 */
export function reportPaths(
  report: Pick<Report, 'kind' | 'startedAt' | 'target'>,
  opts: { stateDir: string; publishDir: string; out?: string | undefined; publish?: boolean },
): string[] {
  const name = `${fileStamp(report.startedAt)}-${labelSlug(reportLabel(report.target))}.json`;
  const paths = [resolve(opts.stateDir, 'reports', report.kind, name)];
  if (opts.publish) paths.push(resolve(opts.publishDir, report.kind, name));
  if (opts.out) paths.push(resolve(opts.out));
  return paths;
}

/** Writes the report (already redacted by the caller) to every path; returns them. */
export async function writeReport(json: string, paths: readonly string[]): Promise<string[]> {
  for (const p of paths) await writeFileAtomic(p, json.endsWith('\n') ? json : json + '\n');
  return [...paths];
}
