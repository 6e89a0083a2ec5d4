/**
 * A rollback by hand (rollback.ts): list recent deploys, roll back to the previous live one
 * (or a chosen one), follow it, verify it, and say that auto-deploy stays on, or turn it
 * off first. Also the small acts around it: cancel a deploy in progress, switch
 * auto-deploy. Never prints, never exits.
 */
import type { Ledger } from '../ledger/index';
import type { Notifier, SlackMessage } from '../notify/slack';
import { RunbookError, usageError, exitCodeFor, type ErrorCode } from '../errors';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { formatDuration } from '../units';
import { DEPLOY_ID, type Deploy, type DeployProvider } from './types';
import { createdSince, liveDeploy, previousLive, shortCommit, stateOf } from './status';
import { followDeploy } from './follow';
import type { VerifyResult } from './verify';

export type RollbackAction =
  | { kind: 'list' }
  | { kind: 'cancel'; id: string }
  | { kind: 'auto-deploy'; on: boolean }
  | { kind: 'rollback'; to: string | undefined; disableAutoDeploy: boolean };

export interface RollbackPlan {
  env: string;
  action: RollbackAction;
  dryRun: boolean;
  operator: string;
}

export type RollbackEvent =
  { type: 'deploys'; deploys: Deploy[]; live: Deploy | undefined } | { type: 'progress'; text: string };

export interface RollbackResult {
  action: RollbackAction['kind'];
  ok: boolean;
  exitCode: ExitCode;
  /** One paragraph: what happened. */
  summary: string;
  from: Deploy | null;
  to: Deploy | null;
  rollbackDeploy: Deploy | null;
  verify: VerifyResult | null;
  /** Whether auto-deploy is known to be off after this run (null: not known / not applicable). */
  autoDeployOff: boolean | null;
  dryRun: boolean;
}

