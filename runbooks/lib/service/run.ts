/**
 * One act on the running service through the platform (service.ts restart | suspend |
 * resume | scale N), with the deploy family's contract: the service is read and stated
 * before anything changes; a dry run changes nothing; Slack hears the start and the end
 * (best-effort, linking the playbook's procedure); the ledger gets one record whatever
 * happens, Ctrl-C included (written in `finally`); a restart, resume or scale is followed on
 * the platform under a deadline and then verified with health and smoke, as a rollback is.
 * A suspend is not verified: the service answers 503 until it is resumed, and says so.
 * Never prints, never exits.
 */
import type { Ledger } from '../ledger/index';
import type { Notifier } from '../notify/slack';
import { RunbookError, exitCodeFor, usageError, type ErrorCode } from '../errors';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { formatDuration } from '../units';
import type { VerifyResult } from '../deploy/verify';
import type { PlatformClient, PlatformService } from '../platform/types';
import { actionLabel, ACTION_SECTION, type ServiceChange } from './action';
import { followAction, followBaseline, type FollowResult } from './follow';

export interface ServicePlan {
  env: string;
  action: ServiceChange;
  dryRun: boolean;
  operator: string;
  /** How the commands it suggests name the target: `--env <name>`, or the `--url …` given. */
  target: string;
}

/** Whether the act was sent: not yet, sent and answered, or sent without a certain answer. */
export type Asked = 'not-sent' | 'sent' | 'uncertain';

export interface ServiceResult {
  action: ServiceChange['kind'];
  /** scale: the count asked for. */
  instances: number | null;
  env: string;
  serviceId: string;
  ok: boolean;
  exitCode: ExitCode;
  /** One paragraph: what happened and what to do next. */
  summary: string;
  before: PlatformService | null;
  after: PlatformService | null;
  asked: Asked;
  follow: FollowResult | null;
  verify: VerifyResult | null;
  dryRun: boolean;
}

