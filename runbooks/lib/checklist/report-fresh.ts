import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Verdict of the built-in `load-report-fresh` check. */
export interface FreshVerdict {
  ok: boolean;
  detail: string;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.json') ? [join(dir, d.name)] : [],
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The environment and end time a report records, read leniently (the report schema may grow). */
function describe(file: string): { env?: string; at: number; report: Record<string, unknown> } | undefined {
  let report: Record<string, unknown>;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const target = (report.target ?? {}) as Record<string, unknown>;
  const env = str(report.environment) ?? str(report.env) ?? str(target.env) ?? str(target.environment);
  const when =
    str(report.finishedAt) ??
    str(report.endedAt) ??
    str(report.endTime) ??
    str(report.startedAt) ??
    str(report.startTime);
  const at = when && !Number.isNaN(Date.parse(when)) ? Date.parse(when) : statSync(file).mtimeMs;
  return { env, at, report };
}

/** Whether any recorded SLO verdict failed, however the report spells it. */
function failedVerdicts(report: Record<string, unknown>): string[] {
  // The load engine's shape: verdict {status: 'pass'|'fail', failures: [...]}.
  const verdict = report.verdict as { status?: string; failures?: unknown[] } | undefined;
  if (
    verdict &&
    typeof verdict === 'object' &&
    typeof verdict.status === 'string' &&
    verdict.status !== 'pass'
  ) {
    const names = (verdict.failures ?? []).map((f) =>
      f && typeof f === 'object'
        ? String((f as Record<string, unknown>).name ?? (f as Record<string, unknown>).metric ?? 'an SLO')
        : String(f),
    );
    return names.length ? names : [`verdict ${verdict.status}`];
  }
  const v = report.verdicts ?? report.slo ?? report.sloVerdicts;
  const items = Array.isArray(v)
    ? v
    : v && typeof v === 'object'
      ? Object.entries(v).map(([name, x]) => ({ name, ...(x as object) }))
      : [];
  return items
    .filter(
      (x) =>
        x &&
        typeof x === 'object' &&
        ((x as Record<string, unknown>).pass === false ||
          (x as Record<string, unknown>).ok === false ||
          (x as Record<string, unknown>).verdict === 'fail'),
    )
    .map((x) => String((x as Record<string, unknown>).name ?? (x as Record<string, unknown>).id ?? 'an SLO'));
}

/**
 * Is there a load report for this environment, young enough, complete, with every SLO met?
 * Reports live under static/reports/load/ (`load --publish`) and .runbooks/reports/load/ (every run).
 */
export function checkLoadReportFresh(
  reportsDirs: string | readonly string[],
  env: string,
  maxAgeMs: number,
  now = Date.now(),
): FreshVerdict {
  const dirs = typeof reportsDirs === 'string' ? [reportsDirs] : reportsDirs;
  const reportsDir = dirs.join(' or ');
  const reports = dirs
    .flatMap(walk)
    .map((f) => ({ f, d: describe(f) }))
    .filter((r) => r.d?.env === env);
  if (!reports.length)
    return {
      ok: false,
      detail: `no load report of yours for ${env} under ${reportsDir}; run a load test against ${env}`,
    };
  const newest = reports.sort((a, b) => b.d!.at - a.d!.at)[0]!;
  const ageH = (now - newest.d!.at) / 3_600_000;
  if (now - newest.d!.at > maxAgeMs)
    return {
      ok: false,
      detail: `newest load report for ${env} is ${ageH.toFixed(0)} h old (limit ${(maxAgeMs / 3_600_000).toFixed(0)} h)`,
    };
  if (newest.d!.report.partial === true)
    return { ok: false, detail: 'the newest load report is partial (the run was interrupted)' };
  if (newest.d!.report.invalid === true)
    return { ok: false, detail: 'the newest load report is marked invalid' };
  const failed = failedVerdicts(newest.d!.report);
  if (failed.length || newest.d!.report.ok === false)
    return {
      ok: false,
      detail: `the newest load report missed its SLOs${failed.length ? `: ${failed.join(', ')}` : ''}`,
    };
  return { ok: true, detail: `load report ${ageH.toFixed(1)} h old, complete, SLOs met` };
}
