/** Where reports go, and writing them atomically (readers never see half a file). */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import type { Report } from './schema';

/** `2025-11-28T05-34-00Z`: sortable and safe in file names on every OS. */
export function fileStamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/** Paths a report is written to: always a local copy; `--out` and `--publish` add theirs. */
export function reportPaths(report: Pick<Report, 'kind' | 'startedAt' | 'target'>, opts: { repoRoot: string; stateDir?: string; out?: string | undefined; publish?: boolean; publishDir?: string }): string[] {
  const name = `${fileStamp(report.startedAt)}-${report.target.environment}.json`;
  const paths = [resolve(opts.stateDir ?? resolve(opts.repoRoot, '.runbooks'), 'reports', report.kind, name)];
  if (opts.publish) paths.push(resolve(opts.publishDir ?? resolve(opts.repoRoot, 'static/reports'), report.kind, name));
  if (opts.out) paths.push(resolve(opts.out));
  return paths;
}

/** Writes the report (already redacted by the caller) to every path; returns them. */
export async function writeReport(json: string, paths: readonly string[]): Promise<string[]> {
  for (const p of paths) await writeFileAtomic(p, json.endsWith('\n') ? json : json + '\n');
  return [...paths];
}
