#!/usr/bin/env zx
// Thin shell: flags → runHealth → formatHealth → exit code (0 healthy, 1 critical, 3 unreachable).
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/health';

await runScript(meta, async ({ flags, config, target, out, signal }) => {
  const { runHealth, healthExitCode } = await import('./lib/probes/health');
  const { formatHealth } = await import('./lib/probes/format-health');
  const { formatRetry } = await import('./lib/probes/format-common');
  const { baseUrl } = target();
  const result = await runHealth(
    config,
    baseUrl,
    { timeoutMs: flags.timeout, retries: flags.retries },
    { signal, onEvent: (e) => out.error(formatRetry(e)) },
  );
  if (signal.aborted) return 130;
  const code = healthExitCode(result, flags.strict);
  if (out.json) out.result({ ok: code === 0, exitCode: code, ...result });
  out.info(formatHealth(result));
  return code;
});
