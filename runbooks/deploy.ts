#!/usr/bin/env zx
// Thin shell: flags → prepareDeploy (every check before any call) → the plan → runDeploy,
// each step printed as it ends → the verdict and what to run next → exit code
// (0 deployed, 1 failed or rolled back, 2 usage / refused before any call, 3 unreachable, 130 interrupted).
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/deploy';

await runScript(meta, async ({ flags, config, keyedTarget, out, signal, env, stateDir }) => {
  const { prepareDeploy } = await import('./lib/deploy/prepare');
  const { pollMsOf } = await import('./lib/deploy/providers');
  const { runDeploy } = await import('./lib/deploy/run');
  const { checklistOf, ledgerOf, linkOf, notifierOf, verifierOf, watcherOf, wiringOf } =
    await import('./lib/deploy/wire');
  const { formatPlan, formatDeployEvent, formatDeployResult } = await import('./lib/deploy/format');
  const { dryRunLines } = await import('./lib/deploy/dry-run');
  const { terminalAsker } = await import('./lib/checklist/terminal');
  const { operator } = await import('./lib/ledger/index');
  const asker = process.stdin.isTTY && !flags.json ? terminalAsker(process.stdin, process.stderr) : undefined;
  try {
    const req = {
      release: flags.release,
      commit: flags.commit,
      provider: flags.provider,
      follow: flags.follow,
      dryRun: flags['dry-run'],
      force: flags.force,
      autoRollback: flags['auto-rollback'],
      skipStagingCheck: flags['skip-staging-check'],
      skipChecklist: flags['skip-checklist'],
      confirmProduction: flags['confirm-production'],
      watchMs: flags.watch,
      watchIntervalMs: flags['watch-interval'],
    };
    const { plan, provider, target } = await prepareDeploy({
      config,
      env: flags.env,
      url: flags.url,
      req,
      processEnv: env,
      stateDir,
      keyedTarget,
      ask: asker?.line,
      operator: operator(env),
      now: Date.now(),
    });
    out.info(formatPlan(plan));
    if (plan.dryRun) return void out.info(await dryRunLines(config, plan, provider, flags.url, signal));
    // The deployed environment's platform, for the watch: said once, which or why none; a refused key stops here.
    const { connectPlatform } = await import('./lib/platform/connect');
    const platform = await connectPlatform({
      config,
      env: target.env,
      processEnv: env,
      stateDir,
      url: target.baseUrl,
      signal,
    });
    out.info(platform.line);
    const w = wiringOf({ config, stateDir, env, signal, out });
    const [notify, link] = [notifierOf(w), linkOf(w)];
    const relay = (text: string) =>
      void process.stderr.write(
        out.redactor
          .redact(text)
          .replace(/^/gm, '      │ ')
          .replace(/ {6}│ $/, ''),
      );
    let n = 0;
    const result = await runDeploy(plan, {
      provider,
      notify,
      link,
      signal,
      ledger: ledgerOf(w),
      verify: verifierOf(w, target, flags.strict),
      watch: watcherOf(w, target, plan, platform.client),
      checklist: plan.checklist
        ? checklistOf(w, {
            ref: plan.checklist,
            env: flags.env,
            url: flags.url,
            confirmProduction: flags['confirm-production'],
            ask: asker?.ask,
            relay,
            onLine: (l) => out.info(`    ${l}`),
          })
        : undefined,
      deadlineMs: config.deploy.followTimeoutS * 1000,
      pollMs: pollMsOf(config, provider.name),
      onEvent: (e) => out.info(formatDeployEvent(e, e.type === 'step-start' ? ++n : n)),
    });
    await notify.flush(5_000);
    if (out.json) out.result({ ok: result.exitCode === 0, ...result });
    out.info(
      formatDeployResult(
        result,
        result.outcome === 'deployed' ? undefined : link(result.failedStep ?? 'trigger'),
      ),
    );
    return result.exitCode;
  } finally {
    asker?.close();
  }
});
