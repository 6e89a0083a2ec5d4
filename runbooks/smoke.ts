#!/usr/bin/env zx
// Thin shell: flags → runSmoke (progress lines as steps finish) → formatSmoke → exit code.
import { formatError, runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/smoke';
import type { SmokeStepId } from './lib/probes/smoke';

await runScript(meta, async ({ flags, config, target, keyedTarget, out, signal }) => {
  const { runSmoke, smokeExitCode, smokeKeyRefused, smokeNeedsKey, selectedSteps } =
    await import('./lib/probes/smoke');
  const { formatSmoke, formatSmokeEvent, formatSmokePlan } = await import('./lib/probes/format-smoke');
  // --only/--skip were validated against the meta's choices by the flag parser.
  const steps = { only: flags.only as SmokeStepId[], skip: flags.skip as SmokeStepId[] };
  const t = smokeNeedsKey(steps) ? keyedTarget('the generate steps of the smoke test') : target();
  out.error(formatSmokePlan(config, t.baseUrl, selectedSteps(steps)));
  const result = await runSmoke(
    config,
    t.baseUrl,
    {
      ...steps,
      timeoutMs: flags.timeout,
      insightsRequired: flags['insights-required'],
      apiKey: t.apiKey,
    },
    {
      signal,
      onEvent: (e) => {
        const line = e.type === 'step-end' ? formatSmokeEvent(e) : undefined;
        if (line) out.error(line);
      },
    },
  );
  const code = signal.aborted ? 130 : smokeExitCode(result, flags.strict);
  if (out.json) out.result({ ok: code === 0, exitCode: code, ...result });
  out.info(formatSmoke(result));
  // A refused key ends every script with the same paragraph and code (RB_AUTH, exit 2).
  const refused = smokeKeyRefused(result);
  if (refused && !signal.aborted) out.error(formatError(refused));
  return code;
});
