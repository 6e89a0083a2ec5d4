#!/usr/bin/env zx
// Thin shell: flags → stressPlan → runStress (a closed-model run per step of users) → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/stress';
import { graceMsOf, newRunId } from './lib/load/plan';
import { runStress, stressPlan } from './lib/load/stress-run';
import { describeModel } from './lib/load/format';
import { progressListener } from './lib/load/progress';
import { stressReport } from './lib/report/load-report';
import { formatStressPlan, formatStressStep, formatStressSummary } from './lib/report/format-stress';
import { sandboxConditions } from './lib/sandbox-client/conditions';

await runScript(meta, async (ctx) => {
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
  out.info(formatStressPlan(target.baseUrl, target.env, plan, config.capacity.maxRequests));
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
