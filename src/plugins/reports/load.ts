/** Reads and validates every report under static/reports/<kind>/; a malformed one fails naming its file. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateReport } from '@holisticos/runbooks/report/schema';
import { KINDS, type ReportEntry } from './routes';

/** The manifest of committed example reports, relative to the reports folder. */
export const EXAMPLES_FILE = 'examples.json';

/**
 * The reports listed in examples.json ("load/<file>.json", …). An explicit list rather than
 * git provenance: it reads the same in a clone, a tarball or CI, and a report an operator
 * publishes (even one they commit) is never in it, so it is never mislabelled an example.
 */
export function readExamples(reportsDir: string, siteDir: string): Set<string> {
  const path = join(reportsDir, EXAMPLES_FILE);
  if (!existsSync(path)) return new Set();
  const file = relative(siteDir, path);
  let list: unknown;
  try {
    list = (JSON.parse(readFileSync(path, 'utf8')) as { examples?: unknown }).examples;
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}.`);
  }
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
    throw new Error(`${file} needs "examples": an array of report paths like "load/<name>.json".`);
  for (const p of list)
    if (!existsSync(join(reportsDir, p)))
      throw new Error(`${file} lists ${p}, which does not exist. Remove the entry (or restore the file).`);
  return new Set(list);
}

/** Loads all reports; throws an Error naming the file and the first problems when one is invalid. */
export function loadReports(siteDir: string, reportsDir = join(siteDir, 'static/reports')): ReportEntry[] {
  const entries: ReportEntry[] = [];
  const examples = readExamples(reportsDir, siteDir);
  for (const kind of KINDS) {
    const dir = join(reportsDir, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const path = join(dir, name);
      const file = relative(siteDir, path);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new Error(`Report ${file} is not valid JSON: ${(e as Error).message}. Fix or remove the file.`);
      }
      const v = validateReport(json);
      if (!v.ok)
        throw new Error(
          `Report ${file} is not a valid report: ${v.errors.slice(0, 3).join('; ')}${v.errors.length > 3 ? ` (and ${v.errors.length - 3} more)` : ''}. See runbooks/lib/report/schema.ts.`,
        );
      if (v.report.kind !== kind)
        throw new Error(
          `Report ${file} is a "${v.report.kind}" report inside reports/${kind}/. Move it to reports/${v.report.kind}/.`,
        );
      entries.push({
        kind,
        file,
        slug: name.replace(/\.json$/, ''),
        report: v.report,
        example: examples.has(`${kind}/${name}`),
      });
    }
  }
  return entries;
}
