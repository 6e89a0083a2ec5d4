/**
 * Builds reports from run results. Side effects (git, clock, host) come in as values, so
 * a report is a pure function of what was measured and where.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hostname, cpus } from 'node:os';
import type { LoadResult } from '../load/types';
import { runStopOf, type RunStop } from '../load/stop';
import type { Target } from '../target/resolve';
import { sumErrors } from '../load/recorder';
import type { ThresholdVerdict } from '../load/thresholds';
import { REPORT_SCHEMA_VERSION, type BaseReport } from './common';
import type { LoadReport, LoadSection } from './load';

export interface RunContext {
  runId: string;
  script: string;
  target: {
    url: string;
    environment: string;
    source: 'environment' | 'url';
    loopback: boolean;
    protected: boolean;
  };
  /** Settings and config parts, already free of secrets. */
  config: Record<string, unknown>;
}

/** A report's `target`: where the run sent its requests (`url`, default the target's) and what it is called (target/label.ts). */
export function reportTarget(t: Target, url = t.baseUrl): RunContext['target'] {
  return {
    url,
    environment: t.label.name,
    source: t.label.source,
    loopback: t.loopback,
    protected: t.protected,
  };
}

/** Tool name/version from package.json and the git commit, best effort (null when unknown). */
export function provenance(
  repoRoot: string,
  exec: typeof execFileSync = execFileSync,
): { tool: { name: string; version: string }; git: BaseReport['git'] } {
  let tool = { name: 'holisticos-ops-handbook', version: '0.0.0' };
  try {
    const pkg = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    tool = { name: pkg.name ?? tool.name, version: pkg.version ?? tool.version };
  } catch {
    /* a missing package.json leaves the defaults */
  }
  const git = (args: string[]) => {
    try {
      return exec('git', args, {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
      }).trim();
    } catch {
      return null;
    }
  };
  const sha = git(['rev-parse', 'HEAD']);
  const status = sha ? git(['status', '--porcelain', '--untracked-files=no']) : null;
  return { tool, git: { sha, dirty: status === null ? null : status.length > 0 } };
}

/** The failures that decide the exit code, one line each, naming the threshold or check. */
export function verdictFailures(
  verdicts: readonly ThresholdVerdict[],
  r: Pick<LoadResult, 'rate' | 'stoppedBy' | 'stopDetail' | 'steps'>,
): string[] {
  const out = verdicts
    .filter((v) => v.status === 'fail')
    .map((v) => `threshold breached: ${v.name} (observed ${v.observed})`);
  // Whatever the error budget, a target that refused or dropped connections was down for a while.
  const lost = r.steps.filter((s) => s.errors.connection > 0);
  if (lost.length)
    out.push(
      `connections failed: ${lost.map((s) => `${s.errors.connection} at ${s.id}`).join(', ')} (the target was down or restarted during the run)`,
    );
  if (r.rate && !r.rate.ok)
    out.push(
      `achieved rate ${r.rate.achievedRate}/s is below 95 % of the target ${r.rate.targetRate}/s (${r.rate.startedJourneys} of ${r.rate.targetJourneys} journeys started)`,
    );
  if (
    r.stoppedBy === 'abort-on-fail' &&
    r.stopDetail &&
    !out.some((f) => r.stopDetail!.includes(f.replace('threshold breached: ', '').split(' (')[0]!))
  )
    out.push(`aborted: ${r.stopDetail}`);
  return out;
}

/** The common part of a report. */
export function baseReport(
  ctx: RunContext,
  prov: ReturnType<typeof provenance>,
  times: { startedAt: string; endedAt: string },
  flags: {
    partial: boolean;
    invalid: boolean;
    invalidReasons: string[];
    sandbox: boolean;
    /** The run could not be made at all (load/run.ts runStopOf): the verdict fails and names it. */
    stopped?: RunStop | undefined;
  },
  verdicts: ThresholdVerdict[],
  failures: string[],
): Omit<BaseReport, never> {
  const stop = flags.stopped;
  if (stop)
    failures = [
      `stopped: ${stop.cause === 'auth-refused' ? 'the API key was refused' : 'the target could not be reached'} (${stop.detail})`,
      ...failures,
    ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: ctx.runId,
    tool: { ...prov.tool, script: ctx.script },
    git: prov.git,
    target: { ...ctx.target, sandbox: flags.sandbox },
    host: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      hostname: hostname(),
    },
    startedAt: times.startedAt,
    endedAt: times.endedAt,
    partial: flags.partial,
    invalid: flags.invalid,
    invalidReasons: flags.invalidReasons,
    ...(stop ? { stopped: stop } : {}),
    config: ctx.config,
    verdict: {
      status: flags.invalid ? 'invalid' : failures.length ? 'fail' : 'pass',
      failures,
      thresholds: verdicts,
    },
  };
}

/** The `load` section from an engine result. */
export function loadSection(r: LoadResult): LoadSection {
  const { latency, sendLatency, histogram, sendHistogram } = r.journey;
  return {
    model: r.model,
    stoppedBy: r.stoppedBy,
    ...(r.stopDetail ? { stopDetail: r.stopDetail } : {}),
    elapsedMs: r.elapsedMs,
    sendWindowMs: r.sendWindowMs,
    requests: r.requests,
    rps: r.elapsedMs > 0 ? Math.round((r.requests / r.elapsedMs) * 100000) / 100 : 0,
    journeys: {
      ...r.journeys,
      successRatePct: r.journeys.completed
        ? Math.round((r.journeys.succeeded / r.journeys.completed) * 10000) / 100
        : 0,
      latency,
      sendLatency,
      histogram,
      sendHistogram,
    },
    steps: r.steps,
    errors: sumErrors(r.steps.map((s) => s.errors)),
    errorReasons: r.errorReasons,
    timeSeries: r.timeSeries,
    windows: r.windows,
    rate: r.rate,
    generator: r.generator,
  };
}

/** A whole load report. */
export function buildLoadReport(
  ctx: RunContext,
  prov: ReturnType<typeof provenance>,
  r: LoadResult,
  verdicts: ThresholdVerdict[],
): LoadReport {
  const failures = verdictFailures(verdicts, r);
  return {
    ...baseReport(
      ctx,
      prov,
      r,
      {
        partial: r.partial,
        invalid: r.invalid,
        invalidReasons: r.invalidReasons,
        sandbox: r.sandbox,
        stopped: runStopOf(r),
      },
      verdicts,
      failures,
    ),
    kind: 'load',
    load: loadSection(r),
  };
}
