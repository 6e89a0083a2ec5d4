#!/usr/bin/env zx
// Thin shell: flags → plan → runBenchmark (cold start, memory from the target, baselines, capacity) → report → exit code.
import { readFile } from 'node:fs/promises';
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/benchmark';
import { EXIT } from './lib/errors/exit-codes';
import { RunbookError, usageError } from './lib/errors';
import { REPO_ROOT } from './lib/config/load';
import { resolveApiKey } from './lib/target/api-key';
import { assertSafeTarget } from './lib/load/safety';
import { newRunId } from './lib/load/plan';
import { httpRequest } from './lib/http/index';
import { benchmarkPlan, benchmarkSnapshot } from './lib/bench/plan';
import { runBenchmark } from './lib/bench/run';
import { benchmarkFailures, benchmarkVerdicts } from './lib/bench/verdict';
import { deployDuration } from './lib/bench/cold-start';
import { formatBenchEvent, formatBenchmarkSummary } from './lib/bench/format';
import { assertReport, baseReport, provenance, reportPaths, writeReport, type BenchmarkReport } from './lib/report/index';

await runScript(meta, async ({ flags, config, target: resolveTarget, out, signal, env, stateDir }) => {
  const target = resolveTarget();
  let deploy: { ms: number | null; source: string | null } = { ms: null, source: null };
  if (flags['deploy-record']) {
    const file = flags['deploy-record'];
    const json = await readFile(file, 'utf8').then(JSON.parse).catch((e: Error) => {
      throw usageError(`--deploy-record ${file} could not be read as JSON (${e.message}).`, 'Give a file holding a Render deploy object ({"createdAt","finishedAt"}) or {"startedAt","healthyAt"}.');
    });
    deploy = { ms: deployDuration(json), source: file };
    if (deploy.ms === null) throw usageError(`--deploy-record ${file} has no start and end time.`, 'Expected {"createdAt","finishedAt"} (Render) or {"startedAt","healthyAt"}.');
  }
  const plan = benchmarkPlan(
    config,
    target,
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
      grace: flags.grace,
      skip: flags.skip ?? [],
      countKnownBroken: flags['count-known-broken'],
      urlGiven: Boolean(flags.url),
    },
    { repoRoot: REPO_ROOT, env, deploy },
  );
  if (plan.start.kind === 'remote') assertSafeTarget(config, target, { confirmProduction: flags['confirm-production'], env });
  out.info(plan.start.kind === 'spawn' ? `Benchmark: starting ${plan.start.display} on a free port of 127.0.0.1, then measuring it.` : `Benchmark of ${target.env} at ${target.baseUrl}: sends load.`);

  const outcome = await runBenchmark(config, target, plan, {
    request: httpRequest,
    keyFor: (url) => resolveApiKey(config, url, env, stateDir, 'the benchmark load').value,
    signal,
    newRunId: () => newRunId(),
    onEvent: (e) => {
      const line = formatBenchEvent(e);
      if (line) out.info(line);
    },
  });
  const verdicts = benchmarkVerdicts(config, outcome.section);
  const failures = benchmarkFailures(verdicts);
  const report: BenchmarkReport = {
    ...baseReport(
      { runId: newRunId(), script: 'benchmark', target: { url: outcome.baseUrl, environment: target.env, loopback: target.loopback, protected: target.protected }, config: benchmarkSnapshot(config, plan, true) },
      provenance(REPO_ROOT),
      outcome,
      { partial: outcome.partial, invalid: false, invalidReasons: [], sandbox: outcome.sandbox },
      verdicts,
      failures,
    ),
    kind: 'benchmark',
    benchmark: outcome.section,
  };
  const safe = out.redactor.redactDeep(report);
  assertReport(safe, 'the benchmark report just built');
  const paths = await writeReport(JSON.stringify(safe, null, 2), reportPaths(safe, { repoRoot: REPO_ROOT, stateDir, out: flags.out, publish: flags.publish })).catch((e: Error) => {
    throw new RunbookError('RB_REPORT', `Could not write the report: ${e.message}.`, { hint: 'Check that the --out directory is writable.' });
  });
  out.info(formatBenchmarkSummary(safe));
  out.info(`report: ${paths.join(', ')}`);
  if (out.json) out.result({ ok: safe.verdict.status === 'pass' && !safe.partial, paths, report: safe });
  if (outcome.partial) return EXIT.INTERRUPTED;
  return safe.verdict.status === 'pass' ? EXIT.OK : EXIT.FAILED;
});
