#!/usr/bin/env zx
// Thin shell: flags → runScorecard (published reports, ledger, Render) → the run pipeline
// (redact, validate, write atomically, --publish) → the scorecard printed → exit code
// (0 every promise kept or not measured, 1 one missed, or not measured with --strict).
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/scorecard';
import { usageError } from './lib/errors';

await runScript(meta, async (ctx) => {
  const { flags, config, env, stateDir, signal } = ctx;
  const asOf = flags['as-of'] === undefined ? Date.now() : Date.parse(flags['as-of']);
  if (!Number.isFinite(asOf))
    throw usageError(
      `--as-of "${flags['as-of']}" is not a time.`,
      'Give an ISO time such as 2026-12-01T00:00:00Z, or leave it out to judge as of now.',
    );
  const [{ runScorecard, formatScorecard }, { publishDir, REPO_ROOT }] = await Promise.all([
    import('./lib/scorecard/index'),
    import('./lib/config/load'),
  ]);
  const report = await runScorecard(
    {
      config,
      environment: flags.env,
      asOf,
      publishDir: publishDir(env),
      stateDir,
      repoRoot: REPO_ROOT,
      processEnv: env,
      strict: flags.strict,
      signal,
    },
    { provenance: ctx.provenance },
  );
  return ctx.finish(report, formatScorecard);
});
