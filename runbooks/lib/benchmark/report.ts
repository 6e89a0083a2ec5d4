/** The benchmark's report, and reading a deploy record for the remote cold start. */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { usageError } from '../errors';
import { baseReport, reportTarget, type provenance } from '../report/build';
import type { BenchmarkReport } from '../report/benchmark';
import { deployDuration } from './cold-start';
import { benchmarkSnapshot } from './plan';
import type { BenchmarkOutcome, BenchmarkPlan } from './run';
import { benchmarkFailures, benchmarkVerdicts } from './verdict';

/** A deploy record (Render's {createdAt, finishedAt}, or {startedAt, healthyAt}) as its duration; none without --deploy-record. */
export async function readDeployRecord(
  file: string | undefined,
): Promise<{ ms: number | null; source: string | null }> {
  if (!file) return { ms: null, source: null };
  const json = await readFile(file, 'utf8')
    .then(JSON.parse)
    .catch((e: Error) => {
      throw usageError(
        `--deploy-record ${file} could not be read as JSON (${e.message}).`,
        'Give a file holding a Render deploy object ({"createdAt","finishedAt"}) or {"startedAt","healthyAt"}.',
      );
    });
  const ms = deployDuration(json);
  if (ms === null)
    throw usageError(
      `--deploy-record ${file} has no start and end time.`,
      'Expected {"createdAt","finishedAt"} (Render) or {"startedAt","healthyAt"}.',
    );
  return { ms, source: file };
}

/** The report of a finished benchmark. */
export function benchmarkReport(
  config: Config,
  target: Target,
  plan: BenchmarkPlan,
  outcome: BenchmarkOutcome,
  runId: string,
  prov: ReturnType<typeof provenance>,
): BenchmarkReport {
  const verdicts = benchmarkVerdicts(config, outcome.section);
  const ctx = {
    runId,
    script: 'benchmark',
    target: reportTarget(target, outcome.baseUrl),
    config: benchmarkSnapshot(config, plan, true),
  };
  const flags = {
    partial: outcome.partial,
    invalid: false,
    invalidReasons: [],
    sandbox: outcome.sandbox,
    stopped: outcome.stopped,
  };
  return {
    ...baseReport(ctx, prov, outcome, flags, verdicts, benchmarkFailures(verdicts, outcome.section)),
    kind: 'benchmark',
    benchmark: outcome.section,
  };
}
