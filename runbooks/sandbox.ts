#!/usr/bin/env zx
// Thin shell. No subcommand: serve (start, announce, banner, wait for Ctrl-C/SIGTERM, close).
// `fault list|set|clear`, `restart`: act on the running sandbox found through the state dir.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/sandbox';
import { EXIT } from './lib/errors/exit-codes';

await runScript(meta, async ({ flags, positionals, config, out, env, signal, stateDir }) => {
  const { serveSandbox } = await import('./lib/sandbox/serve');
  const { formatBanner, formatEvent } = await import('./lib/sandbox/banner');
  const { connectSandbox } = await import('./lib/sandbox-client/index');
  const { formatSandboxCommand, runSandboxCommand, sandboxCommandOf, sandboxOnPort } =
    await import('./lib/sandbox-client/commands');
  const { localSandboxPort } = await import('./lib/config/local');
  const cmd = sandboxCommandOf(positionals, flags);
  if (cmd) {
    const r = await runSandboxCommand(
      sandboxOnPort(stateDir, flags.port ?? localSandboxPort(config), connectSandbox),
      cmd,
      { signal },
    );
    if (out.json) out.result({ ok: true, ...r });
    out.info(formatSandboxCommand(r));
    return EXIT.OK;
  }
  const o = {
    port: flags.port ?? localSandboxPort(config),
    profile: flags.profile,
    timeScale: flags['time-scale'],
    seed: flags.seed,
    faults: flags.fault,
    healInsights: flags['heal-insights'],
    healthShape: flags['health-shape'],
  };
  const { sandbox, keyFrom, closed } = await serveSandbox(config, o, {
    env,
    stateDir,
    signal,
    onEvent: (e) => out.error(formatEvent(e)),
    exit: (code) => process.exit(code),
  });
  const keyEnv = config.journey.apiKeyEnv;
  const info = {
    url: sandbox.url,
    port: sandbox.port,
    profile: o.profile,
    timeScale: o.timeScale,
    seed: o.seed,
    faults: o.faults,
    adminToken: sandbox.adminToken,
    apiKeyFrom: keyFrom === 'env' ? keyEnv : 'config default',
  };
  if (out.json) out.result(info);
  out.info(
    formatBanner({ ...info, apiKey: keyFrom === 'dev' ? config.sandbox.devApiKey : undefined, keyEnv }),
  );
  await closed;
  out.error('sandbox stopped');
  return EXIT.OK;
});
