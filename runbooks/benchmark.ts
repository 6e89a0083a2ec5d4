#!/usr/bin/env zx
// Thin shell: flags → plan → runBenchmark (cold start, memory from the target, baselines, capacity) → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/benchmark';

await runScript(meta, async (ctx) => {
  const { REPO_ROOT } = await import('./lib/config/load');
  const { resolveApiKey } = await import('./lib/target/api-key');
  const { httpRequest } = await import('./lib/http/index');
  const { graceMsOf, newRunId } = await import('./lib/load/plan');
  const { benchmarkPlan } = await import('./lib/benchmark/plan');
  const { runBenchmark } = await import('./lib/benchmark/run');
  const { benchmarkReport, readDeployRecord } = await import('./lib/benchmark/report');
  const { formatBenchEvent, formatBenchmarkSummary } = await import('./lib/benchmark/format');
  const { labelText } = await import('./lib/target/label');
  const { flags, config, out, env } = ctx;
  const deploy = await readDeployRecord(flags['deploy-record']);
  const plan = benchmarkPlan(
    config,
    ctx.target(),
    {
      attach: flags.attach,
      startCommand: flags['start-command'],
      profile: flags.profile,
      timeScale: flags['time-scale'],
      fault: flags.fault,
      startTimeout: flags['start-timeout'],
      idle: flags.idle,
      users: flags.users,
      duration: flags.duration,
      before: flags.before,
      after: flags.after,
      sampleInterval: flags['sample-interval'],
      baselineDuration: flags['baseline-duration'],
      capacitySteps: flags['capacity-steps'],
      stepDuration: flags['step-duration'],
      grace: graceMsOf(config, flags.grace),
      skip: flags.skip ?? [],
      countKnownBroken: flags['count-known-broken'],
      urlGiven: Boolean(flags.url),
    },
    { repoRoot: REPO_ROOT, env, deploy },
  );
  const target = plan.start.kind === 'remote' ? ctx.loadTarget() : ctx.target();
  out.info(
    plan.start.kind === 'spawn'
      ? `Benchmark: starting ${plan.start.display} on a free port of 127.0.0.1, then measuring it.`
      : `Benchmark of ${target.baseUrl} (${labelText(target.label)}): sends load.`,
  );
  const outcome = await runBenchmark(config, target, plan, {
    request: httpRequest,
    keyFor: (url) => resolveApiKey(config, url, env, ctx.stateDir, 'the benchmark load').value,
    signal: ctx.signal,
    newRunId: () => newRunId(),
    onEvent: (e) => {
      const line = formatBenchEvent(e);
      if (line) out.info(line);
    },
  });
  return ctx.finish(
    benchmarkReport(config, target, plan, outcome, newRunId(), ctx.provenance()),
    formatBenchmarkSummary,
  );
});
