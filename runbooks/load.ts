#!/usr/bin/env zx
// Thin shell: flags → plan (safety, thresholds) → engine with live progress → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/load';
import { EXIT } from './lib/errors/exit-codes';
import { RunbookError, usageError } from './lib/errors';
import { REPO_ROOT, stateDir } from './lib/config/load';
import { assertSafeTarget } from './lib/load/safety';
import { prepareRun, execute, reportOf, unreachable, unreachableError, keyRefused } from './lib/load/session';
import { newRunId } from './lib/load/plan';
import { formatPlan, formatLoadSummary } from './lib/load/format';
import { progressListener } from './lib/load/progress';
import { journeyNeedsKey } from './lib/load/journey';
import { provenance, assertReport, reportPaths, writeReport } from './lib/report/index';

await runScript(meta, async ({ flags, config, target: resolveTarget, keyedTarget, out, signal, env }) => {
  assertSafeTarget(config, resolveTarget(), { confirmProduction: flags['confirm-production'], env });
  const target = journeyNeedsKey(config, flags.only) ? keyedTarget('the journey') : resolveTarget();
  const timeScale = (n: number) => {
    if (!(n > 0) || !Number.isFinite(n)) throw usageError(`--time-scale ${n} must be a positive number.`, 'Use the --time-scale the sandbox was started with, or 1 for a real service.');
    return n;
  };
  const run = prepareRun(
    config,
    target,
    {
      users: flags.users,
      rate: flags.rate,
      maxInFlight: flags['max-in-flight'],
      stages: flags.stages,
      duration: flags.duration,
      think: flags.think,
      grace: flags.grace,
      only: flags.only ?? [],
      threshold: flags.threshold ?? [],
      abortOnFail: flags['abort-on-fail'],
      countKnownBroken: flags['count-known-broken'],
      timeScale: timeScale(flags['time-scale']),
    },
    newRunId(),
  );
  const o = run.opts;
  out.info(formatPlan({ url: target.baseUrl, env: target.env, model: o.model, durationMs: o.durationMs, maxRequests: o.maxRequests, graceMs: o.graceMs, steps: o.steps.map((s) => s.id), thresholds: run.thresholds, apiKey: Boolean(target.apiKey) }));

  const progress = progressListener((s) => void out.human.write(out.redactor.redact(s)), { tty: out.tty });
  const result = await execute(run, { signal, onEvent: progress.onTick });
  progress.end();

  const report = out.redactor.redactDeep(reportOf(config, target, run, result, provenance(REPO_ROOT), flags['count-known-broken']));
  assertReport(report, 'the load report just built');
  const paths = await writeReport(JSON.stringify(report, null, 2), reportPaths(report, { repoRoot: REPO_ROOT, stateDir: stateDir(env), out: flags.out, publish: flags.publish })).catch((e: Error) => {
    throw new RunbookError('RB_REPORT', `Could not write the report: ${e.message}.`, { hint: 'Check that the --out directory is writable.' });
  });
  out.info(formatLoadSummary(report));
  out.info(`report: ${paths.join(', ')}`);
  if (out.json) out.result({ ok: report.verdict.status === 'pass' && !report.partial, paths, report });

  if (result.partial) return EXIT.INTERRUPTED;
  if (result.stoppedBy === 'auth-refused') throw keyRefused(config, target.baseUrl, result.stopDetail);
  if (unreachable(result)) throw unreachableError(target.baseUrl);
  return report.verdict.status === 'pass' ? EXIT.OK : EXIT.FAILED;
});
