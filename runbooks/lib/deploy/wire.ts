/**
 * The real dependencies of a deploy or rollback run: the page's checklist as real
 * processes, health and smoke, the monitor, the ledger, Slack, and the runbook's section
 * links. The shells build them here so the runs themselves stay testable with fakes.
 */
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema';
import { REPO_ROOT } from '../config/load';
import { openLedger, type Ledger } from '../ledger/index';
import { createNotifier, type Notifier } from '../notify/slack';
import { httpRequest } from '../http/client';
import { sectionUrl } from '../sections/index';
import { DEPLOY_SECTIONS, type DeploySection } from './sections';
import { writeFileAtomic } from '../fs/atomic';
import { parseDuration } from '../units';
import type { ChecklistItem } from '../pages/checklist';
import { verifyDeploy, type VerifyResult } from './verify';
import { watchDeploy, watchPlan, type WatchResult } from './watch';
import type { DeployPlan } from './types';
import type { PlatformClient } from '../platform/types';

export interface Wiring {
  config: Config;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  redact: (s: string) => string;
  /** Where a Slack outcome that failed is reported (never the webhook URL). */
  onSlackFailure: (reason: string) => void;
}

/** A shell's wiring from its run context: redaction by its output, Slack failures reported on stderr. */
export function wiringOf(ctx: {
  config: Config;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  out: { redactor: { redact: (s: string) => string }; error: (line: string) => void };
}): Wiring {
  const { config, stateDir, env, signal, out } = ctx;
  return {
    config,
    stateDir,
    env,
    signal,
    redact: (s) => out.redactor.redact(s),
    onSlackFailure: (r) => out.error(`    ! Slack: ${r}`),
  };
}

export function ledgerOf(w: Pick<Wiring, 'stateDir' | 'redact'>): Ledger {
  return openLedger(w.stateDir, w.redact);
}

export function notifierOf(w: Pick<Wiring, 'env' | 'onSlackFailure'>): Notifier {
  return createNotifier(w.env.SLACK_WEBHOOK_URL?.trim() || undefined, {
    request: httpRequest,
    onOutcome: (o) => (o.ok ? undefined : w.onSlackFailure(o.reason)),
  });
}

/** Section links, absolute when the config says where the handbook is served (handbook.url). */
export function linkOf(w: Pick<Wiring, 'config'>) {
  return (s: DeploySection) => sectionUrl(DEPLOY_SECTIONS[s], w.config.handbook.url);
}

export function verifierOf(w: Wiring, t: { baseUrl: string; apiKey: string }, strict: boolean) {
  return (signal: AbortSignal, onProgress: (text: string) => void): Promise<VerifyResult> =>
    verifyDeploy({
      config: w.config,
      baseUrl: t.baseUrl,
      apiKey: t.apiKey,
      readyTimeoutMs: w.config.deploy.readyTimeoutS * 1000,
      strict,
      signal,
      onProgress,
    });
}

/** The watch of a deploy; `platform`: the deployed environment's (its events count from when the deploy went live). */
export function watcherOf(
  w: Wiring,
  t: { baseUrl: string; apiKey: string },
  plan: Pick<DeployPlan, 'watchMs' | 'watchIntervalMs'>,
  platform?: PlatformClient,
) {
  if (!plan.watchMs) return undefined;
  return (
    signal: AbortSignal,
    onProgress: (text: string) => void,
    o: { liveAt: string | null } = { liveAt: null },
  ): Promise<WatchResult> => {
    const live = o.liveAt ? Date.parse(o.liveAt) : NaN;
    return watchDeploy(
      w.config,
      t.baseUrl,
      t.apiKey,
      watchPlan(w.config, plan.watchMs, plan.watchIntervalMs),
      {
        signal,
        onProgress,
        platform: platform
          ? { client: platform, sinceMs: Number.isFinite(live) ? Math.min(live, Date.now()) : Date.now() }
          : undefined,
      },
    );
  };
}

/**
 * The deployment runbook's pre-deployment checklist, run as checklist.ts runs it (bound
 * items as real processes, manual items asked on a terminal or left unverified), with its
 * run record kept in the state directory.
 */
export function checklistOf(
  w: Wiring,
  o: {
    ref: string;
    env: string;
    url: string | undefined;
    confirmProduction: boolean;
    ask: ((item: ChecklistItem) => Promise<'yes' | 'no' | 'skip'>) | undefined;
    relay: (text: string) => void;
    onLine: (line: string) => void;
  },
) {
  return async (signal: AbortSignal) => {
    // The page parser (remark) and the checklist runner load only when the checklist runs:
    // a deploy with --skip-checklist, and every --help, never pays for them.
    const { loadChecklist } = await import('../pages/page');
    const { registry } = await import('../registry/index');
    const { runChecklist, formatItem } = await import('../checklist/run');
    const { checkLoadReportFresh } = await import('../checklist/report-fresh');
    const { recordPath, spawnItem } = await import('../checklist/terminal');
    const { checklist } = loadChecklist(resolve(REPO_ROOT, 'docs'), o.ref, w.config);
    const record = await runChecklist(
      checklist,
      {
        ref: o.ref,
        env: o.env,
        url: o.url,
        registry,
        itemTimeoutMs: parseDuration('15m')!,
        dryRun: false,
        confirmProduction: o.confirmProduction,
        signal,
        onEvent: (e) =>
          o.onLine(
            e.type === 'start'
              ? `[${e.index + 1}/${e.total}] ${e.item.text}${e.command ? ` — $ ${e.command}` : ''}`
              : formatItem(e.result),
          ),
      },
      {
        now: Date.now,
        reportFresh: (e, maxAgeMs) => checkLoadReportFresh(join(w.stateDir, 'reports/load'), e, maxAgeMs),
        ...(o.ask ? { ask: o.ask } : {}),
        spawn: spawnItem(REPO_ROOT, w.env, o.relay),
      },
    );
    if (!record.dryRun)
      await writeFileAtomic(
        recordPath(w.stateDir, o.ref, record.startedAt, o.env),
        JSON.stringify(record, null, 2) + '\n',
      );
    const n = (k: string) => record.items.filter((i) => i.outcome === k).length;
    const failed = record.items
      .filter((i) => i.outcome === 'failed' || i.outcome === 'declined')
      .map((i) => i.check ?? i.text);
    return {
      ok: record.ok,
      partial: record.partial,
      detail: `${n('passed')} passed, ${failed.length} failed${failed.length ? ` (${failed.join(', ')})` : ''}, ${n('confirmed')} confirmed, ${n('unverified')} manual unverified${n('not-applicable') ? `, ${n('not-applicable')} not applicable to ${o.env}` : ''}`,
    };
  };
}
