#!/usr/bin/env zx
// Thin shell: flags → runIncident (open | note | status | assess | resolve) → print, or the
// review through the run pipeline → Slack notices flushed (best effort) → exit code.
import { createInterface } from 'node:readline';
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/incident';

await runScript(meta, async (ctx) => {
  const { runIncident } = await import('./lib/incident/run');
  const { openIncidentLog } = await import('./lib/incident/log');
  const { formatReview } = await import('./lib/incident/review');
  const { operator } = await import('./lib/ledger/index');
  const { createNotifier } = await import('./lib/notify/slack');
  const { httpRequest } = await import('./lib/http');
  const { sandboxAt } = await import('./lib/state/sandboxes');
  const { flags, config, out, env, stateDir, signal } = ctx;
  const notifier = createNotifier(env.SLACK_WEBHOOK_URL, {
    request: httpRequest,
    onOutcome: (o) => o.ok || out.error(`slack: not posted (${o.reason})`),
  });
  const log = openIncidentLog(stateDir, operator(env), (l) => out.redactor.redact(l));
  const review = () => {
    const t = (() => {
      try {
        return ctx.target();
      } catch {
        return undefined;
      }
    })();
    return {
      prov: ctx.provenance(),
      target: {
        url: t?.baseUrl ?? '',
        loopback: t?.loopback ?? false,
        protected: t?.protected ?? false,
        sandbox: t ? Boolean(sandboxAt(stateDir, t.baseUrl)) : false,
      },
    };
  };
  const lines = () => createInterface({ input: process.stdin, crlfDelay: Infinity });
  const r = await runIncident(ctx.positionals, flags, {
    config,
    stateDir,
    env,
    log,
    target: ctx.target,
    notify: notifier.send,
    review,
    signal,
    lines,
    onNoted: (t, inc) => out.info(`noted in ${inc.id}: ${t}`),
  });
  let code;
  if (r.kind === 'review') code = await ctx.finish(r.report, formatReview);
  else {
    if (out.json) out.result(r.json);
    out.info(r.text);
    code = r.exitCode;
  }
  await notifier.flush(5_000);
  return code;
});
