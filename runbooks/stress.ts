#!/usr/bin/env zx
// Thin shell: one closed-model load run per step of users, stop when success falls, recommend a maximum.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/stress';
import { EXIT } from './lib/errors/exit-codes';
import { usageError } from './lib/errors';
import { REPO_ROOT, stateDir } from './lib/config/load';
import { assertSafeTarget, assertDurationCap } from './lib/load/safety';
import { prepareRun, execute, unreachable, unreachableError, keyRefused } from './lib/load/session';
import { newRunId, configSnapshot } from './lib/load/plan';
import { describeModel } from './lib/load/format';
import { formatStressStep, formatStressSummary } from './lib/load/format-stress';
import { progressListener } from './lib/load/progress';
import { stressStepOf, recommend, endpointLimits, type StressLimits } from './lib/load/stress';
import { provenance, assertReport, reportPaths, writeReport, buildStressReport, type StressStep } from './lib/report/index';

await runScript(meta, async ({ flags, config, target: resolveTarget, keyedTarget, out, signal, env }) => {
  assertSafeTarget(config, resolveTarget(), { confirmProduction: flags['confirm-production'], env });
  const target = keyedTarget('the journey');
  const plan = flags.steps?.length ? flags.steps.map(Number) : config.capacity.stressSteps;
  if (plan.some((n) => !Number.isInteger(n) || n < 1)) throw usageError(`--steps ${flags.steps?.join(',')} must be whole numbers of users ≥ 1.`, 'e.g. --steps 1,5,10');
  const scale = flags['time-scale'];
  if (!(scale > 0)) throw usageError('--time-scale must be above 0.');
  const limits: StressLimits = {
    stopSuccessPct: config.capacity.stressStopSuccessPct,
    failSuccessPct: config.capacity.stressFailSuccessPct,
    failP95Ms: Math.round((flags['p95-limit'] ?? config.capacity.stressFailP95Ms) / scale),
    p95MsByEndpoint: endpointLimits(config.journey.steps.map((s) => s.id), flags['p95-limit'] ?? config.capacity.stressFailP95Ms, flags['p95-limit'] ? {} : config.slo.perStep, scale),
    backoffUsers: config.capacity.stressBackoffUsers,
  };
  const stepMs = flags['step-duration'];
  assertDurationCap(config, plan.length * stepMs, `The stress run (${plan.length} steps)`);
  const runId = newRunId();
  const countBroken = flags['count-known-broken'];
  out.info(`Target:  ${target.baseUrl} (${target.env})\nModel:   closed, users ${plan.join(' → ')}, ${stepMs / 1000}s per step\nLimits:  stop below ${limits.stopSuccessPct}% success; a step fails below ${limits.failSuccessPct}% or above p95 ${Object.entries(limits.p95MsByEndpoint).map(([k, v]) => `${k} ${v} ms`).join(', ')}${scale !== 1 ? ` (time-scale ${scale})` : ''}; ≤ ${config.capacity.maxRequests} requests per step`);

  const startedAt = new Date().toISOString();
  const steps: StressStep[] = [];
  let stoppedEarly: { atUsers: number; reason: string } | null = null;
  let sandbox = false;
  let partial = false;
  let snapshot: Record<string, unknown> = {};
  for (const [i, users] of plan.entries()) {
    if (signal.aborted) break;
    const run = prepareRun(config, target, { users, duration: stepMs, think: flags.think, grace: flags.grace, threshold: [], abortOnFail: false, countKnownBroken: countBroken, timeScale: scale }, `${runId}s${i}`);
    if (i === 0) snapshot = configSnapshot(config, run.opts, [], { stressSteps: plan, stepDurationMs: stepMs, limits, timeScale: scale });
    out.info(`— step ${i + 1}/${plan.length}: ${describeModel(run.opts.model)}`);
    const progress = progressListener((s) => void out.human.write(out.redactor.redact(s)), { tty: out.tty, everyS: 10, prefix: `[${users} users] ` });
    const result = await execute(run, { signal, onEvent: progress.onTick });
    progress.end();
    if (result.stoppedBy === 'auth-refused') throw keyRefused(config, target.baseUrl, result.stopDetail);
    if (unreachable(result)) throw unreachableError(target.baseUrl);
    sandbox ||= result.sandbox;
    const step = stressStepOf(users, result, countBroken);
    steps.push(step);
    out.info(formatStressStep(step));
    if (result.partial) {
      partial = true;
      stoppedEarly = { atUsers: users, reason: 'interrupted (Ctrl-C)' };
      break;
    }
    if (step.successRatePct < limits.stopSuccessPct && i < plan.length - 1) {
      stoppedEarly = { atUsers: users, reason: `success ${step.successRatePct}% fell below ${limits.stopSuccessPct}%` };
      break;
    }
  }
  const section = { stepDurationMs: stepMs, plannedSteps: plan, steps, stoppedEarly, recommendation: recommend(steps, limits, countBroken), limits };
  const ctx = { runId, script: 'stress', target: { url: target.baseUrl, environment: target.env, loopback: target.loopback, protected: target.protected }, config: snapshot };
  const report = out.redactor.redactDeep(buildStressReport(ctx, provenance(REPO_ROOT), { startedAt, endedAt: new Date().toISOString() }, section, { partial, sandbox }));
  assertReport(report, 'the stress report just built');
  const paths = await writeReport(JSON.stringify(report, null, 2), reportPaths(report, { repoRoot: REPO_ROOT, stateDir: stateDir(env), out: flags.out, publish: flags.publish }));
  out.info(formatStressSummary(report));
  out.info(`report: ${paths.join(', ')}`);
  if (out.json) out.result({ ok: !partial && !report.invalid, paths, report });
  if (partial) return EXIT.INTERRUPTED;
  return report.invalid ? EXIT.FAILED : EXIT.OK;
});
