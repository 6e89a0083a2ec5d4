#!/usr/bin/env zx
// Thin shell: flags → one action (list, cancel, auto-deploy, or a rollback) → checks before any
// call (provider variables, confirmation, the API key for verification) → runRollback → summary → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/rollback';

await runScript(meta, async ({ flags, config, target, keyedTarget, out, signal, env, stateDir }) => {
  const { rollbackAction, runRollback } = await import('./lib/deploy/rollback');
  const { createProvider, pollMsOf } = await import('./lib/deploy/providers');
  const { confirmChange } = await import('./lib/deploy/confirm');
  const { ledgerOf, linkOf, notifierOf, verifierOf, wiringOf } = await import('./lib/deploy/wire');
  const { formatDeployList } = await import('./lib/deploy/format');
  const { terminalAsker } = await import('./lib/checklist/terminal');
  const { operator } = await import('./lib/ledger/index');
  const action = rollbackAction({
    to: flags.to,
    list: flags.list,
    cancel: flags.cancel,
    autoDeploy: flags['auto-deploy'],
    disableAutoDeploy: flags['disable-auto-deploy'],
  });
  const provider = createProvider({
    config,
    env: flags.env,
    provider: flags.provider,
    processEnv: env,
    stateDir,
    url: flags.url,
  });
  const t =
    action.kind === 'rollback' ? keyedTarget('verifying the rollback (the smoke test sends it)') : target();
  const asker = process.stdin.isTTY && !flags.json ? terminalAsker(process.stdin, process.stderr) : undefined;
  try {
    if (action.kind !== 'list')
      await confirmChange({
        env: flags.env,
        protected: config.environments[flags.env].protected,
        flag: flags['confirm-production'],
        dryRun: flags['dry-run'],
        serviceName: config.service.name,
        what:
          action.kind === 'rollback'
            ? 'This rollback'
            : action.kind === 'cancel'
              ? 'Canceling a deploy'
              : 'Switching auto-deploy',
        ask: asker?.line,
      });
  } finally {
    asker?.close();
  }
  const w = wiringOf({ config, stateDir, env, signal, out });
  const notify = notifierOf(w);
  const result = await runRollback(
    { env: flags.env, action, dryRun: flags['dry-run'], operator: operator(env) },
    {
      provider,
      notify,
      link: linkOf(w),
      signal,
      ledger: ledgerOf(w),
      verify: verifierOf(w, { baseUrl: t.baseUrl, apiKey: t.apiKey ?? '' }, flags.strict),
      deadlineMs: config.deploy.followTimeoutS * 1000,
      pollMs: pollMsOf(config, provider.name),
      onEvent: (e) =>
        out.info(
          e.type === 'deploys'
            ? `Recent deploys on ${flags.env} (▶ live):\n${formatDeployList(e.deploys, e.live)}\n`
            : `    · ${e.text}`,
        ),
    },
  );
  await notify.flush(5_000);
  if (out.json) out.result(result);
  out.info(result.summary);
  return result.exitCode;
});
