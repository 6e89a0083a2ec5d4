#!/usr/bin/env zx
// Thin shell: flags → the action → the environment's platform (Render, or the sandbox's
// model of it; what to set when there is none) → status, or: confirmation → runServiceAction
// (state, act, follow, verify; ledger and Slack) → summary → exit code.
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/service';
import { EXIT } from './lib/errors/exit-codes';

await runScript(
  meta,
  async ({ flags, positionals, config, target, keyedTarget, out, signal, env, stateDir }) => {
    const {
      serviceAction,
      actionLabel,
      platformOf,
      answersAt,
      readServiceStatus,
      formatServiceStatus,
      runServiceAction,
    } = await import('./lib/service/index');
    const { resolvePlatform } = await import('./lib/platform/index');
    const { confirmChange } = await import('./lib/deploy/confirm');
    const { ledgerOf, notifierOf, verifierOf, wiringOf } = await import('./lib/deploy/wire');
    const { pollMsOf } = await import('./lib/deploy/providers');
    const { sectionUrl } = await import('./lib/sections/index');
    const { terminalAsker } = await import('./lib/checklist/terminal');
    const { operator } = await import('./lib/ledger/index');
    const action = serviceAction(positionals);
    const t = target();
    const resolution = resolvePlatform({ config, env: flags.env, processEnv: env, stateDir, url: t.baseUrl });
    const client = platformOf(resolution, flags.env, t.baseUrl);
    // The environment, stated before anything is read or changed.
    out.info(
      `service.ts ${actionLabel(action)} on ${flags.env}: ${resolution.line.replace(/^platform signals: /, '')}`,
    );

    if (action.kind === 'status') {
      const status = await readServiceStatus(client, { sinceMs: flags.since, signal });
      if (out.json) out.result({ ok: true, env: flags.env, ...status });
      out.info(formatServiceStatus(status, flags.env));
      return EXIT.OK;
    }

    const asker =
      process.stdin.isTTY && !flags.json ? terminalAsker(process.stdin, process.stderr) : undefined;
    try {
      await confirmChange({
        env: flags.env,
        protected: config.environments[flags.env].protected,
        flag: flags['confirm-production'],
        dryRun: flags['dry-run'],
        serviceName: config.service.name,
        what: `This ${actionLabel(action)}`,
        ask: asker?.line,
      });
    } finally {
      asker?.close();
    }
    // A suspend is not verified (it answers 503 by design); the others send the smoke test's key.
    const keyed =
      action.kind === 'suspend' || flags['dry-run']
        ? t
        : keyedTarget(`verifying the ${action.kind} (the smoke test sends it)`);
    const w = wiringOf({ config, stateDir, env, signal, out });
    const notify = notifierOf(w);
    const result = await runServiceAction(
      {
        env: flags.env,
        action,
        dryRun: flags['dry-run'],
        operator: operator(env),
        target: flags.url ? `--url ${flags.url}` : `--env ${flags.env}`,
      },
      {
        client,
        verify: verifierOf(w, { baseUrl: keyed.baseUrl, apiKey: keyed.apiKey ?? '' }, flags.strict),
        answers: answersAt(t.baseUrl),
        ledger: ledgerOf(w),
        notify,
        link: (s) => sectionUrl(s, config.handbook.url),
        followMs: config.platform.followS * 1000,
        pollMs: pollMsOf(config, client.source === 'sandbox' ? 'local' : 'render-api'),
        signal,
        onProgress: (text) => out.info(`    · ${text}`),
      },
    );
    await notify.flush(5_000);
    if (out.json) out.result(result);
    out.info(result.summary);
    return result.exitCode;
  },
);
