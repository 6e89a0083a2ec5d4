#!/usr/bin/env zx
// Thin shell: flags → checkEnv → formatted result → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/env-check';
import { EXIT } from './lib/errors/exit-codes';
import { parseBaseUrl } from './lib/target/resolve';

await runScript(meta, async ({ flags, config, out, env }) => {
  const { checkEnv, formatEnvCheck } = await import('./lib/checks/env');
  const { exitCodeOfFindings } = await import('./lib/pipeline/exit');
  if (flags.url) parseBaseUrl(flags.url);
  const result = checkEnv(config, flags.env, flags.scope, env);
  if (out.json) out.result({ ok: !result.findings.some((f) => f.severity === 'error'), ...result });
  out.info(formatEnvCheck(result));
  // A missing or malformed required variable is a configuration error (2), per the table.
  return exitCodeOfFindings(result.findings, { strict: flags.strict, errorCode: EXIT.USAGE });
});
