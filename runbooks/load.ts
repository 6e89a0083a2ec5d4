#!/usr/bin/env zx
// Thin shell: flags → plan (safety, thresholds) → engine with live progress → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/load';
import { EXIT } from './lib/cli/exit-codes';
import { RunbookError, usageError } from './lib/errors';
import { REPO_ROOT, stateDir } from './lib/config/load';
import { assertSafeTarget } from './lib/load/safety';
import { prepareRun, execute, reportOf, unreachable } from './lib/load/session';
import { newRunId } from './lib/load/plan';
import { formatPlan, formatLoadSummary } from './lib/load/format';
import { progressListener } from './lib/load/progress';
import { provenance, assertReport, reportPaths, writeReport } from './lib/report/index';
import { scaleCommand } from './lib/scale/command';

await runScript(meta, async ({ flags, positionals, config, target: resolveTarget, out, signal, env }) => {
  // --export / --import (runbooks/lib/scale): hand the journey to Artillery or k6, or read
  // an Artillery run back as a report. Nothing is sent from here.
  if (flags.export !== undefined || flags.import !== undefined) {
    const f = { ...flags, only: flags.only ?? [], threshold: flags.threshold ?? [], abortOnFail: flags['abort-on-fail'], countKnownBroken: flags['count-known-broken'], timeScale: flags['time-scale'], maxInFlight: flags['max-in-flight'], confirmProduction: flags['confirm-production'] };
    const r = await scaleCommand({ flags: f, positionals, config, target: resolveTarget, env, repoRoot: REPO_ROOT, stateDir: stateDir(env), redact: (s) => out.redactor.redact(s) });
    if (r.script !== undefined) process.stdout.write(r.script);
    (r.script !== undefined ? out.error : out.info)(r.text);
    if (out.json) out.result(r.json);
    return r.exitCode;
  }
  const target = resolveTarget();
  const timeScale = (n: number) => {
    if (!(n > 0) || !Number.isFinite(n)) throw usageError(`--time-scale ${n} must be a positive number.`, 'Use the --time-scale the sandbox was started with, or 1 for a real service.');
    return n;
  };
  assertSafeTarget(config, target, { confirmProduction: flags['confirm-production'], env });
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
  if (unreachable(result)) {
    out.error(`error [RB_REFUSED]: every request to ${target.baseUrl} failed to connect. Is the service (or \`npx zx runbooks/sandbox.ts\`) running?`);
    return EXIT.UNREACHABLE;
  }
  return report.verdict.status === 'pass' ? EXIT.OK : EXIT.FAILED;
});
