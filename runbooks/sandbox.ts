#!/usr/bin/env zx
// Thin shell: flags → startSandbox → banner → wait for Ctrl-C/SIGTERM → graceful close.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/sandbox';
import { startSandbox, parseFault } from './lib/sandbox/index';
import { formatBanner, formatEvent } from './lib/sandbox/banner';
import { RunbookError, usageError } from './lib/errors';
import { EXIT } from './lib/errors/exit-codes';
import { registerSandbox } from './lib/state/sandboxes';

await runScript(meta, async ({ flags, config, out, env, signal, stateDir }) => {
  const timeScale = flags['time-scale'];
  if (!(timeScale > 0)) throw usageError(`--time-scale ${timeScale} must be a positive number.`, 'Use 1 for real time, 20 to replay twenty times faster.');
  if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535) throw usageError(`--port ${flags.port} is not a port.`, 'Use 0-65535 (0 picks a free port).');
  for (const f of flags.fault) {
    const p = parseFault(f);
    if (!p.ok) throw usageError(`--fault: ${p.message}.`, 'See the fault catalogue: npx zx runbooks/sandbox.ts --help, or GET /__sandbox/faults.');
  }
  const keyEnv = config.journey.apiKeyEnv;
  const fromEnv = Boolean(env[keyEnv]);
  const apiKey = env[keyEnv] || config.sandbox.devApiKey;

  let unregister = () => {};
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: flags.port,
      profile: flags.profile,
      timeScale,
      seed: flags.seed,
      faults: flags.fault,
      apiKey,
      healInsights: flags['heal-insights'],
      healthShape: flags['health-shape'],
      config,
      onEvent: (e) => out.error(formatEvent(e)),
      exit: (code) => {
        unregister();
        process.exit(code);
      },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new RunbookError('RB_USAGE', `Port ${flags.port} on 127.0.0.1 is already in use (another sandbox, or the real service?).`, { hint: 'Stop the other process or pass --port 0 for a free port.' });
    throw e;
  }
  // Announced in the state directory: scripts then know this URL is the sandbox (and may
  // send it the development key), and `sandbox.ts fault …` finds its admin token.
  unregister = registerSandbox(stateDir, { pid: process.pid, port: sandbox.port, url: sandbox.url, keyFrom: fromEnv ? 'env' : 'dev', adminToken: sandbox.adminToken, startedAt: new Date().toISOString() });
  const info = { url: sandbox.url, port: sandbox.port, profile: flags.profile, timeScale, seed: flags.seed, faults: flags.fault, adminToken: sandbox.adminToken, apiKeyFrom: fromEnv ? keyEnv : 'config default' };
  if (out.json) out.result(info);
  out.info(formatBanner({ ...info, apiKey: fromEnv ? undefined : apiKey, keyEnv }));

  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  unregister();
  await sandbox.close();
  out.error('sandbox stopped');
  return EXIT.OK;
});
