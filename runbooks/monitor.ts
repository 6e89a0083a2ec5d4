#!/usr/bin/env zx
// Thin shell: flags → createMonitor → a view of its events (live table on a TTY, a line per
// sample otherwise, JSON lines with --json) → the summary → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/monitor';
import { createMonitor, monitorExitCode, formatSampleLine, formatLiveTable, formatMonitorSummary, formatMonitorEvent, redrawFrame, type MonitorSample } from './lib/monitor';
import { formatDuration } from './lib/cli/duration';
import { usageError } from './lib/errors';
import { EXIT } from './lib/cli/exit-codes';

await runScript(meta, async ({ flags, config, target, out, signal }) => {
  const maxMs = config.capacity.maxDurationS * 1000;
  if (flags.duration <= 0 || flags.duration > maxMs) throw usageError(`--duration ${formatDuration(flags.duration)} is outside 1s…${formatDuration(maxMs)} (capacity.maxDurationS).`, 'Use e.g. --duration 5m.');
  if (flags.interval < 1000) throw usageError(`--interval ${formatDuration(flags.interval)} is below 1s.`, 'Use e.g. --interval 10s.');
  const healthMs = flags['health-interval'];
  if (healthMs !== undefined && healthMs < 1000) throw usageError(`--health-interval ${formatDuration(healthMs)} is below 1s.`, `The default is ${config.healthPollIntervalS}s; each real health check stalls the service ~2 s.`);
  const { baseUrl } = target();

  // --json: JSON lines on stdout (one per event, the summary last); everything redacted.
  const jsonLine = (v: unknown) => void process.stdout.write(out.redactor.redact(JSON.stringify(v)) + '\n');
  const samples: MonitorSample[] = [];
  let frameLines = 0;
  const header = `Monitoring ${baseUrl} for ${formatDuration(flags.duration)}, every ${formatDuration(flags.interval)} (Ctrl-C stops and prints the summary)`;
  if (!out.json && !out.tty) out.info(header);

  const monitor = createMonitor(config, { baseUrl }, { durationMs: flags.duration, intervalMs: flags.interval, healthIntervalMs: healthMs, keepGoing: flags['keep-going'] }, { signal });
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
  const code = signal.aborted ? EXIT.INTERRUPTED : monitorExitCode(summary, flags.strict);
  if (out.json) jsonLine({ type: 'summary', ok: code === EXIT.OK, exitCode: code, ...summary });
  out.info('\n' + formatMonitorSummary(summary));
  return code;
});
