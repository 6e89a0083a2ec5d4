#!/usr/bin/env zx
// Thin shell: flags → stressPlan → runStress (a closed-model run per step of users) → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/stress';

await runScript(meta, async (ctx) => {
  const { graceMsOf, newRunId } = await import('./lib/load/plan');
  const { runStress, stressPlan } = await import('./lib/load/stress-run');
  const { describeModel } = await import('./lib/load/format');
  const { progressListener } = await import('./lib/load/progress');
  const { stressReport } = await import('./lib/report/load-report');
  const { formatStressPlan, formatStressStep, formatStressSummary } =
    await import('./lib/report/format-stress');
  const { sandboxConditions } = await import('./lib/sandbox-client/conditions');
  const { flags, config, out } = ctx;
  const target = ctx.loadTarget('the journey');
  const plan = stressPlan(config, {
    steps: flags.steps,
    stepDuration: flags['step-duration'],
    think: flags.think,
    grace: graceMsOf(config, flags.grace),
    p95Limit: flags['p95-limit'],
    timeScale: flags['time-scale'],
    countKnownBroken: flags['count-known-broken'],
  });
  out.info(formatStressPlan(target, plan, config.capacity.maxRequests));
  const conditions = await sandboxConditions(ctx.stateDir, target.baseUrl);
  let progress: ReturnType<typeof progressListener> | undefined;
  const run = await runStress(config, target, plan, {
    runId: newRunId(),
    signal: ctx.signal,
    onEvent: (e) => {
      if (e.type === 'step-start') {
        out.info(`— step ${e.index + 1}/${e.total}: ${describeModel(e.model)}`);
        progress = progressListener((s) => void out.human.write(out.redactor.redact(s)), {
          tty: out.tty,
          everyS: 10,
          prefix: `[${e.users} users] `,
        });
      } else if (e.type === 'tick') progress?.onTick(e.event);
      else {
        progress?.end();
        out.info(formatStressStep(e.step));
      }
    },
  });
  return ctx.finish(stressReport(target, run, ctx.provenance(), conditions), formatStressSummary);
});
