#!/usr/bin/env zx
// Thin shell: flags → runHealth → formatHealth → exit code (0 healthy, 1 critical, 3 unreachable).
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/health';
import { runHealth, healthExitCode } from './lib/probes/health';
import { formatHealth } from './lib/probes/format-health';
import { formatRetry } from './lib/probes/format-common';

await runScript(meta, async ({ flags, config, target, out, signal }) => {
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
