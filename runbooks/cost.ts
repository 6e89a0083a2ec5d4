#!/usr/bin/env zx
// Thin shell: flags → projection (pure) → optional validation run against the target's own accounting → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/cost';
import { formatDuration } from './lib/units';

await runScript(meta, async (ctx) => {
  const { httpRequest } = await import('./lib/http/index');
  const { graceMsOf, newRunId } = await import('./lib/load/plan');
  const { runValidation } = await import('./lib/cost/validate-run');
  const { costOptions, costReport } = await import('./lib/cost/report');
  const { formatCostSummary } = await import('./lib/cost/format');
  const { labelText } = await import('./lib/target/label');
  const { flags, config, out } = ctx;
  const o = costOptions(config, {
    users: flags.users,
    journeysPerDay: flags['journeys-per-day'],
    countKnownBroken: flags['count-known-broken'],
    validate: flags.validate,
    loadUsers: flags['load-users'],
    duration: flags.duration,
    grace: graceMsOf(config, flags.grace),
  });
  const target = o.validate ? ctx.loadTarget('the validation run') : ctx.target();
  let run = null;
  if (o.validate) {
    out.info(
      `Cost validation on ${target.baseUrl} (${labelText(target.label)}): ${o.validate.users} users for ${formatDuration(o.validate.durationMs)} (sends load; takes up to ${formatDuration(o.validate.durationMs + o.validate.graceMs)}), accounting read before and after.`,
    );
    run = await runValidation(
      config,
      target,
      { ...o.validate, countKnownBroken: o.countKnownBroken, runId: newRunId(), signal: ctx.signal },
      httpRequest,
    );
  }
  return ctx.finish(costReport(config, target, o, run, ctx.provenance()), formatCostSummary);
});