export interface RollbackDeps {
  provider: DeployProvider;
  verify: (signal: AbortSignal, onProgress: (t: string) => void) => Promise<VerifyResult>;
  ledger: Ledger;
  notify: Notifier;
  link: (section: 'rollback' | 'auto-deploy' | 'by-hand') => string;
  deadlineMs: number;
  pollMs: number;
  signal: AbortSignal;
  onEvent?: (e: RollbackEvent) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export async function runRollback(plan: RollbackPlan, deps: RollbackDeps): Promise<RollbackResult> {
  const p = deps.provider;
  const now = deps.now ?? Date.now;
  const progress = (text: string) => deps.onEvent?.({ type: 'progress', text });
  const a = plan.action;
  const result: RollbackResult = {
    action: a.kind,
    ok: true,
    exitCode: EXIT.OK,
    summary: '',
    from: null,
    to: null,
    rollbackDeploy: null,
    verify: null,
    autoDeployOff: null,
    dryRun: plan.dryRun,
  };
  const record = (fields: Record<string, unknown>) =>
    deps.ledger.append({
      kind: 'rollback',
      env: plan.env,
      operator: plan.operator,
      action: a.kind,
      ...fields,
    });
  const say = (m: SlackMessage) => deps.notify.send(m);

  if (!p.can.read)
    throw usageError(
      `${p.describes} cannot read deploys, so it cannot roll back.`,
      'Set RENDER_API_KEY and RENDER_SERVICE_ID, or roll back in the dashboard: the service → Events → the previous deploy → Rollback.',
    );
  const recent = await p.list(10, deps.signal);
  const live = liveDeploy(recent);
  deps.onEvent?.({ type: 'deploys', deploys: recent, live });

  if (a.kind === 'list')
    return {
      ...result,
      summary: `${recent.length} recent deploys; live: ${live ? `${live.id} (${shortCommit(live.commit.id)})` : 'none'}.`,
      from: live ?? null,
    };

  if (a.kind === 'auto-deploy') {
    if (!p.can.autoDeploy) throw usageError(`${p.describes} has no auto-deploy setting to change.`);
    if (plan.dryRun)
      return {
        ...result,
        summary: `Dry run: would turn auto-deploy ${a.on ? 'on' : 'off'}; nothing was changed.`,
      };
    await p.setAutoDeploy(a.on, deps.signal);
    record({ autoDeploy: a.on ? 'on' : 'off' });
    say({
      text: `Auto-deploy turned ${a.on ? 'ON' : 'OFF'} on ${plan.env} by ${plan.operator}`,
      link: { label: 'Auto-deploy', url: deps.link('auto-deploy') },
    });
    return {
      ...result,
      summary: `Auto-deploy is now ${a.on ? 'on: the next push to the branch deploys' : 'off: pushes no longer deploy until it is turned on again'}.`,
      autoDeployOff: !a.on,
    };
  }

  if (a.kind === 'cancel') {
    const d = recent.find((x) => x.id === a.id) ?? (await p.get(a.id, deps.signal));
    if (stateOf(d.status) !== 'in-progress')
      return {
        ...result,
        summary: `${d.id} is ${d.status}, not in progress: nothing to cancel.`,
        from: live ?? null,
      };
    if (plan.dryRun)
      return { ...result, summary: `Dry run: would cancel ${d.id} (${d.status}); nothing was changed.` };
    const c = await p.cancel(d.id, deps.signal);
    record({ deployId: d.id, status: c.status });
    say({
      text: `Deploy ${d.id} on ${plan.env} canceled by ${plan.operator}${live ? `; ${live.id} keeps serving` : ''}`,
      link: { label: 'Rollback', url: deps.link('rollback') },
    });
    return {
      ...result,
      summary: `Canceled ${d.id} (now ${c.status})${live ? `; ${live.id} keeps serving` : ''}.`,
    };
  }

  // A rollback: to the chosen deploy, or to the one live before the current one.
  const to = a.to
    ? (recent.find((x) => x.id === a.to) ?? (await p.get(a.to, deps.signal)))
    : previousLive(recent, live);
  if (!to)
    throw usageError(
      `There is no earlier live deploy among the last ${recent.length} to roll back to.`,
      'Name one with --to dep-… (see --list), or roll back in the dashboard.',
    );
  if (stateOf(to.status) !== 'live' && stateOf(to.status) !== 'superseded')
    throw usageError(
      `${to.id} never went live (${to.status}): there is nothing to roll back to there.`,
      'Pick a deploy that was live (status deactivated) from --list.',
    );
  if (live && to.id === live.id)
    return { ...result, summary: `${to.id} is already live: nothing to roll back.`, from: live, to };
  result.from = live ?? null;
  result.to = to;
  const fromText = live ? `${live.id} (${shortCommit(live.commit.id)})` : 'no live deploy';
  if (plan.dryRun)
    return {
      ...result,
      summary: `Dry run: would ${a.disableAutoDeploy ? 'turn auto-deploy off, then ' : ''}roll back ${plan.env} from ${fromText} to ${to.id} (${shortCommit(to.commit.id)}), follow it for up to ${formatDuration(deps.deadlineMs)} and verify it; nothing was changed.`,
    };

  if (a.disableAutoDeploy) {
    // First, so that no push redeploys on top of the rollback while it runs.
    await p.setAutoDeploy(false, deps.signal);
    result.autoDeployOff = true;
    progress('auto-deploy turned off');
  }
  say({
    text: `Rolling back ${plan.env} from ${fromText} to ${to.id} (${shortCommit(to.commit.id)}) — by ${plan.operator}`,
    link: { label: 'Rollback', url: deps.link('rollback') },
  });
  let outcome = 'failed';
  try {
    const since = { since: new Date(now() - 1000), known: new Set(recent.map((d) => d.id)) };
    const started =
      (await p.rollback({ to: to.id, ...since }, deps.signal)) ??
      createdSince(await p.list(10, deps.signal), since)[0];
    if (!started)
      throw new RunbookError('RB_HTTP', `the rollback to ${to.id} was accepted but no deploy appeared`);
    result.rollbackDeploy = started;
    progress(`rollback deploy ${started.id} started`);
    const f = await followDeploy(p, started, {
      deadlineMs: deps.deadlineMs,
      pollMs: deps.pollMs,
      signal: deps.signal,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      onStatus: (d, ms) => progress(`${d.id}: ${d.status} (${formatDuration(ms)})`),
    });
    result.rollbackDeploy = f.deploy;
    if (f.end === 'interrupted') {
      outcome = 'interrupted';
      return {
        ...result,
        ok: false,
        exitCode: EXIT.INTERRUPTED,
        summary: `Interrupted while following the rollback ${started.id} (${f.deploy.status}). Follow it: npx zx runbooks/deploy.ts --env ${plan.env} --follow ${started.id} --no-auto-rollback`,
      };
    }
    if (f.end !== 'live')
      return {
        ...result,
        ok: false,
        exitCode: EXIT.FAILED,
        summary: `The rollback ${started.id} did not go live: ${f.deploy.status} after ${formatDuration(f.elapsedMs)}. ${fromText} is still serving. Roll back by hand (the runbook's fallback) or in the dashboard.`,
      };
    const v = (result.verify = await deps.verify(deps.signal, progress));
    if (v.verdict === 'interrupted') {
      outcome = 'interrupted';
      return {
        ...result,
        ok: false,
        exitCode: EXIT.INTERRUPTED,
        summary: `Rolled back to ${to.id}; verification was interrupted.`,
      };
    }
    const ok = v.verdict === 'passed' || v.verdict === 'warned';
    outcome = ok ? 'rolled-back' : 'rollback-unverified';
    const autoDeploy = result.autoDeployOff
      ? 'Auto-deploy is off; turn it on again once the fix is deployed (--auto-deploy on).'
      : p.can.autoDeploy
        ? 'AUTO-DEPLOY STAYS ON: the next push redeploys on top of this rollback. Turn it off: npx zx runbooks/rollback.ts --env ' +
          plan.env +
          ' --auto-deploy off'
        : '';
    return {
      ...result,
      ok,
      exitCode: ok ? EXIT.OK : EXIT.FAILED,
      summary:
        `${ok ? 'Rolled back' : 'Rolled back, but verification FAILED'}: ${plan.env} now serves ${to.id} (${shortCommit(to.commit.id)}) as ${f.deploy.id}; ${v.detail}. ${autoDeploy}`.trim(),
    };
  } catch (e) {
    outcome = deps.signal.aborted ? 'interrupted' : 'errored';
    if (e instanceof RunbookError)
      return {
        ...result,
        ok: false,
        exitCode: deps.signal.aborted ? EXIT.INTERRUPTED : exitCodeFor(e.code as ErrorCode),
        summary: `The rollback to ${to.id} failed: ${e.message}${e.hint ? ` ${e.hint}` : ''}`,
      };
    throw e;
  } finally {
    record({
      from: live?.id ?? null,
      to: to.id,
      deployId: result.rollbackDeploy?.id ?? null,
      outcome,
      verified: result.verify
        ? result.verify.verdict === 'passed' || result.verify.verdict === 'warned'
        : false,
      autoDeployOff: result.autoDeployOff,
    });
    say({
      text: `Rollback of ${plan.env} to ${to.id}: ${outcome.toUpperCase()}`,
      link: {
        label: outcome === 'rolled-back' ? 'Auto-deploy' : 'Roll back by hand',
        url: deps.link(outcome === 'rolled-back' ? 'auto-deploy' : 'by-hand'),
      },
    });
  }
}

/** The one thing a rollback.ts run does, from its flags; conflicting or malformed flags are usage errors. */
export function rollbackAction(f: {
  to?: string | undefined;
  list: boolean;
  cancel?: string | undefined;
  autoDeploy?: string | undefined;
  disableAutoDeploy: boolean;
}): RollbackAction {
  const modes = [
    f.list && '--list',
    f.cancel !== undefined && '--cancel',
    f.autoDeploy !== undefined && '--auto-deploy',
    (f.to !== undefined || f.disableAutoDeploy) && (f.to !== undefined ? '--to' : '--disable-auto-deploy'),
  ].filter(Boolean);
  if (modes.length > 1)
    throw usageError(
      `${modes.join(' and ')} cannot be combined: a run does one thing.`,
      'Roll back (optionally --to, --disable-auto-deploy), or --list, or --cancel <dep-id>, or --auto-deploy on|off.',
    );
  for (const [flag, id] of [
    ['--to', f.to],
    ['--cancel', f.cancel],
  ] as const) {
    if (id !== undefined && !DEPLOY_ID.test(id))
      throw usageError(
        `${flag} "${id}" is not a deploy id: Render's look like dep-d0c1a2b3c4d5e6f7a8b9.`,
        'List recent deploys with --list.',
      );
  }
  if (f.list) return { kind: 'list' };
  if (f.cancel !== undefined) return { kind: 'cancel', id: f.cancel };
  if (f.autoDeploy !== undefined) return { kind: 'auto-deploy', on: f.autoDeploy === 'on' };
  return { kind: 'rollback', to: f.to, disableAutoDeploy: f.disableAutoDeploy };
}