export interface ServiceDeps {
  client: PlatformClient;
  /** Health and smoke against the service (deploy/verify.ts). */
  verify: (signal: AbortSignal, onProgress: (t: string) => void) => Promise<VerifyResult>;
  /** Whether the service answers on its own now (GET / 2xx). */
  answers: (signal: AbortSignal) => Promise<boolean>;
  ledger: Ledger;
  notify: Notifier;
  /** The URL of a playbook section. */
  link: (section: (typeof ACTION_SECTION)[ServiceChange['kind']]) => string;
  followMs: number;
  pollMs: number;
  signal: AbortSignal;
  onProgress?: (text: string) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Errors after which a sent act may or may not have happened. */
const UNCERTAIN: readonly string[] = ['RB_NETWORK', 'RB_TIMEOUT', 'RB_INTERRUPTED'];

const shape = (s: PlatformService) =>
  `plan ${s.plan ?? 'unknown'}, ${s.numInstances ?? '?'} instance${s.numInstances === 1 ? '' : 's'}, ${s.suspended ? 'SUSPENDED' : 'running'}`;

/** Why an act would change nothing, or undefined when it would. */
function noChange(a: ServiceChange, s: PlatformService): string | undefined {
  if (a.kind === 'resume' && !s.suspended) return 'it is not suspended: nothing to resume';
  if (a.kind === 'suspend' && s.suspended) return 'it is already suspended';
  if (a.kind === 'scale' && !s.suspended && s.numInstances === a.instances)
    return `it already runs ${a.instances} instance${a.instances === 1 ? '' : 's'}`;
  return undefined;
}

/** Performs the act, follows and verifies it; one ledger record and the Slack notices whatever happens. */
export async function runServiceAction(plan: ServicePlan, deps: ServiceDeps): Promise<ServiceResult> {
  const a = plan.action;
  const c = deps.client;
  const now = deps.now ?? Date.now;
  const progress = (t: string) => deps.onProgress?.(t);
  const what = actionLabel(a);
  const result: ServiceResult = {
    action: a.kind,
    instances: a.kind === 'scale' ? a.instances : null,
    env: plan.env,
    serviceId: c.serviceId,
    ok: true,
    exitCode: EXIT.OK,
    summary: '',
    before: null,
    after: null,
    asked: 'not-sent',
    follow: null,
    verify: null,
    dryRun: plan.dryRun,
  };
  const before = (result.before = await c.service(deps.signal));
  progress(`${plan.env}: ${c.describes}: ${shape(before)}`);
  if (a.kind === 'restart' && before.suspended)
    throw usageError(
      `The service on ${plan.env} is suspended: there is no instance to restart.`,
      `Resume it: npx zx runbooks/service.ts resume ${plan.target} (a resume starts a new instance).`,
    );
  const nothing = noChange(a, before);
  if (nothing) return { ...result, after: before, summary: `Nothing to do on ${plan.env}: ${nothing}.` };
  const follows = a.kind !== 'suspend';
  if (plan.dryRun)
    return {
      ...result,
      summary: `Dry run: would ${a.kind === 'scale' ? `scale ${c.describes} on ${plan.env} to ${a.instances} instance${a.instances === 1 ? '' : 's'}` : `${a.kind} ${c.describes} on ${plan.env}`} (${shape(before)})${follows ? `, follow it on the platform for up to ${formatDuration(deps.followMs)} and verify it with health and smoke` : '; the service would then answer 503 until resumed'}; nothing was changed.`,
    };

  const section = ACTION_SECTION[a.kind];
  const link = {
    label: section === 'suspend' ? 'Suspend and resume' : `Playbook: ${a.kind}`,
    url: deps.link(section),
  };
  deps.notify.send({
    text: `${what[0]!.toUpperCase()}${what.slice(1)} of ${plan.env} (${c.describes}) — by ${plan.operator}`,
    ...(a.kind === 'suspend'
      ? { details: ['The service answers 503 to everyone until it is resumed.'] }
      : {}),
    link,
  });
  let outcome = 'failed';
  let why = '';
  try {
    const base = await followBaseline(c, now(), deps.signal);
    try {
      const r = a.kind === 'scale' ? await c.scale(a.instances, deps.signal) : await c[a.kind](deps.signal);
      result.asked = 'sent';
      progress(`${what} asked: Render's API answered ${r.status}`);
    } catch (e) {
      // A dropped answer, a time-out or Ctrl-C mid-request: the act may have happened. A
      // refusal (a 4xx: the key, the id, a suspended service) did nothing.
      if (deps.signal.aborted || !(e instanceof RunbookError) || UNCERTAIN.includes(e.code))
        result.asked = 'uncertain';
      throw e;
    }
    const f = (result.follow = await followAction(a, base, {
      client: c,
      answers: deps.answers,
      deadlineMs: deps.followMs,
      pollMs: deps.pollMs,
      signal: deps.signal,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    }));
    result.after = f.service;
    if (f.end === 'interrupted') {
      outcome = 'interrupted';
      return {
        ...result,
        ok: false,
        exitCode: EXIT.INTERRUPTED,
        summary: `Interrupted while following the ${what} on ${plan.env} (it was asked: ${f.detail}). Look before acting again: npx zx runbooks/service.ts status ${plan.target}`,
      };
    }
    if (f.end === 'deadline') {
      outcome = 'unconfirmed';
      why = f.detail;
      return {
        ...result,
        ok: false,
        exitCode: EXIT.FAILED,
        summary: `The ${what} of ${plan.env} was asked, but the platform did not confirm it within ${formatDuration(deps.followMs)}: ${f.detail}. Look at the service's events (service.ts status) before acting again.`,
      };
    }
    progress(`${what} took effect after ${formatDuration(f.elapsedMs)}: ${f.detail}`);
    if (a.kind === 'suspend') {
      outcome = 'suspended';
      return {
        ...result,
        summary: `Suspended ${plan.env}: the service now answers 503 to every request until it is resumed (npx zx runbooks/service.ts resume ${plan.target}). Nothing it kept in memory survives a resume.`,
      };
    }
    const v = (result.verify = await deps.verify(deps.signal, progress));
    if (v.verdict === 'interrupted') {
      outcome = 'interrupted';
      return {
        ...result,
        ok: false,
        exitCode: EXIT.INTERRUPTED,
        summary: `The ${what} of ${plan.env} took effect; verification was interrupted.`,
      };
    }
    // A refused key judged nothing of the service: the act stands, unverified (exit 2).
    if (v.keyRefused) {
      outcome = 'unverified';
      why = v.keyRefused.message;
      return {
        ...result,
        ok: false,
        exitCode: EXIT.USAGE,
        summary: `The ${what} of ${plan.env} took effect after ${formatDuration(f.elapsedMs)} (${f.detail}), but it was not verified: ${v.keyRefused.message}${v.keyRefused.hint ? ` ${v.keyRefused.hint}` : ''}`,
      };
    }
    const ok = v.verdict === 'passed' || v.verdict === 'warned';
    outcome = ok ? 'verified' : 'verify-failed';
    why = ok ? '' : v.detail;
    const memoryNote =
      a.kind === 'restart' || a.kind === 'resume'
        ? ' Everything the service kept in memory (caches, duplicate keys, counters) is gone.'
        : '';
    return {
      ...result,
      ok,
      exitCode: ok ? EXIT.OK : EXIT.FAILED,
      summary: `${ok ? 'Done' : 'Done, but verification FAILED'}: ${what} of ${plan.env} took effect after ${formatDuration(f.elapsedMs)} (${f.detail}); ${v.detail}.${memoryNote}`,
    };
  } catch (e) {
    outcome = deps.signal.aborted ? 'interrupted' : 'errored';
    if (!(e instanceof RunbookError)) throw e;
    why = e.message;
    if (result.asked === 'not-sent') throw e;
    if (deps.signal.aborted)
      return {
        ...result,
        ok: false,
        exitCode: EXIT.INTERRUPTED,
        summary: `Interrupted while following the ${what} on ${plan.env} (it ${result.asked === 'uncertain' ? 'may have been' : 'was'} asked). Look before acting again: npx zx runbooks/service.ts status ${plan.target}`,
      };
    return {
      ...result,
      ok: false,
      exitCode: exitCodeFor(e.code as ErrorCode),
      summary: `The ${what} of ${plan.env} ${result.asked === 'uncertain' ? 'may have been sent' : 'was sent'}, then: ${e.message}${e.hint ? ` ${e.hint}` : ''} Look at the service's events (service.ts status ${plan.target}) before acting again.`,
    };
  } finally {
    deps.ledger.append({
      kind: 'service',
      env: plan.env,
      operator: plan.operator,
      action: a.kind,
      ...(a.kind === 'scale' ? { instances: a.instances, from: before.numInstances } : {}),
      serviceId: c.serviceId,
      source: c.source,
      asked: result.asked,
      outcome,
      ...(why ? { detail: why } : {}),
      events: result.follow?.events.map((e) => e.type) ?? [],
      verified: result.verify
        ? result.verify.verdict === 'passed' || result.verify.verdict === 'warned'
        : null,
    });
    deps.notify.send({
      text: `${what[0]!.toUpperCase()}${what.slice(1)} of ${plan.env}: ${outcome.toUpperCase()}${why ? ` — ${why}` : ''}`,
      ...(outcome === 'suspended'
        ? { details: [`Resume with: npx zx runbooks/service.ts resume ${plan.target}`] }
        : {}),
      link,
    });
  }
}
