#!/usr/bin/env zx
// Thin shell: flags → runDrill on the local sandbox (events printed, the alert posted to
// Slack when configured) → the drill report through the run pipeline → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/drill';
import { usageError } from './lib/errors';
import { EXIT } from './lib/errors/exit-codes';

await runScript(meta, async (ctx) => {
  const { findScenario, SCENARIO_IDS } = await import('./lib/drill/scenarios');
  const { runDrill } = await import('./lib/drill/run');
  const { startOwnSandbox } = await import('./lib/drill/own-sandbox');
  const { buildDrillReport } = await import('./lib/drill/report');
  const { alertMessage, formatDrillEvent, formatDrillSummary, formatScenarioList, resultMessage } =
    await import('./lib/drill/format');
  const { openIncidentLog } = await import('./lib/incident/log');
  const { operator } = await import('./lib/ledger/index');
  const { createNotifier } = await import('./lib/notify/slack');
  const { httpRequest } = await import('./lib/http');
  const { REPO_ROOT } = await import('./lib/config/load');
  const { localSandboxPort } = await import('./lib/config/local');
  const { randomInt } = await import('node:crypto');
  const { flags, config, out, env, stateDir, signal } = ctx;
  if (flags.list) {
    if (out.json) out.result({ scenarios: SCENARIO_IDS });
    out.info(formatScenarioList(config));
    return EXIT.OK;
  }
  const scenario = findScenario(flags.scenario ?? '');
  if (!scenario)
    throw usageError(
      'drill.ts needs --scenario <name>.',
      'npx zx runbooks/drill.ts --list shows the scenarios.',
    );
  const notifier = createNotifier(env.SLACK_WEBHOOK_URL, {
    request: httpRequest,
    onOutcome: (o) => o.ok || out.error(`slack: not posted (${o.reason})`),
  });
  const startOwn = (o: { profile: string; timeScale: number }) =>
    startOwnSandbox({ ...o, repoRoot: REPO_ROOT, stateDir, env });
  const result = await runDrill(
    {
      scenario,
      port: flags.port ?? localSandboxPort(config),
      deadlineMs: flags.deadline,
      pollMs: flags.poll,
      own: { profile: flags.profile, timeScale: flags['time-scale'] },
      seed: flags.seed ?? randomInt(2_147_483_647),
    },
    {
      config,
      stateDir,
      log: openIncidentLog(stateDir, operator(env), (l) => out.redactor.redact(l)),
      startOwn,
      signal,
      onEvent: (e) => {
        if (e.type === 'alert') notifier.send(alertMessage(config, e.alert, e.incident));
        out.info(formatDrillEvent(config, e));
      },
    },
  );
  const report = buildDrillReport(config, result, { deadlineMs: flags.deadline, prov: ctx.provenance() });
  const code = await ctx.finish(report, (r) => formatDrillSummary(r, config.handbook.url));
  notifier.send(resultMessage(config, report));
  await notifier.flush(5_000);
  return code;
});
