#!/usr/bin/env zx
// Thin shell: flags → checkEnv → formatted result → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/env-check';
import { checkEnv, formatEnvCheck } from './lib/checks/env';
import { exitFromFindings } from './lib/checks/findings';
import { isEnvironmentName } from './lib/config/target';
import { usageError } from './lib/errors';
import { EXIT } from './lib/errors/exit-codes';
import { parseBaseUrl } from './lib/config/target';

await runScript(meta, async ({ flags, config, out, env }) => {
  if (!isEnvironmentName(flags.env)) throw usageError(`--env "${flags.env}" is not an environment.`, 'Use local, staging or production.');
  if (flags.url) parseBaseUrl(flags.url);
  const result = checkEnv(config, flags.env, flags.scope, env);
  if (out.json) out.result({ ok: !result.findings.some((f) => f.severity === 'error'), ...result });
  out.info(formatEnvCheck(result));
  // A missing or malformed required variable is a configuration error (2), per the table.
  return exitFromFindings(result.findings, { strict: flags.strict, errorCode: EXIT.USAGE });
});
