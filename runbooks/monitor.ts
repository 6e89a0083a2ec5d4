#!/usr/bin/env zx
// Thin shell: flags → createMonitor → a view of its events (live table on a TTY, a line per
// sample otherwise, JSON lines with --json) → the summary → exit code.
import { formatError, RunbookError, runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/monitor';
import type { MonitorSample } from './lib/monitor';
import { formatDuration } from './lib/units';
import { EXIT } from './lib/errors/exit-codes';

await runScript(meta, async (ctx) => {
  const { flags, config, target, keyedTarget, out, signal, env } = ctx;
  const {
    createMonitor,
    monitorExitCode,
    formatSampleLine,
    formatLiveTable,
    formatMonitorSummary,
    formatMonitorEvent,
    redrawFrame,
  } = await import('./lib/monitor');
  const { assertWatchPlan } = await import('./lib/monitor/plan');
  const plan = {
    durationMs: flags.duration,
    intervalMs: flags.interval,
    healthIntervalMs: flags['health-interval'] ?? config.healthPollIntervalS * 1000,
    syntheticIntervalMs: flags.synthetic
      ? (flags['synthetic-interval'] ?? config.monitor.syntheticIntervalS * 1000)
      : undefined,
  };
  assertWatchPlan(config, plan);
  const t = flags.synthetic ? keyedTarget('the synthetic journey (or pass --no-synthetic)') : target();
  const baseUrl = t.baseUrl;

  // --json: JSON lines on stdout (one per event, the summary last); everything redacted.
  const jsonLine = (v: unknown) => void process.stdout.write(out.redactor.redact(JSON.stringify(v)) + '\n');
  const samples: MonitorSample[] = [];
  let frameLines = 0;
  const header = `Monitoring ${baseUrl} for ${formatDuration(plan.durationMs)}, every ${formatDuration(plan.intervalMs)}; health every ${formatDuration(plan.healthIntervalMs)}; ${plan.syntheticIntervalMs === undefined ? 'no synthetic journey' : `a synthetic journey every ${formatDuration(plan.syntheticIntervalMs)}`} (Ctrl-C stops and prints the summary)`;
  if (!out.json && !out.tty) out.info(header);

  const synthetic =
    plan.syntheticIntervalMs !== undefined
      ? { intervalMs: plan.syntheticIntervalMs, apiKey: t.apiKey! }
      : undefined;
  const monitor = createMonitor(
    config,
    { baseUrl },
    {
      ...plan,
      keepGoing: flags['keep-going'],
      strictHealth: flags.strict,
      ...(synthetic ? { synthetic } : {}),
    },
    { signal },
  );
  monitor
    .on('sample', (e) => {
      samples.push(e.sample);
      if (out.json) return jsonLine({ type: 'sample', ...e.sample });
      if (out.tty) {
        const frame = formatLiveTable(samples, e.states, header);
        out.human.write(out.redactor.redact(redrawFrame(frameLines, frame)));
        frameLines = frame.split('\n').length;
      } else out.info(formatSampleLine(e.sample));
    })
    .on('breach', (e) => (out.json ? jsonLine(e) : out.tty ? undefined : out.error(formatMonitorEvent(e)!)))
    .on('error', (e) => (out.json ? jsonLine(e) : out.tty ? undefined : out.error(formatMonitorEvent(e)!)));

  const summary = await monitor.run();
  const code = signal.aborted ? EXIT.INTERRUPTED : monitorExitCode(summary);
  // The run pipeline writes the watch as a report (state directory; --out, --publish): its own exit code stands.
  const [{ buildMonitorReport }, { finishReport }, { sandboxAt }, { publishDir }, { reportTarget }] =
    await Promise.all([
      import('./lib/monitor/report'),
      import('./lib/pipeline/finish'),
      import('./lib/state/sandboxes'),
      import('./lib/config/load'),
      import('./lib/report/build'),
    ]);
  const report = buildMonitorReport(
    {
      runId: `m${Date.parse(summary.startedAt).toString(36)}`,
      script: 'monitor',
      target: reportTarget(t),
      config: { ...plan, keepGoing: flags['keep-going'], strict: flags.strict, alerts: config.alerts },
    },
    ctx.provenance(),
    summary,
    Boolean(sandboxAt(ctx.stateDir, baseUrl)),
  );
  const written = await finishReport(report, {
    redactor: out.redactor,
    stateDir: ctx.stateDir,
    publishDir: publishDir(env),
    out: flags.out,
    publish: flags.publish,
  });
  if (out.json)
    jsonLine({
      type: 'summary',
      ok: code === EXIT.OK,
      exitCode: code,
      ...summary,
      reportPaths: written.paths,
    });
  out.info('\n' + formatMonitorSummary(summary));
  out.info(`report: ${written.paths.join(', ')}`);
  // A refused key ends every script with the same paragraph and code (RB_AUTH, exit 2).
  const k = summary.keyRefused;
  if (k && !signal.aborted)
    out.error(formatError(new RunbookError('RB_AUTH', k.message, k.hint ? { hint: k.hint } : {})));
  return code;
});
