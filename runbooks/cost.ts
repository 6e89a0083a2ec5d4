#!/usr/bin/env zx
// Thin shell: flags → projection (pure) → optional validation run against the target's own accounting → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/cost';
import { httpRequest } from './lib/http/index';
import { graceMsOf, newRunId } from './lib/load/plan';
import { runValidation } from './lib/cost/validate-run';
import { costOptions, costReport } from './lib/cost/report';
import { formatCostSummary } from './lib/cost/format';
import { formatDuration } from './lib/units';

await runScript(meta, async (ctx) => {
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
      `Cost validation on ${target.env} at ${target.baseUrl}: ${o.validate.users} users for ${formatDuration(o.validate.durationMs)} (sends load; takes up to ${formatDuration(o.validate.durationMs + o.validate.graceMs)}), accounting read before and after.`,
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
