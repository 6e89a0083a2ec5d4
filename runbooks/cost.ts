#!/usr/bin/env zx
// Thin shell: flags → projection (pure) → optional validation run against the target's own accounting → report → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/cost';
import { EXIT } from './lib/errors/exit-codes';
import { RunbookError, usageError } from './lib/errors';
import { REPO_ROOT, stateDir } from './lib/config/load';
import { assertSafeTarget } from './lib/load/safety';
import { newRunId } from './lib/load/plan';
import { httpRequest } from './lib/http/index';
import { costFailures, costSection, costVerdicts } from './lib/cost/analyze';
import { runValidation } from './lib/cost/validate-run';
import { formatCostSummary } from './lib/cost/format';
import { assertReport, baseReport, provenance, reportPaths, writeReport, type CostReport, type CostValidation } from './lib/report/index';

await runScript(meta, async ({ flags, config, target: resolveTarget, keyedTarget, out, signal, env }) => {
  const users = flags.users ?? config.costModel.projectedUsers;
  const perDay = flags['journeys-per-day'] ?? config.costModel.journeysPerUserPerDay;
  if (!Number.isInteger(users) || users < 0) throw usageError(`--users ${users} must be a whole number.`, 'e.g. --users 100');
  if (!(perDay >= 0)) throw usageError(`--journeys-per-day ${perDay} must not be negative.`, 'e.g. --journeys-per-day 1');
  const loadUsers = flags['load-users'];
  if (!Number.isInteger(loadUsers) || loadUsers < 1) throw usageError(`--load-users ${loadUsers} must be a whole number of at least 1.`);
  if (flags.validate) assertSafeTarget(config, resolveTarget(), { confirmProduction: flags['confirm-production'], env });
  const target = flags.validate ? keyedTarget('the validation run') : resolveTarget();
  const startedAt = new Date().toISOString();
  const runId = newRunId();
  let validation: CostValidation | null = null;
  let sandbox = false;
  let partial = false;
  if (flags.validate) {
    out.info(`Cost validation on ${target.env} at ${target.baseUrl}: ${loadUsers} users for ${flags.duration} ms (sends load), accounting read before and after.`);
    const v = await runValidation(config, target, { users: loadUsers, durationMs: flags.duration, graceMs: flags.grace, countKnownBroken: flags['count-known-broken'], runId, signal }, httpRequest);
    validation = v.validation;
    sandbox = v.result.sandbox;
    partial = v.result.partial;
    if (v.result.requests > 0 && v.result.steps.every((s) => s.errors.connection === s.requests)) {
      throw new RunbookError('RB_REFUSED', `Every request to ${target.baseUrl} failed to connect.`, { hint: 'Is the service (or `npx zx runbooks/sandbox.ts`) running?' });
    }
  }
  const section = costSection(config, { users, journeysPerUserPerDay: perDay, countKnownBroken: flags['count-known-broken'] }, validation, flags.validate ? [] : ['Projection only (--no-validate): no load run was made to check it.']);
  const verdicts = costVerdicts(section);
  const { failures, inconclusive } = costFailures(section, verdicts);
  const report: CostReport = {
    ...baseReport(
      {
        runId,
        script: 'cost',
        target: { url: target.baseUrl, environment: target.env, loopback: target.loopback, protected: target.protected },
        config: { costModel: config.costModel, slo: { costPerUserPerDayUsd: config.slo.costPerUserPerDayUsd }, alerts: { dailyCostUsd: config.alerts.dailyCostUsd }, users, journeysPerUserPerDay: perDay, validate: flags.validate, loadUsers, durationMs: flags.duration, graceMs: flags.grace, countKnownBroken: flags['count-known-broken'], apiKey: target.apiKey ? 'set (not recorded)' : 'not set' },
      },
      provenance(REPO_ROOT),
      { startedAt, endedAt: new Date().toISOString() },
      { partial, invalid: inconclusive.length > 0 && failures.length === 0, invalidReasons: inconclusive, sandbox },
      verdicts,
      failures,
    ),
    kind: 'cost',
    cost: section,
  };
  const safe = out.redactor.redactDeep(report);
  assertReport(safe, 'the cost report just built');
  const paths = await writeReport(JSON.stringify(safe, null, 2), reportPaths(safe, { repoRoot: REPO_ROOT, stateDir: stateDir(env), out: flags.out, publish: flags.publish })).catch((e: Error) => {
    throw new RunbookError('RB_REPORT', `Could not write the report: ${e.message}.`, { hint: 'Check that the --out directory is writable.' });
  });
  out.info(formatCostSummary(safe));
  out.info(`report: ${paths.join(', ')}`);
  if (out.json) out.result({ ok: safe.verdict.status === 'pass' && !safe.partial, paths, report: safe });
  if (partial) return EXIT.INTERRUPTED;
  return safe.verdict.status === 'pass' ? EXIT.OK : EXIT.FAILED;
});
