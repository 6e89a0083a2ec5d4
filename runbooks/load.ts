#!/usr/bin/env zx
// Thin shell: flags → prepareLoad → runLoad with live progress → report → exit code;
// or --export (a script for Artillery/k6, nothing sent) / --import (another engine's run as a report).
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/load';

await runScript(meta, async (ctx) => {
  const { REPO_ROOT } = await import('./lib/config/load');
  const { journeyNeedsKey } = await import('./lib/load/journey');
  const { graceMsOf, newRunId } = await import('./lib/load/plan');
  const { prepareLoad, runLoad } = await import('./lib/load/run');
  const { formatPlan } = await import('./lib/load/format');
  const { progressListener } = await import('./lib/load/progress');
  const { loadReport } = await import('./lib/report/load-report');
  const { formatLoadSummary } = await import('./lib/report/format-load');
  const { exportScript, importRun } = await import('./lib/scale/command');
  const { sandboxConditions } = await import('./lib/sandbox-client/conditions');
  const { flags, config, out, positionals } = ctx;
  const f = {
    users: flags.users,
    rate: flags.rate,
    maxInFlight: flags['max-in-flight'],
    stages: flags.stages,
    duration: flags.duration,
    think: flags.think,
    grace: graceMsOf(config, flags.grace),
    only: flags.only,
    threshold: flags.threshold,
    abortOnFail: flags['abort-on-fail'],
    countKnownBroken: flags['count-known-broken'],
    timeScale: flags['time-scale'],
  };
  const scale = {
    flags: {
      ...f,
      only: f.only ?? [],
      threshold: f.threshold ?? [],
      export: flags.export,
      import: flags.import,
      instances: flags.instances,
      out: flags.out,
      publish: flags.publish,
      confirmProduction: flags['confirm-production'],
      json: flags.json,
    },
    positionals,
    config,
    target: ctx.target,
    env: ctx.env,
    repoRoot: REPO_ROOT,
    stateDir: ctx.stateDir,
    redact: (s: string) => out.redactor.redact(s),
  };
  if (flags.export !== undefined) {
    const r = await exportScript(scale, flags.export);
    if (r.script !== undefined) process.stdout.write(r.script);
    (r.script !== undefined ? out.error : out.info)(r.text);
    if (out.json) out.result(r.json);
    return r.exitCode;
  }
  if (flags.import !== undefined) {
    const imported = await importRun(scale);
    return ctx.finish(imported.report, imported.summary);
  }
  const target = ctx.loadTarget(journeyNeedsKey(config, flags.only) ? 'the journey' : undefined);
  const run = prepareLoad(config, target, f, newRunId());
  out.info(formatPlan(target, run));
  const conditions = await sandboxConditions(ctx.stateDir, target.baseUrl);
  const progress = progressListener((s) => void out.human.write(out.redactor.redact(s)), { tty: out.tty });
  const result = await runLoad(run, { signal: ctx.signal, onEvent: progress.onTick });
  progress.end();
  return ctx.finish(
    loadReport(config, target, run, result, ctx.provenance(), 'load', conditions),
    formatLoadSummary,
  );
});
