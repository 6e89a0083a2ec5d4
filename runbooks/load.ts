#!/usr/bin/env zx
// Thin shell: flags → prepareLoad → runLoad with live progress → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/load';
import { journeyNeedsKey } from './lib/load/journey';
import { graceMsOf, newRunId } from './lib/load/plan';
import { prepareLoad, runLoad } from './lib/load/run';
import { formatPlan } from './lib/load/format';
import { progressListener } from './lib/load/progress';
import { loadReport } from './lib/report/load-report';
import { formatLoadSummary } from './lib/report/format-load';

await runScript(meta, async (ctx) => {
  const { flags, config, out } = ctx;
  const target = ctx.loadTarget(journeyNeedsKey(config, flags.only) ? 'the journey' : undefined);
  const run = prepareLoad(config, target, {
    users: flags.users, rate: flags.rate, maxInFlight: flags['max-in-flight'], stages: flags.stages,
    duration: flags.duration, think: flags.think, grace: graceMsOf(config, flags.grace), only: flags.only,
    threshold: flags.threshold, abortOnFail: flags['abort-on-fail'], countKnownBroken: flags['count-known-broken'], timeScale: flags['time-scale'],
  }, newRunId());
  out.info(formatPlan(target, run));
  const progress = progressListener((s) => void out.human.write(out.redactor.redact(s)), { tty: out.tty });
  const result = await runLoad(run, { signal: ctx.signal, onEvent: progress.onTick });
  progress.end();
  return ctx.finish(loadReport(config, target, run, result, ctx.provenance()), formatLoadSummary);
});
